/**
 * What dockerize found, in words, for the person who ran it: printed before
 * any question, so each answer is given knowing what the code says.
 */
import type { MainInspection, ModuleHeader, ModuleInspection } from './inspect.js';

function versions(inspection: ModuleHeader): string {
  const lines = [
    inspection.go === undefined ? 'no go line' : `go ${inspection.go}`,
    ...(inspection.toolchain === undefined ? [] : [`toolchain go${inspection.toolchain}`]),
  ].join(', ');
  const image = inspection.builderImage ?? 'the strategy default';
  return `${lines}: builder image ${image}`;
}

/** The module (or workspace), its Go version and builder image, and a go.work above it: one line, or two. */
export function moduleLines(inspection: ModuleHeader): string {
  const what =
    inspection.kind === 'workspace'
      ? `Workspace (go.work) with ${inspection.modules.map((module) => `${module.path} in ${module.dir}`).join(', ')}`
      : `Module ${inspection.module}`;
  const lines = [`${what} (${versions(inspection)})`];
  if (inspection.enclosingWorkspace)
    lines.push(
      `Note: ${inspection.enclosingWorkspace} is above this module; the image is built from this folder alone, without it (GOWORK=off).`,
    );
  return `${lines.join('\n')}\n`;
}

/** The main packages, and how they were found. */
export function mainsLine(inspection: ModuleInspection): string {
  const via =
    inspection.via === 'go list' ? 'go list' : `a parse of the folders; go list: ${inspection.goListProblem}`;
  return inspection.mains.length === 0
    ? `Main packages: none (found by ${via})\n`
    : `Main packages (found by ${via}): ${inspection.mains.map((main) => main.dir).join(', ')}\n`;
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

/** The evidence behind the chosen main's port, cgo and files, indented under the progress lines. */
export function mainReport(found: MainInspection): string {
  const lines: string[] = [];
  const { port } = found;
  for (const hint of port.evidence.slice(0, 4)) {
    const role = hint.secondary
      ? ' (a side listener: not exposed)'
      : hint.kind === 'address-literal'
        ? ' (a loose address: a hint only)'
        : '';
    lines.push(`  ${hint.kind} ${hint.port}: ${hint.text} (${hint.file}:${hint.line})${role}`);
  }
  if (port.verdict !== 'no-listener')
    lines.push(
      port.portEnv
        ? `  $PORT is read (${port.portEnv.file}:${port.portEnv.line})${port.portEnvDefault === undefined ? '' : `, default ${port.portEnvDefault}`}`
        : "  $PORT is not read: the port is the program's own default",
    );
  for (const optional of found.cgo.optional)
    lines.push(
      `  ${optional.file}:${optional.line}: import "C" only under the cgo tag; CGO_ENABLED=0 leaves it out`,
    );
  for (const note of found.cgo.notes) lines.push(`  note: ${note}`);
  for (const copy of found.runtime.copies)
    lines.push(
      `  reads ${copy.from}${copy.directory ? '/' : ''} (${copy.readAt.map((at) => `${at.file}:${at.line}`).join(', ')})`,
    );
  for (const folder of found.runtimeFolders) {
    if (folder.embedded)
      lines.push(
        `  ${folder.dir}/: embedded (${folder.embeddedAt?.file}:${folder.embeddedAt?.line}), inside the binary`,
      );
    else if (folder.referencedAt.length > 0)
      lines.push(
        `  ${folder.dir}/: on disk, named at ${folder.referencedAt.map((at) => `${at.file}:${at.line}`).join(', ')}`,
      );
  }
  for (const embed of found.embeds.filter(
    (use) =>
      !found.runtimeFolders.some(
        (folder) => folder.embeddedAt?.line === use.line && folder.embeddedAt.file === use.file,
      ),
  ))
    lines.push(`  embedded: ${embed.pattern} (${embed.file}:${embed.line})`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
