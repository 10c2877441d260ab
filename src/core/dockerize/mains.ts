/**
 * Which main package is the service, when a module has several: each is
 * ranked by what its code does (a listener) and by where it lives (cmd/<name>d,
 * cmd/server, cmd/api, the module's own name rank up; examples, tools, tests
 * and scripts folders rank out). dockerize takes one without asking only when
 * it is clearly the service; otherwise the candidates are shown, each with
 * its port and its cgo evidence, for a person (or --main) to choose.
 */
import type { MainInspection, MainPackage } from './inspect.js';

/** Folders whose mains are not the program a module ships. */
const ASIDE =
  /^(?:_?examples?|_?samples?|demos?|tools?|hack|scripts?|tests?|testing|e2e|integration|bench(?:marks?)?|contrib|docs?|internal\/tools)$/;
/** Names a server's main package usually has. */
const SERVER_NAMES = /^(?:server|api|service|svc|web|http|httpd|serve|daemon|gateway|backend|app)$/;

export interface MainCandidate {
  main: MainPackage;
  found: MainInspection;
  /** In an examples, tools, tests or scripts folder. */
  aside: boolean;
  /** Why it ranks where it does, in words: "a listener", "cmd/<name>d". */
  reasons: string[];
  score: number;
}

function elements(dir: string): string[] {
  return dir
    .replace(/^\.\/?/, '')
    .split('/')
    .filter(Boolean);
}

/** The last element of the module path without a /vN suffix: `wtf` for github.com/benbjohnson/wtf/v2. */
function moduleName(module: string | undefined): string | undefined {
  const parts = (module ?? '').split('/');
  const last = parts[parts.length - 1];
  return last !== undefined && /^v\d+$/.test(last) && parts.length > 1 ? parts[parts.length - 2] : last;
}

export function rankMains(found: readonly MainInspection[], module: string | undefined): MainCandidate[] {
  const bases = new Set(found.map((one) => elements(one.main.dir).pop() ?? ''));
  const own = moduleName(module);
  return found
    .map((one, order) => {
      const parts = elements(one.main.dir);
      const base = parts[parts.length - 1] ?? own ?? '';
      const aside = parts.some((part, index) => ASIDE.test(part) || ASIDE.test(parts.slice(index).join('/')));
      const reasons: string[] = [];
      let score = 0;
      if (one.port.verdict !== 'no-listener') {
        score += 4;
        reasons.push('a listener');
      } else reasons.push('no listener');
      if (base.endsWith('d') && (bases.has(base.slice(0, -1)) || base.slice(0, -1) === own)) {
        score += 2;
        reasons.push(`${base}: the daemon of ${base.slice(0, -1)}`);
      } else if (SERVER_NAMES.test(base)) {
        score += 2;
        reasons.push(`${base}: a server's name`);
      } else if (parts.length === 0 || base === own) {
        score += 1;
        reasons.push("the module's own name");
      }
      if (aside) reasons.push('in an examples, tools or tests folder');
      return { main: one.main, found: one, aside, reasons, score, order };
    })
    .sort((a, b) => Number(a.aside) - Number(b.aside) || b.score - a.score || a.order - b.order)
    .map(({ main, found: inspected, aside, reasons, score }) => ({
      main,
      found: inspected,
      aside,
      reasons,
      score,
    }));
}

/**
 * The candidate that is clearly the service, or undefined when a person must
 * choose: the only main outside examples and tools; else the only one of
 * them with a listener; else, among those with a listener, the only one with
 * the best name.
 */
export function clearService(ranked: readonly MainCandidate[]): MainCandidate | undefined {
  if (ranked.length === 1) return ranked[0];
  const inPlay = ranked.some((candidate) => !candidate.aside)
    ? ranked.filter((candidate) => !candidate.aside)
    : [...ranked];
  if (inPlay.length === 1) return inPlay[0];
  const listening = inPlay.filter((candidate) => candidate.found.port.verdict !== 'no-listener');
  if (listening.length === 1) return listening[0];
  if (listening.length === 0) return undefined;
  const best = Math.max(...listening.map((candidate) => candidate.score));
  const top = listening.filter((candidate) => candidate.score === best);
  return top.length === 1 ? top[0] : undefined;
}

/** One line per candidate: where it is, its port and its cgo evidence. */
export function describeCandidate(candidate: MainCandidate): string {
  const { port, cgo } = candidate.found;
  const first = port.evidence.find((hint) => !hint.secondary);
  const listens =
    port.verdict === 'found' && first
      ? `port ${port.port} (${first.file}:${first.line})`
      : port.verdict === 'ambiguous'
        ? `ports ${port.candidates.join(' or ')}`
        : port.verdict === 'unresolved'
          ? 'a listener, port not in the code'
          : 'no listener';
  const cgoText =
    cgo.uses.length === 0
      ? 'no cgo'
      : `cgo: ${cgo.uses[0]?.what.replace(/ \(.*$/, '')} (${cgo.uses[0]?.at.file}:${cgo.uses[0]?.at.line})`;
  return `${candidate.main.dir}: ${listens}; ${cgoText}${candidate.aside ? '; examples/tools' : ''}`;
}
