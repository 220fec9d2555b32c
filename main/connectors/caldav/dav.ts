// CalDAV requests through tsdav: discovery of the calendars (well-known URL, principal, home set), objects of
// a time range (calendar-query REPORT), changes since a sync token (sync-collection REPORT, RFC 6578) and the
// changed objects themselves (calendar-multiget). A 401 becomes `auth.expired`, so the session is renewed.
import { DAVClient, type DAVCalendar } from 'tsdav';
import { CoreError } from '../../core/errors';
import type { FetchLike } from '../http/network';

export interface DavCalendar {
  url: string;
  name: string;
  ctag: string | null;
  syncToken: string | null;
  supportsSync: boolean;
  raw: DAVCalendar;
}

export interface DavObject {
  url: string;
  etag: string | null;
  data: string;
}

export interface DavChanges {
  changed: DavObject[];
  deleted: string[];
  syncToken: string | null;
}

/** The server no longer accepts the sync token (RFC 6578 §3.7: DAV:valid-sync-token): a full sync follows. */
export class SyncTokenRefused extends Error {
  constructor() {
    super('sync token refused');
    this.name = 'SyncTokenRefused';
  }
}

export interface DavLogin {
  url: string;
  username: string;
  password: string;
  fetch: FetchLike;
}

export async function openDav({ url, username, password, fetch }: DavLogin) {
  const guarded = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input instanceof Request ? input.url : input, init);
    if (response.status === 401) throw new CoreError('auth.expired');
    return response;
  }) as typeof globalThis.fetch;
  const client = new DAVClient({
    serverUrl: url,
    credentials: { username, password },
    authMethod: 'Basic',
    defaultAccountType: 'caldav',
    fetch: guarded,
  });
  await client.login();
  const absolute = (href: string, base: string) => new URL(href, base).href;

  return {
    async calendars(): Promise<DavCalendar[]> {
      const calendars = await client.fetchCalendars();
      return calendars
        .filter((calendar) => !calendar.components || calendar.components.includes('VEVENT'))
        .map((calendar) => ({
          url: calendar.url,
          name: typeof calendar.displayName === 'string' ? calendar.displayName : calendar.url,
          ctag: calendar.ctag ?? null,
          syncToken: calendar.syncToken ?? null,
          supportsSync: Array.isArray(calendar.reports) && calendar.reports.includes('syncCollection'),
          raw: calendar,
        }));
    },

    async objectsBetween(calendar: DavCalendar, start: Date, end: Date): Promise<DavObject[]> {
      const objects = await client.fetchCalendarObjects({
        calendar: calendar.raw,
        timeRange: { start: start.toISOString(), end: end.toISOString() },
      });
      return objects.flatMap((object) =>
        typeof object.data === 'string'
          ? [{ url: absolute(object.url, calendar.url), etag: object.etag ?? null, data: object.data }]
          : [],
      );
    },

    async changesSince(calendar: DavCalendar, syncToken: string): Promise<DavChanges> {
      const responses = await client.syncCollection({
        url: calendar.url,
        props: { 'd:getetag': {} },
        syncLevel: 1,
        syncToken,
      });
      const refused = responses.find((response) => !response.ok && response.status !== 404);
      if (refused) {
        throw refused.status === 403 || refused.status === 409
          ? new SyncTokenRefused()
          : davError(refused.status, new URL(calendar.url).hostname);
      }
      const objects = responses.filter(
        (response) => typeof response.href === 'string' && response.href.endsWith('.ics'),
      );
      const deleted = objects
        .filter((response) => response.status === 404)
        .map((response) => absolute(response.href!, calendar.url));
      const changedUrls = objects
        .filter((response) => response.status !== 404)
        .map((response) => absolute(response.href!, calendar.url));
      const raw = responses[0]?.raw as { multistatus?: { syncToken?: unknown } } | undefined;
      const token = raw?.multistatus?.syncToken;
      const changed =
        changedUrls.length === 0
          ? []
          : (
              await client.calendarMultiGet({
                url: calendar.url,
                props: { 'd:getetag': {}, 'c:calendar-data': {} },
                objectUrls: changedUrls.map((changedUrl) => new URL(changedUrl).pathname),
                depth: '1',
              })
            ).flatMap((response) => {
              const props = response.props as { getetag?: unknown; calendarData?: unknown } | undefined;
              const data = props?.calendarData;
              const text = typeof data === 'string' ? data : (data as { _cdata?: string } | undefined)?._cdata;
              return response.href && text
                ? [
                    {
                      url: absolute(response.href, calendar.url),
                      etag: props?.getetag == null ? null : String(props.getetag),
                      data: text,
                    },
                  ]
                : [];
            });
      return { changed, deleted, syncToken: typeof token === 'string' ? token : null };
    },
  };
}

export type DavSession = Awaited<ReturnType<typeof openDav>>;

function davError(status: number, host: string): CoreError {
  if (status === 404) return new CoreError('server.notFound', { host });
  if (status >= 500) return new CoreError('server.unavailable', { host });
  return new CoreError('server.unexpectedResponse', { host });
}
