// When an account's mail syncs: at start, when IDLE reports a change in the watched folder, periodically for
// the others (a STATUS of every folder in one LIST command: only folders that changed are opened), and on
// request. Servers without CONDSTORE cannot say which flags changed: their folders' flags are compared in full
// now and then. Requests that arrive during a sync are merged into one more pass.
import type { FolderSyncReport, MailRemote, MailSyncTarget } from '../mail/remote';

export interface MailSchedulerDeps {
  remote: MailRemote;
  target: MailSyncTarget;
  now: () => number;
  /** How often every folder is checked (besides IDLE on the watched one). */
  checkEveryMs: number;
  /** How often a server without CONDSTORE has its flags compared in full. */
  sweepEveryMs: number;
  canRun(): boolean;
  onSynced(reports: FolderSyncReport[]): void;
  onSucceeded(): void;
  onFailed(error: unknown): void;
}

interface Request {
  sweep: boolean;
  force: Set<string>;
}

export class MailScheduler {
  #watched = 'INBOX';
  #running: Promise<void> | null = null;
  #pending: Request | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(private readonly deps: MailSchedulerDeps) {}

  start(): void {
    this.deps.remote.watch(this.#watched, () => this.request());
    this.#timer = setInterval(() => this.request(), this.deps.checkEveryMs);
    this.#timer.unref();
    this.request();
  }

  get watched(): string {
    return this.#watched;
  }

  /** The folder the user looks at: IDLE moves there and it syncs first. */
  watch(path: string): void {
    if (path === this.#watched) return;
    this.#watched = path;
    this.deps.remote.watch(path, () => this.request());
    this.request();
  }

  request(options: { sweep?: boolean; force?: string[] } = {}): void {
    if (this.#stopped) return;
    const pending = (this.#pending ??= { sweep: false, force: new Set() });
    pending.sweep ||= options.sweep ?? false;
    for (const path of options.force ?? []) pending.force.add(path);
    if (!this.#running) this.#running = this.#drain().finally(() => (this.#running = null));
  }

  /** Resolves once no sync runs or waits. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #drain(): Promise<void> {
    while (this.#pending && !this.#stopped && this.deps.canRun()) {
      const request = this.#pending;
      this.#pending = null;
      try {
        const now = this.deps.now();
        const reports = await this.deps.remote.sync(this.deps.target, {
          first: this.#watched,
          force: [...request.force],
          sweepFlags: (cursor, modseq) =>
            request.sweep || (!modseq && now - cursor.flagsCheckedAt >= this.deps.sweepEveryMs),
        });
        this.deps.onSucceeded();
        this.deps.onSynced(reports);
      } catch (error) {
        // Asked again once the account is back.
        this.#pending = mergeInto(this.#pending, request);
        this.deps.onFailed(error);
        return;
      }
    }
  }
}

function mergeInto(pending: Request | null, request: Request): Request {
  if (!pending) return request;
  return { sweep: pending.sweep || request.sweep, force: new Set([...pending.force, ...request.force]) };
}
