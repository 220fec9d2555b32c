// A CalDAV account at work: its calendars mirrored now, then every few minutes (a sync with nothing new
// costs one request per calendar), with back-off while the server is unreachable.
import type { LiveAccount, LiveConnector } from '../../core/live/live-accounts';
import { CoreError } from '../../core/errors';
import { createStoreSink } from '../../store/sink';
import { CalDavCalendar } from './calendar';
import { caldavDriver, urlOf } from './login';

export interface CalDavLiveOptions {
  intervalMs?: number;
  retry?: { firstMs: number; maxMs: number };
  /** The user's IANA zone; by default this machine's. */
  timeZone?: string;
}

export function caldavLiveConnector(options: CalDavLiveOptions = {}): LiveConnector {
  return {
    kindId: caldavDriver.kind.id,
    start(context): LiveAccount {
      const { account, store } = context;
      let credentials: { username: string; password: string } | null = null;
      const calendar = new CalDavCalendar({
        accountId: account.id,
        url: urlOf(context.setup),
        login: async () => {
          if (!credentials) throw new CoreError('auth.expired');
          return credentials;
        },
        fetch: context.network.fetch,
        now: context.now,
        ...(options.timeZone && { timeZone: options.timeZone }),
      });
      const sink = createStoreSink(store, account.id);
      const { firstMs, maxMs } = options.retry ?? { firstMs: 5_000, maxMs: 5 * 60_000 };
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      let failures = 0;

      const run = async () => {
        timer = undefined;
        try {
          // A server that says the session expired gets one renewal (the session manager's rule).
          const changed = await context.withSession(async (auth) => {
            credentials = auth.login ?? null;
            return calendar.syncNow(sink);
          });
          failures = 0;
          if (changed) context.changed('calendar');
          schedule(options.intervalMs ?? 5 * 60_000);
        } catch (error) {
          if (error instanceof CoreError && error.code.startsWith('auth.')) return;
          const ceiling = Math.min(maxMs, firstMs * 2 ** failures++);
          schedule(ceiling / 2 + (Math.random() * ceiling) / 2);
        }
      };
      const schedule = (delay: number) => {
        if (stopped) return;
        timer = setTimeout(() => void (running = run()), delay);
        timer.unref();
      };
      let running = run();

      return {
        async stop() {
          stopped = true;
          clearTimeout(timer);
          await running;
        },
      };
    },
  };
}
