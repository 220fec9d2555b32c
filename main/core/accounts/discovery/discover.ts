// From what the user typed (an address, a server URL, a domain) to the accounts that could be there: web
// servers probed for each kind that can recognise itself, mail settings from autoconfig then SRV, a chat
// server from SRV. The user confirms or corrects what is found.
import { CoreError } from '../../errors';
import type { AccountCandidate, AccountServer, ServerEndpoint } from '../../model';
import type { AccountKindDriver, DriverContext } from '../driver';
import {
  mailSettingsFromAutoconfig,
  mailSettingsFromSrv,
  srvTarget,
  type MailSettings,
  type SrvResolver,
} from './mail-settings';

export interface DiscoveryDeps {
  context: DriverContext;
  drivers: readonly AccountKindDriver[];
  resolveSrv: SrvResolver;
  /** Budget of each probe of a guessed server (a typed URL gets the normal timeout). */
  probeTimeoutMs?: number;
}

type Input =
  { type: 'url'; url: URL } | { type: 'address'; email: string; domain: string } | { type: 'domain'; domain: string };

const EMAIL = /^[^@\s]+@([^@\s]+\.[^@\s]+|localhost)$/;

export function parseInput(raw: string): Input {
  const input = raw.trim();
  if (EMAIL.test(input)) return { type: 'address', email: input, domain: input.slice(input.lastIndexOf('@') + 1) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    try {
      return { type: 'url', url: new URL(input) };
    } catch {
      throw new CoreError('discovery.invalidInput');
    }
  }
  if (/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(input)) return { type: 'domain', domain: input.toLowerCase() };
  throw new CoreError('discovery.invalidInput');
}

export async function discover(raw: string, deps: DiscoveryDeps): Promise<AccountCandidate[]> {
  const input = parseInput(raw);
  if (input.type === 'url') return fromUrl(input.url, deps);
  const username = input.type === 'address' ? input.email : '';
  const email = input.type === 'address' ? input.email : `postmaster@${input.domain}`;
  const [mail, chat] = await Promise.all([mailSettings(email, deps), chatServer(input.domain, deps)]);
  // Web servers usually live at the domain, its mail or webmail host, or next to the IMAP server.
  const origins = new Set([input.domain, `mail.${input.domain}`, `webmail.${input.domain}`]);
  if (mail) origins.add(mail.incoming.host);
  const web = await probeOrigins(
    [...origins].map((host) => `https://${host}`),
    username,
    deps,
    false,
  );
  return [
    ...web,
    ...(mail ? [mailCandidate(deps, mail, mail.username)] : []),
    ...(chat ? [candidate(deps, 'xmpp', { type: 'chat', domain: input.domain, endpoint: chat }, username)] : []),
  ].filter((found): found is AccountCandidate => found !== null);
}

async function fromUrl(url: URL, deps: DiscoveryDeps): Promise<AccountCandidate[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port);
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return probeOrigins([url.origin], '', deps, true);
    case 'imap:':
    case 'imaps:': {
      const incoming: ServerEndpoint =
        url.protocol === 'imaps:'
          ? { host, port: port || 993, security: 'tls' }
          : { host, port: port || 143, security: 'starttls' };
      const found = mailCandidate(
        deps,
        { incoming, outgoing: { host, port: 587, security: 'starttls' }, username: '' },
        '',
      );
      return found ? [found] : [];
    }
    case 'xmpp:':
    case 'xmpps:': {
      const endpoint: ServerEndpoint =
        url.protocol === 'xmpps:'
          ? { host, port: port || 5223, security: 'tls' }
          : { host, port: port || 5222, security: 'starttls' };
      const found = candidate(deps, 'xmpp', { type: 'chat', domain: host, endpoint }, '');
      return found ? [found] : [];
    }
    default:
      throw new CoreError('discovery.invalidInput');
  }
}

/**
 * Asks every kind whether it recognises each origin. For a URL the user typed, a failure to reach it is the
 * answer (unknown host, untrusted certificate…); guessed origins that do not answer are simply skipped.
 */
async function probeOrigins(
  origins: string[],
  username: string,
  deps: DiscoveryDeps,
  typed: boolean,
): Promise<AccountCandidate[]> {
  const context = typed
    ? deps.context
    : { ...deps.context, http: withTimeout(deps.context, deps.probeTimeoutMs ?? 5_000) };
  const detectors = deps.drivers.filter((driver) => driver.detect);
  const probes = origins.flatMap((origin) =>
    detectors.map(async (driver) => ((await driver.detect!(context, origin)) ? { driver, origin } : null)),
  );
  const results = await Promise.allSettled(probes);
  const found = results.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  if (typed && found.length === 0) {
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return found.flatMap(({ driver, origin }) => {
    const server: AccountServer = { type: 'web', url: origin };
    return [
      { kindId: driver.kind.id, kindLabel: driver.kind.label, server, username, methods: driver.kind.setup.methods },
    ];
  });
}

function withTimeout(context: DriverContext, timeoutMs: number): DriverContext['http'] {
  return { ...context.http, send: (url, init = {}) => context.http.send(url, { timeoutMs, ...init }) };
}

async function mailSettings(email: string, deps: DiscoveryDeps): Promise<MailSettings | null> {
  const http = withTimeout(deps.context, deps.probeTimeoutMs ?? 5_000);
  return (await mailSettingsFromAutoconfig(http, email)) ?? (await mailSettingsFromSrv(deps.resolveSrv, email));
}

/** RFC 6120 `_xmpp-client` (STARTTLS), else XEP-0368 `_xmpps-client` (direct TLS). */
async function chatServer(domain: string, deps: DiscoveryDeps): Promise<ServerEndpoint | null> {
  const starttls = await srvTarget(deps.resolveSrv, `_xmpp-client._tcp.${domain}`);
  if (starttls) return { ...starttls, security: 'starttls' };
  const direct = await srvTarget(deps.resolveSrv, `_xmpps-client._tcp.${domain}`);
  return direct ? { ...direct, security: 'tls' } : null;
}

function mailCandidate(deps: DiscoveryDeps, mail: MailSettings, username: string): AccountCandidate | null {
  return candidate(deps, 'imap', { type: 'mail', incoming: mail.incoming, outgoing: mail.outgoing }, username);
}

function candidate(
  deps: DiscoveryDeps,
  kindId: string,
  server: AccountServer,
  username: string,
): AccountCandidate | null {
  const driver = deps.drivers.find((candidate) => candidate.kind.id === kindId);
  if (!driver) return null;
  return { kindId, kindLabel: driver.kind.label, server, username, methods: driver.kind.setup.methods };
}
