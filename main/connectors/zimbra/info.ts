// What the account may do, from GetInfo (§2.7): feature flags decide which ports the account gets, and
// `zimbraFeatureChatEnabled` turns Zimbra Chat (an XMPP server inside the chat extension, §7) on.
import type { ServerEndpoint } from '../../core/model';
import type { ZimbraClient } from './soap';
import { attrs, bool, num, text } from './values';

export interface AccountInfo {
  /** The mailbox's account id (a UUID): what WaitSets watch. */
  zimbraId: string;
  name: string;
  version: string;
  /** `zimbraPrefTimeZoneId` (e.g. `Europe/Paris`), when set. */
  timeZone: string | null;
  /** Briefcase upload ceiling in bytes (`zimbraFileUploadMaxSize`). */
  docSizeLimit: number | null;
  features: {
    briefcase: boolean;
    calendar: boolean;
    gal: boolean;
    galAutoComplete: boolean;
    galSync: boolean;
    chat: boolean;
  };
}

/** Feature attributes default to TRUE on the server except chat (COS default FALSE, §7). */
const feature = (values: Record<string, string>, name: string, fallback: boolean) =>
  values[name] === undefined ? fallback : bool(values[name]);

export async function readAccountInfo(client: ZimbraClient, signal?: AbortSignal): Promise<AccountInfo> {
  const info = await client.call('GetInfoRequest', { sections: 'mbox,prefs,attrs' }, signal ? { signal } : {});
  const features = attrs(info.attrs);
  const prefs = attrs(info.prefs);
  return {
    zimbraId: text(info.id) ?? '',
    name: text(info.name) ?? '',
    version: text(info.version) ?? '',
    timeZone: prefs.zimbraPrefTimeZoneId ?? null,
    docSizeLimit: num(info.docSizeLimit) ?? null,
    features: {
      briefcase: feature(features, 'zimbraFeatureBriefcasesEnabled', true),
      calendar: feature(features, 'zimbraFeatureCalendarEnabled', true),
      gal: feature(features, 'zimbraFeatureGalEnabled', true),
      galAutoComplete: feature(features, 'zimbraFeatureGalAutoCompleteEnabled', true),
      galSync:
        feature(features, 'zimbraFeatureGalEnabled', true) && feature(features, 'zimbraFeatureGalSyncEnabled', true),
      chat: feature(features, 'zimbraFeatureChatEnabled', false),
    },
  };
}

/** Where the account's chat goes, when chat is on. */
export interface ChatSetup {
  /** The XMPP domain: the mail domain (users sign in as `<user>@<domain>` with their Zimbra password). */
  domain: string;
  endpoint: ServerEndpoint;
  username: string;
}

/**
 * The XMPP endpoint of Zimbra Chat. GetInfo says whether chat is on but not where its XMPP server listens
 * (only a BOSH URL): the extension serves 5222 with STARTTLS on the mail host, unless the account's settings say
 * otherwise (`override`, e.g. a separate chat host, or the test Prosody).
 */
export function chatSetup(
  info: AccountInfo,
  server: string,
  override?: Partial<ServerEndpoint> & { domain?: string },
): ChatSetup | null {
  if (!info.features.chat) return null;
  const at = info.name.lastIndexOf('@');
  const domain = override?.domain ?? (at > 0 ? info.name.slice(at + 1) : new URL(server).hostname);
  return {
    domain,
    username: info.name,
    endpoint: {
      host: override?.host ?? new URL(server).hostname,
      port: override?.port ?? 5222,
      security: override?.security ?? 'starttls',
    },
  };
}
