// Wording shared by the generated artefacts, so that the ADML, the JSON Schema and the docs say the same thing.
import type { PolicyDefinition } from '../../main/core/policy/schema';

export type Language = 'fr' | 'en';

export const REGISTRY_KEY = 'Software\\Policies\\Bastide';
export const LINUX_POLICY_FILE = '/etc/bastide/policies.json';
export const GENERATED_BY = 'scripts/policies/generate.mjs';
export const SCHEMA_SOURCE = 'main/core/policy/schema.ts';

export type RegistryType = 'REG_DWORD' | 'REG_SZ' | 'REG_MULTI_SZ';

export function registryType(definition: PolicyDefinition): RegistryType {
  switch (definition.type) {
    case 'boolean':
    case 'number':
      return 'REG_DWORD';
    case 'string':
    case 'enum':
      return 'REG_SZ';
    case 'string-list':
    case 'accounts-json':
      return 'REG_MULTI_SZ';
  }
}

const typeNames: Record<PolicyDefinition['type'], Record<Language, string>> = {
  boolean: { fr: 'booléen', en: 'boolean' },
  string: { fr: 'texte', en: 'string' },
  enum: { fr: 'choix', en: 'choice' },
  number: { fr: 'nombre', en: 'number' },
  'string-list': { fr: 'liste de textes', en: 'list of strings' },
  'accounts-json': { fr: 'comptes (JSON)', en: 'accounts (JSON)' },
};

export const typeName = (definition: PolicyDefinition, language: Language) => typeNames[definition.type][language];

export function formatDefault(definition: PolicyDefinition, language: Language): string {
  const value: unknown = definition.default;
  if (typeof value === 'boolean') {
    return language === 'fr' ? (value ? 'activée' : 'désactivée') : value ? 'enabled' : 'disabled';
  }
  if (value === '') return language === 'fr' ? '(vide)' : '(empty)';
  if (Array.isArray(value) && value.length === 0) return language === 'fr' ? '(liste vide)' : '(empty list)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function enforcementText(definition: PolicyDefinition, language: Language): string {
  if (definition.enforcement === 'default') {
    return language === 'fr' ? 'valeur par défaut, modifiable par l’agent' : 'default value, the user may change it';
  }
  return language === 'fr' ? 'verrouillé' : 'locked';
}

/** "off (Désactivées), notify (…)" for a choice. */
export function enumValuesText(definition: PolicyDefinition, language: Language): string | null {
  if (definition.type !== 'enum') return null;
  return definition.values.map((item) => `${item.value} (${item.label[language]})`).join(', ');
}

export const supportedOnText = (since: string, language: Language) =>
  language === 'fr' ? `Bastide ${since} ou ultérieur` : `Bastide ${since} or later`;
