// Push (§4.2, §4.3): opt-in SOAP sessions whose responses carry `notify` blocks (acknowledged by `seq`, re-sent
// until acknowledged, replaced by a `refresh` on overflow), `NoOpRequest wait=1` long-polls that return when a
// change is queued, and WaitSets used as a doorbell (`a[{id, changeid}]`, timeout in SECONDS).
import { faults } from './faults';
import { folderAttrs, folderCounts, folderTree, itemSummary, tagJson } from './render';
import { FOLDER, type ChangeSet, type Item, type ItemKind, type Mailbox } from './state';
import type { JsonObject } from './values';
import { VERSION_STRINGS, type World } from './world';

interface Pending {
  created: Map<number, Item>;
  modified: Map<number, Set<string>>;
  deleted: Map<number, ItemKind>;
  folderCounts: Set<number>;
  sizeChanged: boolean;
  count: number;
}

function emptyPending(): Pending {
  return {
    created: new Map(),
    modified: new Map(),
    deleted: new Map(),
    folderCounts: new Set(),
    sizeChanged: false,
    count: 0,
  };
}

export class SoapSession {
  seq = 0;
  blocks: JsonObject[] = [];
  pending = emptyPending();
  needsRefresh = true; // a new session starts with a `refresh` (§4.2)
  readonly waiters = new Set<() => void>();
  constructor(
    readonly id: string,
    readonly accountId: string,
    public lastUsed: number,
  ) {}

  hasPending(): boolean {
    return this.needsRefresh || this.pending.count > 0;
  }
}

interface BlockedNoOp {
  session: SoapSession;
  finish: () => void;
}

interface WaitSetAccount {
  token: number;
  types: Set<string>;
}

interface WaitSet {
  id: string;
  ownerId: string;
  defTypes: Set<string>;
  accounts: Map<string, WaitSetAccount>;
  seq: number;
  lastUsed: number;
  signals: Map<string, { changeid: number; seq: number }>;
  blocked?: { finish: (canceled: boolean) => void };
}

const ALL_TYPES = ['f', 'm', 'c', 'a', 't', 'd'];
const KIND_TYPE: Record<ItemKind, string> = {
  folder: 'f',
  tag: 'f',
  message: 'm',
  conversation: 'm',
  contact: 'c',
  appointment: 'a',
  document: 'd',
};

export function parseTypes(v: string | undefined): Set<string> {
  if (!v || v.split(',').includes('all')) return new Set(ALL_TYPES);
  return new Set(
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => ALL_TYPES.includes(s)),
  );
}

export class Push {
  private readonly sessions = new Map<string, SoapSession>();
  private readonly blockedNoOps = new Set<BlockedNoOp>();
  private readonly waitSets = new Map<string, WaitSet>();
  private nextSessionId = 1115794;
  private nextWaitSetId = 7;
  private readonly mailboxWaiters = new Map<string, Set<() => void>>();

  constructor(private readonly world: World) {
    for (const mbox of world.mailboxes.values()) mbox.onChange((c) => this.onChange(mbox, c));
  }

  // ---- sessions -------------------------------------------------------------------------------------------

  private alive(s: SoapSession): boolean {
    return this.world.now() - s.lastUsed <= this.world.config.sessionIdleMs || s.waiters.size > 0;
  }

  /** Finds the session named in the request context or starts a new one (a new id means "refresh", §4.2). */
  resolve(accountId: string, wantedId: string | undefined): SoapSession {
    if (wantedId) {
      const s = this.sessions.get(wantedId);
      if (s && s.accountId === accountId && this.alive(s)) {
        s.lastUsed = this.world.now();
        return s;
      }
      if (s && !this.alive(s)) this.sessions.delete(wantedId);
    }
    const mine = [...this.sessions.values()].filter((s) => s.accountId === accountId);
    // At most 5 SOAP sessions per account (`zimbra_session_limit_soap`): the least recently used goes.
    while (mine.length >= 5) {
      mine.sort((a, b) => a.lastUsed - b.lastUsed);
      this.sessions.delete(mine.shift()!.id);
    }
    const s = new SoapSession(String(this.nextSessionId++), accountId, this.world.now());
    this.sessions.set(s.id, s);
    return s;
  }

  acknowledge(s: SoapSession, seq: number): void {
    s.blocks = s.blocks.filter((b) => (b.seq as number) > seq);
  }

  private onChange(mbox: Mailbox, change: ChangeSet): void {
    for (const s of this.sessions.values()) {
      if (s.accountId !== mbox.account.id) continue;
      const p = s.pending;
      for (const item of change.created) p.created.set(item.id, item);
      for (const { item, fields } of change.modified) {
        if (p.created.has(item.id)) continue;
        const set = p.modified.get(item.id) ?? new Set<string>();
        fields.forEach((f) => set.add(f));
        p.modified.set(item.id, set);
      }
      for (const { id, kind } of change.deleted) {
        if (p.created.delete(id)) continue;
        p.modified.delete(id);
        p.deleted.set(id, kind);
      }
      change.folderCounts.forEach((f) => p.folderCounts.add(f));
      p.sizeChanged ||= change.sizeChanged;
      p.count += change.created.length + change.modified.length + change.deleted.length;
      if (p.count > this.world.config.maxPendingNotifications) {
        // Overflow: drop the queue, send a `refresh` instead (§4.2).
        s.pending = emptyPending();
        s.needsRefresh = true;
      }
      s.waiters.forEach((w) => w());
    }
    this.mailboxWaiters.get(mbox.account.id)?.forEach((w) => w());
  }

  /** Control: pretend more than 400 notifications queued up, so the next response carries `refresh`. */
  forceRefresh(accountId: string): void {
    for (const s of this.sessions.values()) {
      if (s.accountId !== accountId) continue;
      s.pending = emptyPending();
      s.needsRefresh = true;
      s.waiters.forEach((w) => w());
    }
  }

  expireSessions(accountId: string, exceptId?: string): void {
    for (const s of [...this.sessions.values()]) {
      if (s.accountId === accountId && s.id !== exceptId) this.sessions.delete(s.id);
    }
  }

  endSession(accountId: string, id: string): void {
    const s = this.sessions.get(id);
    if (s && s.accountId === accountId) this.sessions.delete(id);
  }

  sessionCount(accountId: string): number {
    return [...this.sessions.values()].filter((s) => s.accountId === accountId && this.alive(s)).length;
  }

  /** Response-header pieces for a session: `refresh` and/or the unacknowledged `notify` blocks. */
  flush(s: SoapSession, mbox: Mailbox, nonotify: boolean): { refresh?: JsonObject; notify?: JsonObject[] } {
    const out: { refresh?: JsonObject; notify?: JsonObject[] } = {};
    if (s.needsRefresh) {
      s.needsRefresh = false;
      s.pending = emptyPending();
      s.blocks = [];
      s.seq = 0; // the JS client also resets its sequence to 0 on refresh
      out.refresh = this.refreshBlock(mbox);
    } else if (s.pending.count > 0 && !nonotify) {
      s.seq += 1;
      s.blocks.push(this.renderBlock(mbox, s.seq, s.pending));
      s.pending = emptyPending();
    }
    if (!nonotify && s.blocks.length > 0) out.notify = s.blocks;
    return out;
  }

  refreshBlock(mbox: Mailbox): JsonObject {
    const tags = mbox.list('tag').map(tagJson);
    return {
      version: VERSION_STRINGS[this.world.config.version],
      mbx: [{ s: mbox.size() }],
      tags: { tag: tags },
      folder: [folderTree(mbox, mbox.folder(FOLDER.ROOT)!, {})],
    };
  }

  private renderBlock(mbox: Mailbox, seq: number, p: Pending): JsonObject {
    const block: JsonObject = { seq };
    if (p.deleted.size > 0) block.deleted = { id: [...p.deleted.keys()].join(',') };
    const created: Record<string, JsonObject[]> = {};
    for (const item of p.created.values()) {
      if (!mbox.items.has(item.id)) continue;
      const summary = itemSummary(mbox, item);
      if (summary) (created[summary.key] ??= []).push(summary.json);
    }
    if (Object.keys(created).length > 0) block.created = created;
    const modified: Record<string, JsonObject[]> = {};
    for (const [id, fields] of p.modified) {
      const item = mbox.items.get(id);
      if (!item) continue;
      const enc = modifiedJson(mbox, item, fields);
      if (enc) (modified[enc.key] ??= []).push(enc.json);
    }
    for (const fid of p.folderCounts) {
      const f = mbox.folder(fid);
      if (!f) continue;
      const counts = folderCounts(mbox, fid);
      const list = (modified.folder ??= []);
      const existing = list.find((x) => x.id === String(fid));
      if (existing) Object.assign(existing, { u: counts.u, n: counts.n, s: counts.s });
      else list.push({ id: String(fid), u: counts.u, n: counts.n, s: counts.s });
    }
    if (p.sizeChanged) modified.mbx = [{ s: mbox.size() }];
    if (Object.keys(modified).length > 0) block.modified = modified;
    return block;
  }

  // ---- NoOp long-poll -------------------------------------------------------------------------------------

  /** Blocks until the session has something to report, the timeout passes, or a newer NoOp supersedes it. */
  async waitNoOp(s: SoapSession, timeoutMs: number, limitToOneBlocked: boolean, signal: AbortSignal): Promise<void> {
    if (limitToOneBlocked) {
      for (const b of [...this.blockedNoOps]) if (b.session.accountId === s.accountId) b.finish();
    }
    if (s.hasPending()) return;
    await new Promise<void>((resolve) => {
      let done = false;
      const entry: BlockedNoOp = { session: s, finish: () => finish() };
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        s.waiters.delete(wake);
        this.blockedNoOps.delete(entry);
        signal.removeEventListener('abort', finish);
        s.lastUsed = this.world.now();
        resolve();
      };
      const wake = () => finish();
      const timer = setTimeout(finish, timeoutMs);
      s.waiters.add(wake);
      this.blockedNoOps.add(entry);
      signal.addEventListener('abort', finish);
    });
  }

  // ---- WaitSets -------------------------------------------------------------------------------------------

  createWaitSet(
    ownerId: string,
    defTypes: Set<string>,
    accounts: { id: string; token?: number; types?: Set<string> }[],
  ): WaitSet {
    const ws: WaitSet = {
      id: `WaitSet${this.nextWaitSetId++}`,
      ownerId,
      defTypes,
      accounts: new Map(),
      seq: 0,
      lastUsed: this.world.now(),
      signals: new Map(),
    };
    for (const a of accounts) {
      const mbox = this.world.mailboxes.get(a.id)!;
      ws.accounts.set(a.id, { token: a.token ?? mbox.changeId, types: a.types ?? defTypes });
    }
    this.waitSets.set(ws.id, ws);
    return ws;
  }

  getWaitSet(id: string): WaitSet {
    const ws = this.waitSets.get(id);
    // An unreferenced WaitSet expires after 20 minutes (§4.3).
    if (!ws || (!ws.blocked && this.world.now() - ws.lastUsed > 20 * 60_000)) {
      if (ws) this.waitSets.delete(id);
      throw faults.noSuchWaitSet(id);
    }
    return ws;
  }

  destroyWaitSet(id: string): void {
    const ws = this.getWaitSet(id);
    ws.blocked?.finish(true);
    this.waitSets.delete(id);
  }

  destroyWaitSetsOf(accountId: string): void {
    for (const ws of [...this.waitSets.values()]) {
      if (ws.ownerId === accountId) {
        ws.blocked?.finish(true);
        this.waitSets.delete(ws.id);
      }
    }
  }

  waitSetIds(accountId: string): string[] {
    return [...this.waitSets.values()].filter((w) => w.ownerId === accountId).map((w) => w.id);
  }

  private collect(ws: WaitSet): void {
    let fresh = false;
    for (const [accountId, a] of ws.accounts) {
      const mbox = this.world.mailboxes.get(accountId)!;
      if (mbox.changeId <= a.token) continue;
      if (changedSince(mbox, a.token, a.types)) {
        ws.signals.set(accountId, { changeid: mbox.changeId, seq: -1 });
        fresh = true;
      }
      a.token = mbox.changeId;
    }
    if (fresh) {
      ws.seq += 1;
      for (const s of ws.signals.values()) if (s.seq < 0) s.seq = ws.seq;
    }
  }

  async waitSetRequest(
    ws: WaitSet,
    opts: {
      seq?: number;
      block: boolean;
      timeoutS: number;
      update: { id: string; token?: number; types?: Set<string> }[];
    },
    signal: AbortSignal,
  ): Promise<JsonObject> {
    ws.lastUsed = this.world.now();
    if (ws.blocked) ws.blocked.finish(true); // a newer request supersedes the blocked one: `canceled: true`
    for (const u of opts.update) {
      const a = ws.accounts.get(u.id);
      const mbox = this.world.mailboxes.get(u.id);
      if (!mbox) continue;
      ws.accounts.set(u.id, { token: u.token ?? mbox.changeId, types: u.types ?? a?.types ?? ws.defTypes });
    }
    if (opts.seq !== undefined) for (const [id, s] of ws.signals) if (s.seq <= opts.seq) ws.signals.delete(id);
    this.collect(ws);
    if (ws.signals.size === 0 && opts.block) {
      const canceled = await new Promise<boolean>((resolve) => {
        let done = false;
        const owners = [...ws.accounts.keys()];
        const finish = (c: boolean) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          for (const id of owners) this.mailboxWaiters.get(id)?.delete(wake);
          signal.removeEventListener('abort', onAbort);
          if (ws.blocked?.finish === finish) ws.blocked = undefined;
          ws.lastUsed = this.world.now();
          resolve(c);
        };
        const wake = () => {
          this.collect(ws);
          if (ws.signals.size > 0) finish(false);
        };
        const onAbort = () => finish(false);
        const timer = setTimeout(() => finish(false), opts.timeoutS * 1000);
        for (const id of owners) {
          let set = this.mailboxWaiters.get(id);
          if (!set) this.mailboxWaiters.set(id, (set = new Set()));
          set.add(wake);
        }
        ws.blocked = { finish };
        signal.addEventListener('abort', onAbort);
      });
      if (canceled) return { waitSet: ws.id, canceled: true, seq: String(ws.seq) };
    }
    const out: JsonObject = { waitSet: ws.id, seq: String(ws.seq) };
    if (ws.signals.size > 0) out.a = [...ws.signals].map(([id, s]) => ({ id, changeid: s.changeid }));
    return out;
  }

  /** Ends every blocked long-poll (server shutdown). */
  shutdown(): void {
    for (const b of [...this.blockedNoOps]) b.finish();
    for (const ws of this.waitSets.values()) ws.blocked?.finish(false);
  }
}

function changedSince(mbox: Mailbox, token: number, types: Set<string>): boolean {
  for (const item of mbox.items.values()) if (item.ms > token && types.has(KIND_TYPE[item.kind])) return true;
  for (const t of mbox.tombstones) if (t.changeId > token && types.has(KIND_TYPE[t.kind])) return true;
  return false;
}

/** A modified item in a notify block: only the changed fields plus `id` (full summary for content changes). */
function modifiedJson(mbox: Mailbox, item: Item, fields: Set<string>): { key: string; json: JsonObject } | undefined {
  const summary = itemSummary(mbox, item);
  if (!summary) return undefined;
  if (fields.has('content') || item.kind === 'appointment' || item.kind === 'contact') return summary;
  const out: JsonObject = { id: String(item.id) };
  const full = summary.json;
  const pick = (k: string, fallback: string | number = '') => {
    out[k] = full[k] ?? fallback;
  };
  for (const f of fields) {
    if (f === 'f') pick('f');
    else if (f === 'tn') pick('tn');
    else if (f === 'l') pick('l');
    else if (f === 'cid') pick('cid');
    else if (f === 'name') pick('name');
    else if (f === 'color') pick('color', 0);
    else if (f === 'lock') {
      pick('loid');
      pick('loe');
      pick('lt', 0);
    } else if (f === 'desc') pick('desc');
  }
  if (item.kind === 'folder' && fields.has('name')) out.absFolderPath = folderAttrs(mbox, item).absFolderPath!;
  return { key: summary.key, json: out };
}
