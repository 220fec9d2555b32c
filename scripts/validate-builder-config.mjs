// Validates electron-builder.yml against app-builder-lib's own JSON schema (no build, no network).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import yaml from 'js-yaml';

const require = createRequire(import.meta.url);
const schema = require('app-builder-lib/scheme.json');
const file = process.argv[2] ?? 'electron-builder.yml';
const config = yaml.load(readFileSync(file, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const validate = ajv.compile(schema);
if (validate(config)) {
  console.log(`${file}: valid against app-builder-lib/scheme.json`);
} else {
  console.error(`${file}: invalid\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  process.exit(1);
}
