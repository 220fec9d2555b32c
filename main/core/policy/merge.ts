import {
  defaultSettings,
  policyDefinitions,
  policyItemSchema,
  policyValueSchema,
  type ManagedSettings,
  type PolicyDefinition,
  type PolicyName,
  type PolicyValues,
  type SettingKey,
} from './schema';

// Reading policies never throws: a broken file, an unreadable registry or a bad entry is dropped with a warning
// the UI shows (translated from its code) and the log records. Dropping is fail-open by design (an invalid
// policy file must not brick thousands of desktops), so list items are validated one by one to keep as much of
// an administrator's intent as possible.

export const LINUX_POLICY_PATH = '/etc/bastide/policies.json';

export type PolicyOrigin = 'file' | 'HKLM' | 'HKCU';

export type PolicyWarningCode =
  | 'policy.fileUnreadable'
  | 'policy.fileInsecure'
  | 'policy.fileInvalidJson'
  | 'policy.fileInvalidShape'
  | 'policy.registryUnreadable'
  | 'policy.unknownPolicy'
  | 'policy.invalidValue'
  | 'policy.invalidItem';

export interface PolicyWarning {
  code: PolicyWarningCode;
  params: Record<string, string | number>;
}

export interface PolicyReadResult {
  policies: Partial<PolicyValues>;
  /** Where each policy in `policies` came from. */
  origins: Partial<Record<PolicyName, PolicyOrigin>>;
  warnings: PolicyWarning[];
}

/** REG_SZ → string, REG_DWORD → number, REG_MULTI_SZ → string[]. */
export type RegistryValue = string | number | readonly string[];
/** The values under `Software\Policies\Bastide` in one hive, by value name. */
export type RegistryValues = Readonly<Record<string, RegistryValue>>;

export interface PolicyFile {
  text: string;
  /** A file anyone can write cannot be trusted to carry an administrator's decisions. */
  worldWritable: boolean;
}

/** Where policies come from; the Electron side plugs in the Windows registry. */
export interface PolicySource {
  readWindowsRegistry(): Promise<{ hklm: RegistryValues; hkcu: RegistryValues }>;
  /** Null when the file does not exist. */
  readLinuxFile(path: string): Promise<PolicyFile | null>;
}

const emptyResult = (warnings: PolicyWarning[] = []): PolicyReadResult => ({ policies: {}, origins: {}, warnings });

function validateEntry(
  definition: PolicyDefinition,
  raw: unknown,
  origin: PolicyOrigin,
  warnings: PolicyWarning[],
): unknown {
  const itemSchema = policyItemSchema(definition);
  if (itemSchema && Array.isArray(raw)) {
    const kept = raw.filter((item, index) => {
      const valid = itemSchema.safeParse(item).success;
      if (!valid) warnings.push({ code: 'policy.invalidItem', params: { origin, policy: definition.name, index } });
      return valid;
    });
    // A list whose every item is wrong says nothing usable; treating it as empty could widen what it restricts.
    if (raw.length > 0 && kept.length === 0) raw = undefined;
    else raw = kept.map((item) => itemSchema.parse(item));
  }
  const parsed = policyValueSchema(definition).safeParse(raw);
  if (parsed.success) return parsed.data;
  warnings.push({ code: 'policy.invalidValue', params: { origin, policy: definition.name } });
  return undefined;
}

function collect(
  entries: Iterable<[string, unknown]>,
  origin: PolicyOrigin,
  lookup: (name: string) => PolicyDefinition | undefined,
  coerce: (definition: PolicyDefinition, raw: unknown) => unknown = (_definition, raw) => raw,
): PolicyReadResult {
  const result = emptyResult();
  const policies = result.policies as Record<string, unknown>;
  for (const [name, raw] of entries) {
    const definition = lookup(name);
    if (!definition) {
      result.warnings.push({ code: 'policy.unknownPolicy', params: { origin, policy: name } });
      continue;
    }
    const value = validateEntry(definition, coerce(definition, raw), origin, result.warnings);
    if (value === undefined) continue;
    policies[definition.name] = value;
    result.origins[definition.name as PolicyName] = origin;
  }
  return result;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses `/etc/bastide/policies.json`: `{ "policies": { "UpdateMode": "notify", … } }`. */
export function readLinuxPolicies(text: string, path: string = LINUX_POLICY_PATH): PolicyReadResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return emptyResult([{ code: 'policy.fileInvalidJson', params: { path } }]);
  }
  if (!isPlainObject(document) || !isPlainObject(document.policies)) {
    return emptyResult([{ code: 'policy.fileInvalidShape', params: { path } }]);
  }
  const byName = (name: string) => policyDefinitions.find((definition) => definition.name === name);
  const result = collect(Object.entries(document.policies), 'file', byName);
  for (const key of Object.keys(document)) {
    if (key !== 'policies' && key !== '$schema') {
      result.warnings.push({ code: 'policy.unknownPolicy', params: { origin: 'file', policy: key } });
    }
  }
  return result;
}

/** Registry values carry Windows types; turn them into what the JSON file would hold, leaving mismatches invalid. */
function fromRegistry(definition: PolicyDefinition, raw: unknown): unknown {
  switch (definition.type) {
    case 'boolean':
      if (raw === 1 || raw === '1' || raw === 'true') return true;
      if (raw === 0 || raw === '0' || raw === 'false') return false;
      return raw;
    case 'number':
      return typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    case 'string-list': {
      // The Group Policy editor's multi-line box keeps stray spaces and blank lines.
      const lines = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(lines)) return raw;
      return lines.map((line) => (typeof line === 'string' ? line.trim() : line)).filter((line) => line !== '');
    }
    case 'accounts-json': {
      const text = Array.isArray(raw) ? raw.join('\n') : raw;
      if (typeof text !== 'string') return raw;
      try {
        return JSON.parse(text);
      } catch {
        return raw;
      }
    }
    default:
      return raw;
  }
}

/** Registry value names are case-insensitive on Windows. */
const byRegistryName = (name: string) =>
  policyDefinitions.find((definition) => definition.name.toLowerCase() === name.toLowerCase());

/** Reads one hive's `Software\Policies\Bastide` values. */
export function readRegistryHive(values: RegistryValues, hive: 'HKLM' | 'HKCU'): PolicyReadResult {
  return collect(Object.entries(values), hive, byRegistryName, fromRegistry);
}

/** Machine policies (HKLM) win, policy by policy, over user policies (HKCU). */
export function mergeRegistry(hklm: RegistryValues, hkcu: RegistryValues): PolicyReadResult {
  const machine = readRegistryHive(hklm, 'HKLM');
  const user = readRegistryHive(hkcu, 'HKCU');
  return {
    policies: { ...user.policies, ...machine.policies },
    origins: { ...user.origins, ...machine.origins },
    warnings: [...machine.warnings, ...user.warnings],
  };
}

/** The policies for this platform: the registry on Windows, the /etc file on Linux, none elsewhere. */
export async function loadPolicies(options: {
  platform: string;
  source: PolicySource;
  linuxPolicyPath?: string;
}): Promise<PolicyReadResult> {
  const { platform, source } = options;
  if (platform === 'win32') {
    try {
      const { hklm, hkcu } = await source.readWindowsRegistry();
      return mergeRegistry(hklm, hkcu);
    } catch {
      return emptyResult([{ code: 'policy.registryUnreadable', params: {} }]);
    }
  }
  if (platform !== 'linux') return emptyResult();
  const path = options.linuxPolicyPath ?? LINUX_POLICY_PATH;
  let file: PolicyFile | null;
  try {
    file = await source.readLinuxFile(path);
  } catch {
    return emptyResult([{ code: 'policy.fileUnreadable', params: { path } }]);
  }
  if (!file) return emptyResult();
  if (file.worldWritable) return emptyResult([{ code: 'policy.fileInsecure', params: { path } }]);
  return readLinuxPolicies(file.text, path);
}

export interface EffectiveSettings {
  values: ManagedSettings;
  /** Settings a policy decides: shown greyed, "Géré par votre organisation". */
  locked: SettingKey[];
}

/**
 * Merges the user's own choices with the policies. A locking policy wins and locks its setting; a default-only
 * policy (DefaultLanguage) replaces the built-in default but the user's choice still wins. Users never set
 * settings that are not user-editable, and invalid stored choices fall back as if absent.
 */
export function effectiveSettings(
  userSettings: Readonly<Partial<Record<string, unknown>>>,
  policies: Partial<PolicyValues>,
): EffectiveSettings {
  const values = defaultSettings() as Record<string, unknown>;
  const locked: SettingKey[] = [];
  for (const definition of policyDefinitions) {
    const policyValue = (policies as Record<string, unknown>)[definition.name];
    const userChoice = definition.userEditable ? userSettings[definition.setting] : undefined;
    const userValue =
      userChoice !== undefined && policyValueSchema(definition).safeParse(userChoice).success ? userChoice : undefined;
    if (policyValue !== undefined && definition.enforcement === 'lock') {
      values[definition.setting] = policyValue;
      locked.push(definition.setting);
    } else if (userValue !== undefined) {
      values[definition.setting] = userValue;
    } else if (policyValue !== undefined) {
      values[definition.setting] = policyValue;
    }
  }
  return { values: values as ManagedSettings, locked };
}
