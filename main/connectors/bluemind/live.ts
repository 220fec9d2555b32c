// A signed-in BlueMind account at work in the core, besides its mail (the mail engine runs that, mail.ts): the
// directory (completion, address books mirrored for offline use) and calendars, first read at start (retried
// with back-off while the server cannot be reached), then kept current by the event bus.
import { CoreError } from '../../core/errors';
import type { LiveAccount, LiveConnector, LiveContext } from '../../core/live/live-accounts';
import { BlueMindAccount } from './account';
import { localCalendarOf, localPeopleOf } from './local-pim';
import { BLUEMIND_KIND_ID } from './mail';
import { BlueMindRuntime } from './runtime';
import { sessionKeysFrom } from './session-keys';
import { keyValueOf } from './state';

export interface BlueMindLiveOptions {
  /** Pause before trying the first read again after a failure, doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export function bluemindAccountOf(context: LiveContext): BlueMindAccount {
  const { account, setup, store } = context;
  if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
  const runtime = new BlueMindRuntime({
    baseUrl: setup.server.url,
    http: context.http,
    keys: sessionKeysFrom((work) => context.withSession(work)),
    state: keyValueOf(store, account.id),
    now: () => context.now().getTime(),
  });
  return new BlueMindAccount({
    accountId: account.id,
    runtime,
    people: localPeopleOf(store, account.id),
    calendar: localCalendarOf(store, account.id, () => context.changed('calendar')),
    onPeopleChanged: () => context.changed('people'),
    eventBus: { network: context.network },
  });
}

export function bluemindLiveConnector(options: BlueMindLiveOptions = {}): LiveConnector {
  return {
    kindId: BLUEMIND_KIND_ID,
    start(context): LiveAccount {
      const bluemind = bluemindAccountOf(context);
      const controller = new AbortController();
      const run = async () => {
        let pause = options.retryMs ?? 2_000;
        while (!controller.signal.aborted) {
          try {
            await bluemind.refresh(controller.signal);
            context.changed('calendar');
            if (!controller.signal.aborted) await bluemind.startPush();
            return;
          } catch (error) {
            // A session the server refuses is the session manager's business: it marks the account.
            if (controller.signal.aborted || (error instanceof CoreError && error.code.startsWith('auth.'))) return;
            await sleep(pause, controller.signal);
            pause = Math.min(pause * 2, options.maxRetryMs ?? 5 * 60_000);
          }
        }
      };
      const running = run();
      return {
        directory: { complete: (query, limit) => bluemind.complete(query, limit) },
        async stop() {
          controller.abort();
          bluemind.close();
          await running;
        },
      };
    },
  };
}
