/**
 * What dockerize found, in words, for the person who ran it: printed before
 * any question, so each answer is given knowing what the code says.
 */
import type { MainInspection, ModuleInspection } from './inspect.js';

function versions(inspection: ModuleInspection): string {
  const lines = [
    inspection.go === undefined ? 'no go line' : `go ${inspection.go}`,
    ...(inspection.toolchain === undefined ? [] : [`toolchain go${inspection.toolchain}`]),
  ].join(', ');
  const image = inspection.builderImage ?? 'the strategy default';
  return `${lines}: builder image ${image}`;
}

/** The module, its Go version and image, and its main packages. */
export function moduleReport(inspection: ModuleInspection): string {
  const what =
    inspection.kind === 'workspace'
      ? `Workspace (go.work) with ${inspection.modules.map((module) => `${module.path} in ${module.dir}`).join(', ')}`
      : `Module ${inspection.module}`;
  const lines = [`${what} (${versions(inspection)})`];
  const via =
    inspection.via === 'go list' ? 'go list' : `a parse of the folders; go list: ${inspection.goListProblem}`;
  lines.push(
    inspection.mains.length === 0
      ? `Main packages: none (found by ${via})`
      : `Main packages (found by ${via}): ${inspection.mains.map((main) => main.dir).join(', ')}`,
  );
  if (inspection.enclosingWorkspace)
    lines.push(
      `Note: ${inspection.enclosingWorkspace} is above this module; the image is built from this folder alone, without it (GOWORK=off).`,
    );
  return `${lines.join('\n')}\n`;
}

/** The chosen main package: port and evidence, cgo, runtime folders and embeds. */
export function mainReport(found: MainInspection): string {
  const lines: string[] = [];
  const { port } = found;
  const strongest = port.evidence[0];
  lines.push(
    strongest
      ? `Port ${strongest.port}: ${strongest.text} (${strongest.file}:${strongest.line})`
      : 'Port: no hint in the code',
  );
  for (const other of port.evidence.slice(1, 4))
    lines.push(`  also ${other.port}: ${other.text} (${other.file}:${other.line})`);
  lines.push(
    port.portEnv
      ? `  $PORT is read (${port.portEnv.file}:${port.portEnv.line}): the image sets PORT to the chosen port`
      : '  $PORT is not read: the port is fixed in the code',
  );
  if (found.cgo.uses.length === 0) lines.push('cgo: not used (a static binary, CGO_ENABLED=0)');
  else lines.push(...found.cgo.uses.map((use) => `cgo: ${use.what} (${use.at.file}:${use.at.line})`));
  for (const optional of found.cgo.optional)
    lines.push(
      `  ${optional.file}:${optional.line}: import "C" only under the cgo tag; CGO_ENABLED=0 leaves it out`,
    );
  for (const note of found.cgo.notes) lines.push(`  note: ${note}`);
  for (const folder of found.runtimeFolders) {
    if (folder.embedded)
      lines.push(
        `Runtime folder ${folder.dir}/: embedded (${folder.embeddedAt?.file}:${folder.embeddedAt?.line}), inside the binary`,
      );
    else {
      const named = folder.referencedAt.map((at) => `${at.file}:${at.line}`).join(', ');
      lines.push(
        `Runtime folder ${folder.dir}/: on disk${named ? `, named at ${named}` : ''}; the program reads it at run time unless embedded`,
      );
    }
  }
  for (const embed of found.embeds.filter(
    (use) =>
      !found.runtimeFolders.some(
        (folder) => folder.embeddedAt?.line === use.line && folder.embeddedAt.file === use.file,
      ),
  ))
    lines.push(`Embedded: ${embed.pattern} (${embed.file}:${embed.line})`);
  return `${lines.join('\n')}\n`;
}
