// Whether one account's servers answer, learnt from what the engine does with them (never navigator.onLine):
// a failure to connect makes the account unreachable and starts probes with back-off; the first success makes
// it reachable again and lets what waited (the outbox, the sync) go. A refused password stops the probes:
// only the user can cure it (and retrying a stale password locks some accounts).
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../outbox/backoff';
import { classify, type Failure } from '../outbox/failure';
import type { ErrorInfo } from '../model';

export interface ReachabilityState {
  reachable: boolean;
  error: ErrorInfo | null;
  nextAttemptAt: number | null;
}

export interface ReachabilityDeps {
  probe(): Promise<void>;
  now: () => number;
  random: () => number;
  backoff?: BackoffPolicy;
  onChange(state: ReachabilityState): void;
  /** Reachable again after an outage (or for the first time). */
  onBack(): void;
}

export class Reachability {
  #state: ReachabilityState = { reachable: true, error: null, nextAttemptAt: null };
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;
  #probing = false;
  #stopped = false;

  constructor(private readonly deps: ReachabilityDeps) {}

  get state(): ReachabilityState {
    return this.#state;
  }

  /** Something the engine asked of the server failed because it could not reach it, or the sign-in failed. */
  failed(failure: Failure): void {
    if (this.#stopped) return;
    this.#failures++;
    const waitsForUser = failure.kind === 'signIn';
    const nextAttemptAt = waitsForUser ? null : this.deps.now() + this.#delay();
    this.#set({ reachable: false, error: failure.error, nextAttemptAt });
    this.#schedule(nextAttemptAt);
  }

  /** Something the engine asked of the server worked. */
  succeeded(): void {
    if (this.#stopped) return;
    this.#failures = 0;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const wasDown = !this.#state.reachable;
    if (wasDown) this.#set({ reachable: true, error: null, nextAttemptAt: null });
    if (wasDown) this.deps.onBack();
  }

  /** Tries now, whatever the back-off (the user asked, the system woke up, the user signed in again). */
  retryNow(): void {
    if (!this.#state.reachable) this.#schedule(this.deps.now());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #delay(): number {
    return backoffDelay(this.#failures, this.deps.random, this.deps.backoff ?? defaultBackoff);
  }

  #schedule(at: number | null): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (at === null || this.#stopped) return;
    this.#timer = setTimeout(() => void this.#probe(), Math.max(0, at - this.deps.now()));
    this.#timer.unref();
  }

  async #probe(): Promise<void> {
    if (this.#probing || this.#stopped) return;
    this.#probing = true;
    try {
      await this.deps.probe();
      this.succeeded();
    } catch (error) {
      const failure = classify(error);
      // Anything but "cannot reach" or "refused sign-in" is an answer: the server is there.
      if (failure.kind === 'offline' || failure.kind === 'signIn') this.failed(failure);
      else this.succeeded();
    } finally {
      this.#probing = false;
    }
  }

  #set(state: ReachabilityState): void {
    this.#state = state;
    this.deps.onChange(state);
  }
}
