// Documents on their way to or from a server, as the renderer's progress bars see them: one event per step
// (`files:transfer`), throttled, and the list of transfers of this session for a window opened later.
import { randomUUID } from 'node:crypto';
import type { EventHub } from '../events';
import type { ErrorInfo, FileTransfer, TransferDirection } from '../model';

const REPORT_EVERY_MS = 150;
const KEEP_FINISHED = 50;

export interface TransferHandle {
  readonly id: string;
  onProgress(done: number, total: number): void;
  readonly signal: AbortSignal;
  finish(extra?: Partial<FileTransfer>): void;
  fail(error: ErrorInfo): void;
  queued(): void;
}

export class Transfers {
  readonly #all = new Map<string, FileTransfer>();
  readonly #controllers = new Map<string, AbortController>();

  constructor(private readonly events: EventHub) {}

  list(): FileTransfer[] {
    return [...this.#all.values()].reverse();
  }

  /** Stops a transfer in progress (its task stays queued). */
  cancel(id: string): void {
    this.#controllers.get(id)?.abort();
  }

  start(
    direction: TransferDirection,
    fileId: string | null,
    name: string,
    total: number,
    id: string = randomUUID(),
  ): TransferHandle {
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    const transfer: FileTransfer = { id, fileId, name, direction, done: 0, total, state: 'running' };
    this.#all.set(id, transfer);
    this.trim();
    let reportedAt = 0;
    const emit = () => this.events.emit('files:transfer', { ...transfer });
    emit();
    return {
      id,
      signal: controller.signal,
      onProgress: (done, size) => {
        transfer.done = done;
        transfer.total = size || transfer.total;
        const now = Date.now();
        if (now - reportedAt >= REPORT_EVERY_MS || done >= transfer.total) {
          reportedAt = now;
          emit();
        }
      },
      finish: (extra = {}) => {
        Object.assign(transfer, extra, { state: 'done', done: transfer.total });
        this.#controllers.delete(id);
        emit();
      },
      fail: (error) => {
        Object.assign(transfer, { state: 'failed', error });
        this.#controllers.delete(id);
        emit();
      },
      queued: () => {
        transfer.state = 'queued';
        this.#controllers.delete(id);
        emit();
      },
    };
  }

  /** A transfer that waits (offline) until its task runs. */
  waiting(direction: TransferDirection, fileId: string | null, name: string, total: number, id: string): void {
    if (this.#all.get(id)?.state === 'running') return;
    const transfer: FileTransfer = { id, fileId, name, direction, done: 0, total, state: 'queued' };
    this.#all.set(id, transfer);
    this.trim();
    this.events.emit('files:transfer', { ...transfer });
  }

  private trim(): void {
    while (this.#all.size > KEEP_FINISHED) {
      const oldest = [...this.#all.values()].find((t) => t.state === 'done' || t.state === 'failed');
      if (!oldest) return;
      this.#all.delete(oldest.id);
    }
  }
}
