/**
 * The SARIF 2.1.0 JSON schema, as Microsoft's SARIF SDK publishes it
 * (sarif-2.1.0-rtm.5, shipped in the npm package @microsoft/jest-sarif), and
 * a validator for it: ajv 6, the draft-04 validator that package itself uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

export const SARIF_SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as { id: string; title: string };

const ajv = new Ajv({ schemaId: 'auto', allErrors: true, format: 'full' });
ajv.addMetaSchema(
  JSON.parse(readFileSync(require.resolve('ajv/lib/refs/json-schema-draft-04.json'), 'utf8')),
);
const validate = ajv.compile(schema);

export const SARIF_SCHEMA_TITLE = schema.title;

/** Every way `log` breaks the schema, one line each; empty when it is a valid SARIF 2.1.0 log. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.dataPath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}
