// Push without polling (§4.2–4.3, F13–F14): a long-poll that only says "something changed", after which the
// account runs a delta sync. A WaitSet is the doorbell of choice (it never depends on in-memory session
// state); when the server refuses WaitSets, a SOAP session with `NoOpRequest wait=1` does the same job; when it
// refuses long-polls too (`waitDisallowed`), the account falls back to checking at an interval.
import { CoreError } from '../../core/errors';
import { isFault, type ZimbraClient } from './soap';
import { bool, list, num, one, text, type SoapObject } from './values';

export interface DoorbellOptions {
  client: ZimbraClient;
  /** The mailbox's account id (GetInfo `id`). */
  zimbraId: string;
  /** The last sync token: a WaitSet created from it rings at once for changes made since. */
  token(): string | undefined;
  /** Runs the delta sync; the doorbell waits for it before listening again. */
  ring(): Promise<void>;
  /** A failure that only the user can cure (sign-in refused): the doorbell stops. */
  onStop?(error: unknown): void;
  /** The doorbell fell back to another way of listening. */
  onMode?(mode: Doorbell['mode']): void;
  /** A transient failure (offline, server down): the doorbell retries after a pause. */
  onTrouble?(error: unknown): void;
  /** How long one long-poll lasts on the server (Zimbra clamps to 30…1200 s; proxies cut long ones). */
  waitSeconds?: number;
  /** Interval of the last-resort check when the server allows no long-poll. */
  pollMs?: number;
  /** Pause after a failure, doubled up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface Doorbell {
  readonly mode: 'waitset' | 'noop' | 'poll';
  stop(): Promise<void>;
}

interface Listener {
  listen(signal: AbortSignal): Promise<'rang' | 'quiet' | 'unsupported'>;
  /** Best effort: frees what the server keeps for this listener. */
  close?(): Promise<void>;
}

/** A fault saying the WaitSet is gone or not allowed: recreate it, or fall back. */
const WAITSET_GONE = ['admin.NO_SUCH_WAITSET', 'mail.NO_SUCH_WAITSET', 'service.PROXY_ERROR'];
const WAITSET_REFUSED = ['service.PERM_DENIED', 'service.UNKNOWN_DOCUMENT'];

const isAuthProblem = (error: unknown) => error instanceof CoreError && error.code.startsWith('auth.');

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** WaitSet (F14): `a[{id, changeid}]` in the answer means the account changed; `seq` acknowledges it. */
function waitSetListener(options: DoorbellOptions, waitSeconds: number): Listener {
  const { client, zimbraId } = options;
  let waitSet: string | null = null;
  let seq = '0';
  const listen = async (signal: AbortSignal) => {
    if (waitSet === null) {
      const token = options.token();
      let created: SoapObject;
      try {
        created = await client.call(
          'CreateWaitSetRequest',
          { defTypes: 'all', add: { a: [{ id: zimbraId, ...(token !== undefined && { token }) }] } },
          { signal },
        );
      } catch (error) {
        if (WAITSET_REFUSED.some((code) => isFault(error, code))) return 'unsupported';
        throw error;
      }
      waitSet = text(created.waitSet) ?? null;
      seq = text(created.seq) ?? '0';
      if (waitSet === null) return 'unsupported';
    }
    let answer: SoapObject;
    try {
      answer = await client.call(
        'WaitSetRequest',
        { waitSet, seq, block: 1, timeout: waitSeconds },
        { signal, timeoutMs: waitSeconds * 1000 + 30_000 },
      );
    } catch (error) {
      if (WAITSET_GONE.some((code) => isFault(error, code))) {
        // Changes made while the set was gone were not signalled: look once, then make a new set.
        waitSet = null;
        return 'rang';
      }
      throw error;
    }
    seq = text(answer.seq) ?? seq;
    if (bool(answer.canceled)) return 'quiet';
    return list(answer.a).some((entry) => text(entry.id) === zimbraId) ? 'rang' : 'quiet';
  };
  return {
    listen,
    // At most 5 WaitSets per account: do not leave ours for the server to expire in 20 minutes.
    async close() {
      if (waitSet === null) return;
      const id = waitSet;
      waitSet = null;
      await client.call('DestroyWaitSetRequest', { waitSet: id }, { timeoutMs: 2000 }).catch(() => {});
    },
  };
}

/**
 * NoOp long-poll (F13): needs a SOAP session, which an ordinary call opens (`session: {}`); the answer's
 * `notify` blocks or a `refresh` mean changes. Blocks are acknowledged by `seq` so they are not re-sent.
 */
function noOpListener(options: DoorbellOptions, waitSeconds: number): Listener {
  const { client } = options;
  let session: string | null = null;
  let seq = 0;
  const sessionContext = () => (session ? { session: { id: session, _content: session }, notify: { seq } } : {});
  const listen = async (signal: AbortSignal) => {
    if (session === null) {
      const opened = await client.exchange(
        'GetInfoRequest',
        { sections: 'mbox' },
        { context: { session: {} }, signal },
      );
      session = text(one(opened.context.session)?.id) ?? null;
      // A new session starts from a `refresh`: whatever happened before it is not notified, so look now.
      return session === null ? 'unsupported' : 'rang';
    }
    const sent = session;
    const answer = await client.exchange(
      'NoOpRequest',
      { wait: 1, limitToOneBlocked: 1, timeout: waitSeconds * 1000 },
      { context: sessionContext(), signal, timeoutMs: waitSeconds * 1000 + 30_000 },
    );
    if (bool(answer.body.waitDisallowed)) return 'unsupported';
    const returned = text(one(answer.context.session)?.id);
    const blocks = list(answer.context.notify);
    for (const block of blocks) seq = Math.max(seq, num(block.seq) ?? 0);
    if (answer.context.refresh !== undefined) seq = 0;
    // A different session id means the old one expired: whatever it held is lost, so look.
    if (returned && returned !== sent) {
      session = returned;
      seq = 0;
      return 'rang';
    }
    return blocks.length > 0 || answer.context.refresh !== undefined ? 'rang' : 'quiet';
  };
  return { listen };
}

function pollListener(pollMs: number): Listener {
  return {
    async listen(signal) {
      await sleep(pollMs, signal);
      return 'rang';
    },
  };
}

/** Starts listening; each ring runs `options.ring()` (never two at once). */
export function startDoorbell(options: DoorbellOptions): Doorbell {
  const waitSeconds = options.waitSeconds ?? 120;
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const controller = new AbortController();
  const { signal } = controller;
  const modes: Array<[Doorbell['mode'], Listener]> = [
    ['waitset', waitSetListener(options, waitSeconds)],
    ['noop', noOpListener(options, waitSeconds)],
    ['poll', pollListener(options.pollMs ?? 5 * 60_000)],
  ];
  const state = { mode: 0 };

  const run = async () => {
    let pause = backoffMs;
    let recovering = false;
    while (!signal.aborted) {
      const [, listener] = modes[state.mode]!;
      try {
        // After a failure, changes may have been missed while nobody listened.
        if (recovering) await options.ring();
        recovering = false;
        const outcome = await listener.listen(signal);
        if (signal.aborted) break;
        pause = backoffMs;
        if (outcome === 'unsupported') {
          if (state.mode < modes.length - 1) {
            state.mode += 1;
            options.onMode?.(modes[state.mode]![0]);
          }
          continue;
        }
        if (outcome === 'rang') await options.ring();
      } catch (error) {
        if (signal.aborted) break;
        if (isAuthProblem(error)) {
          options.onStop?.(error);
          return;
        }
        options.onTrouble?.(error);
        recovering = true;
        // Jitter so that many clients coming back together do not knock at once.
        await sleep(pause * (0.75 + Math.random() * 0.5), signal);
        pause = Math.min(pause * 2, maxBackoffMs);
      }
    }
  };
  const running = run();

  return {
    get mode() {
      return modes[state.mode]![0];
    },
    async stop() {
      controller.abort();
      await running;
      await Promise.all(modes.map(([, listener]) => listener.close?.()));
    },
  };
}
