// Assembles the accounts side of the core: certificate trust, the network the drivers use, the keychain,
// the account service and its handlers.
import { resolveSrv as dnsResolveSrv } from 'node:dns/promises';
import type { FetchLike } from '../../connectors/http/network';
import { trustedCertificatesRepository } from '../../store/repositories/certificates';
import type { Store } from '../../store/store';
import type { EventHub } from '../events';
import type { Policy } from '../policy/runtime';
import type { Connector } from '../ports';
import type { SecretStore } from '../secrets/secret-store';
import type { PeerCertificateReader } from '../tls/peer-certificate';
import { CertificateTrust } from '../tls/trust';
import { createDriverContext } from './context';
import type { SrvResolver } from './discovery/mail-settings';
import type { AccountKindDriver } from './driver';
import { accountHandlers } from './handlers';
import { Keychain } from './keychain';
import { accountKindDrivers } from './kinds';
import { AccountService } from './service';
import type { SsoBrowser } from './sso';

export interface AccountsOptions {
  /** Electron `net.fetch` in production; by default a Node fetch applying the certificate decisions. */
  fetch?: FetchLike;
  /** DNS SRV lookups of discovery (tests answer with loopback targets). */
  resolveSrv?: SrvResolver;
  /** A secret store to use instead of the OS keychain; `null` behaves as a machine without keychain. */
  secrets?: SecretStore | null;
  /** The window that runs browser sign-ins (SSO); without one they are refused. */
  sso?: SsoBrowser;
  timeoutMs?: number;
  readPeerCertificate?: PeerCertificateReader;
  drivers?: readonly AccountKindDriver[];
}

export interface AccountsDeps {
  store: Store;
  events: EventHub;
  policy: Policy;
  connectors: readonly Connector[];
  now: () => Date;
  version: string;
  options?: AccountsOptions;
}

export function createAccounts({ store, events, policy, connectors, now, version, options = {} }: AccountsDeps) {
  const trust = new CertificateTrust({
    repository: trustedCertificatesRepository(store.db),
    now,
    allowExceptions: () => policy.settings({}).values.allowCertificateExceptions,
    policy: () => ({
      caFiles: policy.settings({}).values.trustedCaCertificates,
      fingerprints: policy.settings({}).values.trustedCertificateFingerprints,
    }),
    readPeerCertificate: options.readPeerCertificate,
  });
  const keychain = new Keychain({
    settings: store.settings,
    policy,
    openKeychain: options.secrets === undefined ? undefined : async () => options.secrets ?? null,
    onChange: (status) => events.emit('secrets:changed', status),
  });
  const context = createDriverContext({ trust, fetch: options.fetch, timeoutMs: options.timeoutMs, version });
  const service = new AccountService({
    store,
    events,
    policy,
    connectors,
    drivers: options.drivers ?? accountKindDrivers,
    context,
    keychain,
    resolveSrv: options.resolveSrv ?? dnsResolveSrv,
    sso: options.sso,
    now,
  });
  let resuming: Promise<void> = Promise.resolve();
  return {
    service,
    /** The network the accounts' connectors use too (certificate decisions applied), and their secrets. */
    context,
    keychain,
    handlers: () => accountHandlers(service, trust, keychain),
    /** Signs the configured accounts in from the keychain, in the background. */
    start(): void {
      resuming = service.resumeAll().catch((error: unknown) => {
        console.error(`[accounts] resuming failed: ${error instanceof Error ? error.name : typeof error}`);
      });
    },
    /** Waits for the start-up sign-ins, which write to the store, before it closes. */
    close: () => resuming,
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
