// The differences between server generations the connector cares about (brief §10.3), found by probing
// rather than trusted from a version string: the bulk get of mail items is `_multipleById` on 4.8 and
// `_mgetById` on 5.x (the other one is an unknown route, a 500), and IMAP flags come as objects
// `{"flag":"\\Seen","value":16}` on older servers, strings since 2020 (both are accepted as input).
import { z } from 'zod';
import { apiPath, type BlueMindClient } from './client';
import { isFault } from './errors';
import { installationVersion, mailItem, type ImapFlag, type MailItem } from './schemas';

export type BulkGet = '_mgetById' | '_multipleById';

/** Server maximum per call is 500; the webmail uses 200 (brief §5.2). */
export const MGET_CHUNK = 200;

const FLAG_VALUES: Record<string, number> = {
  '\\Answered': 1,
  '\\Flagged': 2,
  '\\Deleted': 4,
  '\\Draft': 8,
  '\\Seen': 16,
};

export class Generation {
  bulkGet: BulkGet | null = null;
  flagsAsObjects = false;
  /** `versionName` as the server gave it, for diagnostics. */
  versionName: string | null = null;

  constructor(private readonly client: BlueMindClient) {}

  /** Reads the server version once, as a first guess for the bulk-get route. */
  async probe(): Promise<void> {
    if (this.bulkGet) return;
    const version = await this.client
      .json('GET', '/api/system/installation/version', installationVersion)
      .catch(() => null);
    this.versionName = version?.versionName ?? version?.softwareVersion ?? null;
    this.bulkGet = /^[1-4]\./.test(this.versionName ?? '') ? '_multipleById' : '_mgetById';
  }

  /** Mail items by id, in chunks, through whichever bulk route this server has. */
  async mailItems(folderUid: string, ids: number[], signal?: AbortSignal): Promise<MailItem[]> {
    await this.probe();
    const items: MailItem[] = [];
    for (let start = 0; start < ids.length; start += MGET_CHUNK) {
      signal?.throwIfAborted();
      items.push(...(await this.bulk(folderUid, ids.slice(start, start + MGET_CHUNK), signal)));
    }
    if (items.some((item) => item.value.flags?.some((flag) => typeof flag !== 'string'))) this.flagsAsObjects = true;
    return items;
  }

  private async bulk(folderUid: string, ids: number[], signal?: AbortSignal): Promise<MailItem[]> {
    const route = this.bulkGet ?? '_mgetById';
    const call = (name: BulkGet) =>
      this.client.expect('POST', apiPath`/api/mail_items/${folderUid}/` + name, z.array(mailItem), {
        json: ids,
        ...(signal ? { signal } : {}),
      });
    try {
      return await call(route);
    } catch (error) {
      if (!isFault(error, 'NO_ROUTE')) throw error;
      // The server is of the other generation (or was upgraded under us): switch for good.
      this.bulkGet = route === '_mgetById' ? '_multipleById' : '_mgetById';
      return call(this.bulkGet);
    }
  }

  /** A flag in the form this server emits (it accepts both). */
  flag(name: string): ImapFlag {
    return this.flagsAsObjects ? { flag: name, value: FLAG_VALUES[name] ?? 0 } : name;
  }
}

export const flagName = (flag: ImapFlag): string => (typeof flag === 'string' ? flag : flag.flag);

/** An item's IMAP flags by name (`\\Seen`, `\\Flagged`…), whatever form the server used. */
export const flagsOf = (item: MailItem): Set<string> => new Set((item.value.flags ?? []).map(flagName));
