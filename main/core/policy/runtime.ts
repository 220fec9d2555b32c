import { userInfo } from 'node:os';
import type { ErrorInfo, PolicyState } from '../model';
import { isServerHostAllowed } from './hosts';
import {
  effectiveSettings,
  loadPolicies,
  type EffectiveSettings,
  type PolicySource,
  type PolicyWarning,
} from './merge';
import { createNodePolicySource } from './node-source';
import type { PolicyValues } from './schema';

// The policies of this run, read once at start (a change needs a restart, as the admin docs say).

export interface PolicyOptions {
  /** Defaults to the Linux file on disk and no Windows registry (the Electron side plugs the registry in). */
  source?: PolicySource;
  /** The Linux policy file; tests point it elsewhere. */
  file?: string;
  platform?: string;
  /** The OS login name that replaces `${osUser}` in preconfigured usernames. */
  osUser?: string;
  log?: (line: string) => void;
}

export interface Policy {
  readonly policies: Readonly<Partial<PolicyValues>>;
  readonly warnings: readonly PolicyWarning[];
  readonly osUser: string;
  /** The user's choices under the policies: a locking policy wins, DefaultLanguage only replaces the default. */
  settings(userChoices: Readonly<Partial<Record<string, unknown>>>): EffectiveSettings;
  isLocked(setting: string): boolean;
  /** AllowedServerHosts: whether an account server may be contacted (an empty list allows all). */
  isHostAllowed(host: string): boolean;
  state(): PolicyState;
}

const describeWarning = ({ code, params }: PolicyWarning) =>
  [code, ...Object.entries(params).map(([key, value]) => `${key}=${value}`)].join(' ');

function currentOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

export function createPolicy(
  policies: Partial<PolicyValues>,
  warnings: readonly PolicyWarning[] = [],
  osUser: string = currentOsUser(),
): Policy {
  const locked = new Set<string>(effectiveSettings({}, policies).locked);
  const allowedHosts = policies.AllowedServerHosts ?? [];
  return {
    policies,
    warnings,
    osUser,
    settings: (userChoices) => effectiveSettings(userChoices, policies),
    isLocked: (setting) => locked.has(setting),
    isHostAllowed: (host) => isServerHostAllowed(host, allowedHosts),
    state: () => ({
      managed: Object.keys(policies).length > 0,
      locked: [...locked],
      warnings: warnings.map(({ code, params }): ErrorInfo => ({ code, params: { ...params } })),
      allowAccountAdd: policies.AllowAccountAdd ?? true,
      allowAccountRemove: policies.AllowAccountRemove ?? true,
    }),
  };
}

/** Reads this platform's policies. Never throws: what cannot be used is dropped, logged and shown as a warning. */
export async function loadPolicy(options: PolicyOptions = {}): Promise<Policy> {
  const result = await loadPolicies({
    platform: options.platform ?? process.platform,
    source: options.source ?? createNodePolicySource(),
    linuxPolicyPath: options.file,
  });
  const log = options.log ?? ((line: string) => console.warn(line));
  for (const warning of result.warnings) log(`[policy] ${describeWarning(warning)}`);
  return createPolicy(result.policies, result.warnings, options.osUser);
}

/** A policy already read (the Electron side reads it before the core, for the menu and links), or how to read it. */
export async function resolvePolicy(input: Policy | PolicyOptions = {}): Promise<Policy> {
  return 'state' in input ? input : loadPolicy(input);
}
