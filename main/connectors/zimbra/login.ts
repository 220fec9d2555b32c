// Zimbra sign-in (brief §2): AuthRequest with the password, the two-step second factor and the trusted-device
// token that spares the code afterwards. The auth token lives 2 days and cannot be refreshed, so the password
// is kept in the keychain to sign in again when the server answers `service.AUTH_EXPIRED` (§2.5).
import { CoreError } from '../../core/errors';
import type {
  AccountKindDriver,
  AccountSetup,
  DriverContext,
  OpenedSession,
  Secrets,
  SignInStep,
} from '../../core/accounts/driver';
import { ssoFlow } from '../../core/accounts/sso';
import { isReachabilityError } from '../http/network';
import { soap, text, type SoapBody } from './soap';

interface TrustedDevice {
  trustedToken: string;
  deviceId: string;
}

const serverOf = (setup: AccountSetup) => {
  if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  return setup.server.url;
};

const call = (context: DriverContext, setup: AccountSetup, request: string, body: SoapBody, authToken?: string) =>
  soap(context.http, {
    server: serverOf(setup),
    request,
    body,
    authToken,
    client: context.client,
  });

const account = (setup: AccountSetup) => ({ by: 'name', _content: setup.username });

/** Signs in with the token and reads who it belongs to. */
async function open(
  context: DriverContext,
  setup: AccountSetup,
  authToken: string,
  secrets: OpenedSession['secrets'],
): Promise<OpenedSession> {
  const info = await call(context, setup, 'GetInfoRequest', { sections: 'idents' }, authToken);
  const name = text(info.name) ?? setup.username;
  const identities = (info.identities as { identity?: Array<{ _attrs?: Record<string, unknown> }> } | undefined)
    ?.identity;
  const displayName = text(identities?.[0]?._attrs?.zimbraPrefFromDisplay) ?? name;
  return {
    auth: { headers: { Cookie: `ZM_AUTH_TOKEN=${authToken}` } },
    identity: { displayName, address: name },
    username: name,
    secrets: { ...secrets, session: authToken },
  };
}

function readTrustedDevice(secrets: Secrets): TrustedDevice | null {
  try {
    const device = JSON.parse(secrets['trusted-device'] ?? 'null') as TrustedDevice | null;
    return device?.trustedToken ? device : null;
  } catch {
    return null;
  }
}

async function passwordSignIn(
  context: DriverContext,
  setup: AccountSetup,
  password: string,
  device: TrustedDevice | null,
): Promise<SignInStep> {
  const answer = await call(context, setup, 'AuthRequest', {
    account: account(setup),
    password,
    ...(device && { trustedToken: device.trustedToken, deviceId: device.deviceId }),
  });
  const authToken = text(answer.authToken);
  if (!authToken) throw new CoreError('server.unexpectedResponse', { host: new URL(serverOf(setup)).hostname });
  if (text(answer.twoFactorAuthRequired) !== 'true') {
    return { status: 'signed-in', session: await open(context, setup, authToken, { password }) };
  }
  // Step 2 (§2.4): the short-lived token of step 1 with the code; asking to trust this device spares the code
  // at the next sign-ins (and at silent renewals) while the trust lasts.
  const complete = async (code: string): Promise<SignInStep> => {
    const confirmed = await call(context, setup, 'AuthRequest', {
      account: account(setup),
      authToken,
      twoFactorCode: code,
      deviceTrusted: 1,
      generateDeviceId: 1,
    });
    const fullToken = text(confirmed.authToken);
    if (!fullToken) throw new CoreError('server.unexpectedResponse', { host: new URL(serverOf(setup)).hostname });
    const trustedToken = text(confirmed.trustedToken);
    const trusted = trustedToken
      ? JSON.stringify({ trustedToken, deviceId: text(confirmed.deviceId) ?? '' } satisfies TrustedDevice)
      : null;
    return {
      status: 'signed-in',
      session: await open(context, setup, fullToken, { password, 'trusted-device': trusted }),
    };
  };
  return { status: 'two-factor-required', complete };
}

export const zimbraDriver: AccountKindDriver = {
  kind: {
    id: 'zimbra',
    label: 'Zimbra',
    capabilities: ['mail', 'calendar', 'files', 'directory'],
    setup: { server: 'web', methods: ['password', 'sso'] },
  },

  // No fault for an anonymous NoOp means this is not Zimbra; AUTH_REQUIRED means it is.
  async detect(context, origin) {
    try {
      await soap(context.http, {
        server: origin,
        request: 'NoOpRequest',
        client: context.client,
      });
      return false;
    } catch (error) {
      if (error instanceof CoreError && error.code === 'auth.expired') return true;
      if (isReachabilityError(error)) throw error;
      return false;
    }
  },

  async signIn(context, setup, credentials) {
    if (credentials.method === 'sso') {
      const token = credentials.cookies.ZM_AUTH_TOKEN;
      if (!token) throw new CoreError('auth.ssoIncomplete');
      // No password: when this token expires (2 days), the user signs in again.
      return { status: 'signed-in', session: await open(context, setup, token, { password: null }) };
    }
    return passwordSignIn(context, setup, credentials.password, null);
  },

  async resume(context, setup, secrets, reason) {
    if (reason === 'start' && secrets.session) {
      try {
        return await open(context, setup, secrets.session, {});
      } catch (error) {
        if (!(error instanceof CoreError && error.code === 'auth.expired')) throw error;
      }
    }
    if (!secrets.password) throw new CoreError('auth.expired');
    const step = await passwordSignIn(context, setup, secrets.password, readTrustedDevice(secrets));
    // The device is no longer trusted: only the user can type a code.
    if (step.status === 'two-factor-required') throw new CoreError('auth.twoFactorRequired');
    return step.session;
  },

  async check(context, setup, auth) {
    const token = auth.headers?.Cookie?.replace(/^ZM_AUTH_TOKEN=/, '');
    await call(context, setup, 'GetInfoRequest', { sections: 'idents' }, token);
  },

  sso: (setup) =>
    ssoFlow({
      server: serverOf(setup),
      start: '/',
      landed: (path) => !path.startsWith('/service/') && !path.startsWith('/zimbra/public/'),
      required: ['ZM_AUTH_TOKEN'],
    }),

  async forget(context, setup, secrets) {
    if (secrets.session) await call(context, setup, 'EndSessionRequest', { logoff: 1 }, secrets.session);
  },
};
