import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyDefinitions, policyValueSchema, type PolicyDefinition } from '../../main/core/policy/schema';
import { ADMX_PATH, admlPath, DOC_PATH, EXAMPLE_PATH, JSON_SCHEMA_PATH, renderPolicyArtifacts } from './artifacts';
import { parseXml, type XmlElement } from './parse-xml';

const definitions = policyDefinitions as readonly PolicyDefinition[];
const artifacts = renderPolicyArtifacts();
const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const repo = join(import.meta.dirname, '../..');
const run = promisify(execFile);

const children = (element: XmlElement, name: string) => [...element.getElementsByTagNameNS(NS, name)];
const attribute = (element: XmlElement, name: string) => element.getAttribute(name) ?? '';
const reference = (value: string, kind: 'string' | 'presentation') =>
  new RegExp(`^\\$\\(${kind}\\.(.+)\\)$`).exec(value)?.[1];

describe('ADMX and ADML', () => {
  const admx = parseXml(artifacts[ADMX_PATH]!);
  const admls = { fr: parseXml(artifacts[admlPath('fr-FR')]!), en: parseXml(artifacts[admlPath('en-US')]!) };
  const policies = children(admx.documentElement, 'policy');
  const policyNamed = (name: string) => policies.find((policy) => attribute(policy, 'name') === name)!;

  it('are well-formed policy definition files', () => {
    expect(admx.documentElement.localName).toBe('policyDefinitions');
    expect(admx.documentElement.namespaceURI).toBe(NS);
    expect(children(admx.documentElement, 'target')[0]?.getAttribute('namespace')).toBe('Bastide.Policies.Bastide');
    for (const adml of Object.values(admls)) {
      expect(adml.documentElement.localName).toBe('policyDefinitionResources');
      expect(adml.documentElement.namespaceURI).toBe(NS);
    }
    expect(() => parseXml('<policyDefinitions><policy></policyDefinitions>')).toThrow(/not well-formed/);
  });

  it('define every policy once, for machine and user, under Software\\Policies\\Bastide', () => {
    expect(policies.map((policy) => attribute(policy, 'name'))).toEqual(definitions.map((d) => d.name));
    for (const policy of policies) {
      expect(attribute(policy, 'class')).toBe('Both');
      expect(attribute(policy, 'key')).toBe('Software\\Policies\\Bastide');
    }
  });

  it('keep the child order the ADMX schema requires', () => {
    const order = ['parentCategory', 'supportedOn', 'enabledValue', 'disabledValue', 'elements'];
    for (const policy of policies) {
      const names = [...policy.children].map((child) => child.localName);
      const positions = names.map((name) => order.indexOf(name));
      expect(positions, attribute(policy, 'name')).not.toContain(-1);
      expect(positions, attribute(policy, 'name')).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('write booleans as DWORD 1/0 and give every other type a registry element named after the policy', () => {
    for (const definition of definitions) {
      const policy = policyNamed(definition.name);
      if (definition.type === 'boolean') {
        expect(attribute(policy, 'valueName')).toBe(definition.name);
        const decimal = (name: string) => children(children(policy, name)[0]!, 'decimal')[0]?.getAttribute('value');
        expect(decimal('enabledValue')).toBe('1');
        expect(decimal('disabledValue')).toBe('0');
        continue;
      }
      const element = children(policy, 'elements')[0]?.firstElementChild;
      const expectedTag = {
        string: 'text',
        number: 'decimal',
        enum: 'enum',
        'string-list': 'multiText',
        'accounts-json': 'multiText',
      }[definition.type];
      expect(element?.localName, definition.name).toBe(expectedTag);
      expect(attribute(element!, 'valueName')).toBe(definition.name);
      if (definition.type === 'enum') {
        const values = children(element!, 'string').map((node) => node.textContent);
        expect(values).toEqual(definition.values.map((item) => item.value));
      }
    }
  });

  it('resolve every category and supportedOn reference', () => {
    const categories = new Set(children(admx.documentElement, 'category').map((c) => attribute(c, 'name')));
    const supported = new Set(children(admx.documentElement, 'definition').map((d) => attribute(d, 'name')));
    for (const ref of children(admx.documentElement, 'parentCategory'))
      expect(categories).toContain(attribute(ref, 'ref'));
    for (const policy of policies) expect(supported).toContain(attribute(children(policy, 'supportedOn')[0]!, 'ref'));
  });

  it.each(['fr', 'en'] as const)('find every string and presentation in the %s ADML', (language) => {
    const adml = admls[language];
    const strings = new Map(
      children(adml.documentElement, 'string').map((s) => [attribute(s, 'id'), s.textContent ?? '']),
    );
    const presentations = new Map(children(adml.documentElement, 'presentation').map((p) => [attribute(p, 'id'), p]));
    const stringRefs = [...artifacts[ADMX_PATH]!.matchAll(/\$\(string\.([^)]+)\)/g)].map((m) => m[1]!);
    expect(stringRefs.length).toBeGreaterThan(definitions.length * 2);
    for (const id of stringRefs) expect(strings.has(id), id).toBe(true);

    for (const definition of definitions) {
      const policy = policyNamed(definition.name);
      expect(strings.get(attribute(policy, 'displayName').slice(9, -1))).toBe(definition.title[language]);
      expect(strings.get(reference(attribute(policy, 'explainText'), 'string')!)).toContain(
        definition.description[language],
      );
      const presentationId = reference(attribute(policy, 'presentation'), 'presentation');
      if (definition.type === 'boolean') {
        expect(presentationId).toBeUndefined();
        continue;
      }
      const presentation = presentations.get(presentationId!);
      expect(presentation, definition.name).toBeDefined();
      const controls = [...presentation!.children].filter((child) => child.localName !== 'text');
      const elementIds = [...children(policy, 'elements')[0]!.children].map((element) => attribute(element, 'id'));
      expect(controls.map((control) => attribute(control, 'refId'))).toEqual(elementIds);
      if (definition.type === 'enum') {
        const defaultItem = Number(attribute(controls[0]!, 'defaultItem'));
        expect(definition.values[defaultItem]?.value).toBe(definition.default);
      }
    }
  });
});

describe('JSON Schema and example for /etc/bastide/policies.json', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(artifacts[JSON_SCHEMA_PATH]!));
  const example = JSON.parse(artifacts[EXAMPLE_PATH]!);

  it('sets every policy in the example, which the schema accepts', () => {
    expect(Object.keys(example.policies)).toEqual(definitions.map((d) => d.name));
    expect(validate(example), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('rejects what the app rejects', () => {
    expect(validate({ policies: { ...example.policies, UpdateMode: 'sometimes' } })).toBe(false);
    expect(validate({ policies: { UpdateEverything: true } })).toBe(false);
    expect(validate({ UpdateMode: 'off' })).toBe(false);
  });

  it('agrees with the zod validators, value by value', () => {
    const wrong: Record<PolicyDefinition['type'], unknown[]> = {
      boolean: ['true', 1, null],
      string: [42, 'relative/path', 'http://x.example', ' '],
      enum: ['sometimes', 0],
      number: [0, 1.5, 1000, '6'],
      'string-list': ['*.example.org', [''], ['https://x.example'], [3]],
      'accounts-json': [{}, [{}], [{ kind: 'imap', label: 'x', serverUrl: 'https://x.example' }]],
    };
    for (const definition of definitions) {
      for (const value of [definition.default, definition.example, ...wrong[definition.type]]) {
        const byZod = policyValueSchema(definition).safeParse(value).success;
        const byAjv = validate({ policies: { [definition.name]: value } });
        expect(byAjv, `${definition.name} = ${JSON.stringify(value)}`).toBe(byZod);
      }
    }
  });
});

describe('docs/admin-policies.md', () => {
  it('lists every policy in the French and in the English table', () => {
    const doc = artifacts[DOC_PATH]!;
    const [french, english] = doc.split('## English');
    for (const definition of definitions) {
      expect(french).toContain(`\`${definition.name}\` — ${definition.title.fr}`);
      expect(english).toContain(`\`${definition.name}\` — ${definition.title.en}`);
    }
  });
});

describe('generate.mjs --check', () => {
  let root = '';
  const generate = (...args: string[]) =>
    run(process.execPath, [join(repo, 'scripts/policies/generate.mjs'), ...args]).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bastide-policies-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('passes on the checked-in files', async () => {
    const result = await generate('--check');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails on missing files, passes once generated, and names the file that drifted', async () => {
    const missing = await generate('--check', '--root', root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${ADMX_PATH}: missing`);

    expect((await generate('--root', root)).code).toBe(0);
    expect((await generate('--check', '--root', root)).code).toBe(0);
    const written = await readFile(join(root, DOC_PATH), 'utf8');
    expect(written).toBe(await readFile(join(repo, DOC_PATH), 'utf8'));

    const adml = join(root, admlPath('fr-FR'));
    await writeFile(adml, (await readFile(adml, 'utf8')).replace('Comptes préconfigurés', 'Comptes'));
    const drift = await generate('--check', '--root', root);
    expect(drift.code).toBe(1);
    expect(drift.stderr).toMatch(/build\/policies\/windows\/fr-FR\/bastide\.adml: differs, line \d+/);
    expect(drift.stderr).not.toContain(ADMX_PATH);
    expect(drift.stderr).toContain('Run: node scripts/policies/generate.mjs');
  });
});
