/**
 * Defaults for the OCI image labels (org.opencontainers.image.*) that the
 * generated Dockerfiles set through build args.
 */

/**
 * Forges whose module paths name the repository: host, then how many path
 * elements after the host make the repository (0: all of them, as GitLab
 * groups can nest).
 */
const FORGES: ReadonlyArray<readonly [host: string, repoElements: number]> = [
  ['github.com', 2],
  ['bitbucket.org', 2],
  ['codeberg.org', 2],
  ['git.sr.ht', 2],
  ['gitlab.com', 0],
];

/**
 * The repository's web address for a module path on a known forge, for the
 * `org.opencontainers.image.source` label, or '' when the module path does not
 * say where the source lives (example.com/hello, a company domain, `hello`).
 */
export function sourceUrlFor(modulePath: string): string {
  const [host, ...rest] = modulePath.split('/');
  const forge = FORGES.find(([name]) => name === host);
  if (!forge) return '';
  // A major version suffix (/v2) is not part of the repository's name.
  const elements =
    rest.length > 0 && /^v[2-9][0-9]*$/.test(rest[rest.length - 1] ?? '') ? rest.slice(0, -1) : rest;
  const repo = forge[1] === 0 ? elements : elements.slice(0, forge[1]);
  if (repo.length < 2 || repo.some((element) => element === '')) return '';
  return `https://${host}/${repo.join('/')}`;
}
