// The JSON Schema and the example for /etc/bastide/policies.json. Value schemas come from the same zod validators
// the app runs, converted by zod itself, so the file an editor accepts is the file Bastide accepts.
import { z } from 'zod';
import { policyDefinitions, policyValueSchema, type PolicyDefinition } from '../../main/core/policy/schema';
import { enumValuesText, LINUX_POLICY_FILE } from './describe';

const definitions = policyDefinitions as readonly PolicyDefinition[];

function valueSchema(definition: PolicyDefinition): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(policyValueSchema(definition), {
    target: 'draft-7',
    io: 'input',
  }) as Record<string, unknown>;
  return schema;
}

function describe(definition: PolicyDefinition): string {
  const values = enumValuesText(definition, 'fr');
  return [definition.description.fr, definition.description.en, ...(values ? [values] : [])].join('\n\n');
}

export function renderJsonSchema(): string {
  const policies = Object.fromEntries(
    definitions.map((definition) => [
      definition.name,
      {
        title: `${definition.title.fr} / ${definition.title.en}`,
        description: describe(definition),
        default: definition.default,
        examples: [definition.example],
        ...valueSchema(definition),
      },
    ]),
  );
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Bastide — stratégies / policies',
    description: `${LINUX_POLICY_FILE} (root:root, 0644). Généré depuis / generated from main/core/policy/schema.ts.`,
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      policies: { type: 'object', properties: policies, additionalProperties: false },
    },
    required: ['policies'],
    additionalProperties: false,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function renderPolicyExample(): string {
  const policies = Object.fromEntries(definitions.map((definition) => [definition.name, definition.example]));
  return `${JSON.stringify({ policies }, null, 2)}\n`;
}
