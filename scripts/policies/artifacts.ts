// Every file generated from the policy schema, by path from the repository root.
import { admlLanguages, renderAdml, renderAdmx } from './render-admx';
import { renderAdminPoliciesDoc } from './render-docs';
import { renderJsonSchema, renderPolicyExample } from './render-json-schema';

export const ADMX_PATH = 'build/policies/windows/bastide.admx';
export const admlPath = (locale: string) => `build/policies/windows/${locale}/bastide.adml`;
export const JSON_SCHEMA_PATH = 'build/policies/linux/policies.schema.json';
export const EXAMPLE_PATH = 'build/policies/linux/policies.example.json';
/** Formatted with the repository's Prettier configuration by generate.mjs before it is written or compared. */
export const DOC_PATH = 'docs/admin-policies.md';

export function renderPolicyArtifacts(): Record<string, string> {
  return {
    [ADMX_PATH]: renderAdmx(),
    ...Object.fromEntries(
      Object.entries(admlLanguages).map(([locale, language]) => [admlPath(locale), renderAdml(language)]),
    ),
    [JSON_SCHEMA_PATH]: renderJsonSchema(),
    [EXAMPLE_PATH]: renderPolicyExample(),
    [DOC_PATH]: renderAdminPoliciesDoc(),
  };
}
