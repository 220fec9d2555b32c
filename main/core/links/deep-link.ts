// `bastide://` links name one item of the workspace: `bastide://<kind>/<id>[/<child id>]`. They come from
// outside (the OS, other applications, a notification), so anything not exactly of this shape is refused.
import type { DeepLink, RailApp } from '../model';

export const BASTIDE_SCHEME = 'bastide:';

/** The link's first segment, as users and other applications write it, and the rail app it opens. */
const kinds = {
  mail: { app: 'mail', child: false },
  chat: { app: 'chat', child: true },
  spaces: { app: 'teams', child: true },
  files: { app: 'files', child: false },
  calendar: { app: 'calendar', child: false },
  activity: { app: 'activity', child: false },
} as const satisfies Record<string, { app: RailApp; child: boolean }>;

type LinkKind = keyof typeof kinds;

const kindOfApp: Record<RailApp, LinkKind> = {
  mail: 'mail',
  chat: 'chat',
  teams: 'spaces',
  files: 'files',
  calendar: 'calendar',
  activity: 'activity',
};

const MAX_LINK_LENGTH = 2048;
const MAX_ID_LENGTH = 512;

/** The item a `bastide://` link names, or null for anything else (wrong scheme, unknown kind, odd shape). */
export function parseDeepLink(raw: string): DeepLink | null {
  if (raw.length > MAX_LINK_LENGTH || !raw.toLowerCase().startsWith(`${BASTIDE_SCHEME}//`)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port || url.search || url.hash) return null;
  const kind = url.hostname.toLowerCase();
  if (!Object.hasOwn(kinds, kind)) return null;
  const { app, child } = kinds[kind as LinkKind];
  const segments = url.pathname.replace(/\/$/, '').split('/').slice(1);
  if (segments.length < 1 || segments.length > (child ? 2 : 1)) return null;
  const ids = segments.map(decodeId);
  if (ids.some((id) => id === null)) return null;
  const [first, second] = ids as string[];
  return second === undefined ? { app, id: first! } : { app, id: second, parentId: first! };
}

/** The `bastide://` link of an item (what notifications carry and what a user may copy). */
export function formatDeepLink(link: DeepLink): string {
  const path = link.parentId === undefined ? [link.id] : [link.parentId, link.id];
  return `${BASTIDE_SCHEME}//${kindOfApp[link.app]}/${path.map(encodeURIComponent).join('/')}`;
}

function decodeId(segment: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (id.length === 0 || id.length > MAX_ID_LENGTH || /\p{Cc}/u.test(id) || id.trim() !== id) return null;
  return id;
}
