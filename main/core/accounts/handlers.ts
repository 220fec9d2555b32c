import type { Handlers } from '../handlers';
import type { CertificateTrust } from '../tls/trust';
import type { Keychain } from './keychain';
import type { AccountService } from './service';

type AccountChannel = Extract<keyof Handlers, `accounts:${string}` | `certificates:${string}` | `secrets:${string}`>;

/** The handlers of the accounts, certificates and secrets channels. */
export function accountHandlers(
  accounts: AccountService,
  certificates: CertificateTrust,
  keychain: Keychain,
): Pick<Handlers, AccountChannel> {
  return {
    'accounts:kinds': () => accounts.kinds(),
    'accounts:list': () => accounts.list(),
    'accounts:get': ({ id }) => accounts.details(id),
    'accounts:discover': ({ input }) => accounts.discover(input),
    'accounts:add': (request) => accounts.add(request),
    'accounts:update': (request) => accounts.update(request),
    'accounts:signIn': (request) => accounts.signIn(request),
    'accounts:twoFactor': (request) => accounts.twoFactor(request),
    'accounts:reconnect': ({ id }) => accounts.reconnect(id),
    'accounts:remove': ({ id }) => accounts.remove(id),
    'accounts:reorder': ({ ids }) => accounts.reorder(ids),
    'certificates:list': () => certificates.list(),
    'certificates:trust': ({ host, fingerprint }) => certificates.trust(host, fingerprint),
    'certificates:revoke': ({ host, fingerprint }) => {
      certificates.revoke(host, fingerprint);
    },
    'secrets:status': () => keychain.status(),
    'secrets:setNoKeyringBehaviour': ({ behaviour }) => keychain.setBehaviour(behaviour),
  };
}
