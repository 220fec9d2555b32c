// Container changelogs and changesets, as brief §5.1 describes them (`ChangelogUtils`, `ChangelogStore`).

export type ChangeType = 'created' | 'updated' | 'deleted';

export interface ChangeEntry {
  id: number;
  uid: string;
  version: number;
  type: ChangeType;
  timestamp: number;
}

export interface ItemVersion {
  id: number;
  version: number;
  timestamp: number;
}

export interface ContainerChangeset<T> {
  created: T[];
  updated: T[];
  deleted: T[];
  version: number;
}

/** One container's changelog: every write bumps the container version by one. */
export class Changelog {
  version = 0;
  readonly entries: ChangeEntry[] = [];

  record(type: ChangeType, id: number, uid: string, timestamp: number): number {
    this.version += 1;
    this.entries.push({ id, uid, version: this.version, type, timestamp });
    return this.version;
  }
}

interface Collapsed {
  id: number;
  uid: string;
  firstType: ChangeType;
  last: ChangeEntry;
}

function collapse(log: Changelog, since: number): Map<number, Collapsed> {
  const byId = new Map<number, Collapsed>();
  for (const e of log.entries) {
    if (e.version <= since) continue;
    const prev = byId.get(e.id);
    if (prev) prev.last = e;
    else byId.set(e.id, { id: e.id, uid: e.uid, firstType: e.type, last: e });
  }
  return byId;
}

export interface ChangesetSource<V> {
  /** The live item with that id, if any. */
  live(id: number): V | undefined;
  /** All live items (for since=0). */
  all(): V[];
  idOf(item: V): number;
  versionOf(item: V): number;
  timestampOf(item: V): number;
  /** Filter of `_filteredChangesetById`; an item that no longer matches is reported as deleted. */
  matches?: (item: V) => boolean;
  /** Server-side ordering weight (brief §5.1: folders come INBOX first). */
  order?: (a: V, b: V) => number;
}

/**
 * Computes the changeset since a version (brief §5.1):
 * - since=0: every live item in `created`, `updated`/`deleted` always empty;
 * - since>0: changes with version > since, collapsed per item (created+updated → created,
 *   created+deleted → dropped);
 * - version: highest version seen, or `since` itself when nothing changed.
 */
export function itemVersionChangeset<V>(
  log: Changelog,
  since: number,
  src: ChangesetSource<V>,
): ContainerChangeset<ItemVersion> {
  const matches = src.matches ?? (() => true);
  const toVersion = (v: V): ItemVersion => ({
    id: src.idOf(v),
    version: src.versionOf(v),
    timestamp: src.timestampOf(v),
  });
  if (since <= 0) {
    const items = src.all().filter(matches);
    if (src.order) items.sort(src.order);
    return { created: items.map(toVersion), updated: [], deleted: [], version: log.version };
  }
  const created: V[] = [];
  const updated: V[] = [];
  const deleted: ItemVersion[] = [];
  let version = since;
  for (const c of collapse(log, since).values()) {
    version = Math.max(version, c.last.version);
    const item = src.live(c.id);
    const createdInRange = c.firstType === 'created';
    if (!item || !matches(item)) {
      if (!createdInRange) deleted.push({ id: c.id, version: c.last.version, timestamp: c.last.timestamp });
      continue;
    }
    (createdInRange ? created : updated).push(item);
  }
  if (src.order) {
    created.sort(src.order);
    updated.sort(src.order);
  }
  return { created: created.map(toVersion), updated: updated.map(toVersion), deleted, version };
}

export function idChangeset<V>(log: Changelog, since: number, src: ChangesetSource<V>): ContainerChangeset<number> {
  const cs = itemVersionChangeset(log, since, src);
  return {
    created: cs.created.map((v) => v.id),
    updated: cs.updated.map((v) => v.id),
    deleted: cs.deleted.map((v) => v.id),
    version: cs.version,
  };
}

/** `_changeset` flavour: uids instead of ids. */
export function uidChangeset<V>(
  log: Changelog,
  since: number,
  src: ChangesetSource<V>,
  uidOf: (item: V) => string,
): ContainerChangeset<string> {
  const cs = itemVersionChangeset(log, since, src);
  const uidById = new Map<number, string>();
  for (const e of log.entries) uidById.set(e.id, e.uid);
  const live = (v: ItemVersion): string => {
    const item = src.live(v.id);
    return item ? uidOf(item) : (uidById.get(v.id) ?? String(v.id));
  };
  return {
    created: cs.created.map(live),
    updated: cs.updated.map(live),
    deleted: cs.deleted.map((v) => uidById.get(v.id) ?? String(v.id)),
    version: cs.version,
  };
}
