/**
 * The long fuzz run: `npm run fuzz -- --cases N [--seed S] [--dockerize-every K] [--save DIR]`.
 * Prints the seed and the counts; with --save, writes each kept finding's
 * input to DIR for a test to be made of it. Exits 1 when anything was found.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runFuzz } from '../test/fuzz/fuzz.js';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}

const seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
const cases = Number(option('cases') ?? 20_000);
const dockerizeEvery = Number(option('dockerize-every') ?? 25);
const save = option('save');
if (!Number.isInteger(seed) || !Number.isInteger(cases) || cases < 1 || !Number.isInteger(dockerizeEvery)) {
  console.error('usage: npm run fuzz -- --cases N [--seed S] [--dockerize-every K] [--save DIR]');
  process.exit(2);
}

const started = Date.now();
const report = runFuzz({ seed, cases, dockerizeEvery, keepFindings: 50 });
const seconds = (Date.now() - started) / 1000;
const { counts } = report;
const found = Object.values(counts.findings).reduce((sum, n) => sum + n, 0);
console.log(`fuzz seed ${seed}: ${counts.cases} cases in ${seconds.toFixed(1)} s`);
console.log(
  `  convert: ${counts.converted} converted, ${counts.alreadyMinimal} already minimal, ${counts.refused} refused, ` +
    `${counts.decodeRefused} not text; ${counts.reconverted} re-conversions`,
);
console.log(
  `  dockerize: ${counts.dockerizeCases} modules, ${counts.dockerizeRendered} rendered, ${counts.dockerizeRefused} refused`,
);
console.log(
  `  findings: ${found} (${Object.entries(counts.findings)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')})`,
);
for (const finding of report.findings.slice(0, 10)) {
  console.log(`\n#${finding.caseNumber} ${finding.kind} [${finding.mutations.join(', ')}]`);
  console.log(`input: ${JSON.stringify(finding.input)}`);
  console.log(finding.detail.split('\n').slice(0, 30).join('\n'));
}
if (save) {
  mkdirSync(save, { recursive: true });
  report.findings.forEach((finding, index) => {
    writeFileSync(path.join(save, `${index}-${finding.kind}.json`), `${JSON.stringify(finding, null, 2)}\n`);
  });
}
process.exitCode = found > 0 ? 1 : 0;
