// A BlueMind account's directory and calendars at run time (its mail is the mail engine's, mail-remote.ts):
// completion and the address books mirrored by changesets, calendars read over REST, both refreshed by their
// event-bus hooks (and caught up after a reconnection); plus what the composer asks of file hosting.
import type { AttachmentPolicy, Person } from '../../core/model';
import { CalendarSync, type LocalCalendar } from './calendar';
import { Directory, type LocalPeople } from './directory';
import { EventBusClient, type EventBusOptions } from './eventbus';
import type { BlueMindRuntime } from './runtime';

export interface BlueMindAccountOptions {
  accountId: string;
  runtime: BlueMindRuntime;
  people: LocalPeople;
  calendar: LocalCalendar;
  /** Address books were read again (the renderer's people may have changed). */
  onPeopleChanged?: () => void;
  /** Options of the event-bus client (tests shorten its delays). */
  eventBus?: Omit<EventBusOptions, 'onEvent' | 'onConnected' | 'onDisconnected' | 'keys' | 'baseUrl'>;
}

export class BlueMindAccount {
  #push: EventBusClient | null = null;
  #closed = false;

  constructor(private readonly options: BlueMindAccountOptions) {}

  get runtime(): BlueMindRuntime {
    return this.options.runtime;
  }

  async attachmentPolicy(): Promise<AttachmentPolicy> {
    return (await this.runtime.hosting()).policy();
  }

  async directory(): Promise<Directory> {
    const account = await this.runtime.account();
    return new Directory({
      client: this.runtime.client,
      accountId: this.options.accountId,
      books: () => account.containers.filter((c) => c.type === 'addressbook').map((c) => c.uid),
      state: this.runtime.state,
      local: this.options.people,
    });
  }

  async complete(query: string, limit: number): Promise<Person[]> {
    let directory: Directory;
    try {
      directory = await this.directory();
    } catch {
      return this.options.people.search(query, limit);
    }
    return directory.complete(query, limit);
  }

  async calendar(): Promise<CalendarSync> {
    const account = await this.runtime.account();
    const settings = await this.runtime.settings().catch(() => ({}) as Record<string, string | null>);
    const zone = settings.timezone || account.user.settings?.timezone || 'Europe/Paris';
    return new CalendarSync({
      client: this.runtime.client,
      accountId: this.options.accountId,
      calendars: () => {
        const calendars = account.containers.filter((c) => c.type === 'calendar').map((c) => c.uid);
        return calendars.length ? calendars : [`calendar:Default:${account.user.uid}`];
      },
      zone: () => zone,
      state: this.runtime.state,
      local: this.options.calendar,
      now: () => this.runtime.now(),
    });
  }

  /** Calendars and address books since their stored versions. */
  async refresh(signal?: AbortSignal): Promise<void> {
    await (await this.calendar()).sync(signal);
    await (await this.directory()).sync(signal);
    this.options.onPeopleChanged?.();
  }

  /** Listens to the calendars' and address books' hooks (idempotent); resolves once registered. */
  async startPush(): Promise<void> {
    if (this.#closed) return;
    if (this.#push) return this.#push.whenConnected();
    const push = new EventBusClient({
      baseUrl: this.runtime.options.baseUrl,
      keys: this.runtime.options.keys,
      ...this.options.eventBus,
      onEvent: (address) => void this.onEvent(address).catch(() => undefined),
      onConnected: (reconnected) => {
        // What changed while the socket was down is caught up by changesets.
        if (reconnected) void this.refresh().catch(() => undefined);
      },
    });
    this.#push = push;
    const account = await this.runtime.account();
    const calendars = account.containers.filter((c) => c.type === 'calendar').map((c) => c.uid);
    const books = account.containers.filter((c) => c.type === 'addressbook').map((c) => c.uid);
    await push.register(
      ...calendars.map((uid) => `bm.calendar.hook.${uid}.changed`),
      ...books.map((uid) => `bm.addressbook.hook.${uid}.changed`),
    );
    // Closed while the account was read: starting would bring the closed client back to life.
    if (this.#closed || this.#push !== push) return;
    push.start();
    await push.whenConnected();
  }

  private async onEvent(address: string): Promise<void> {
    const calendar = /^bm\.calendar\.hook\.(.+)\.changed$/.exec(address);
    if (calendar) {
      if (await (await this.calendar()).syncCalendar(calendar[1]!)) this.options.calendar.calendarChanged();
      return;
    }
    const book = /^bm\.addressbook\.hook\.(.+)\.changed$/.exec(address);
    if (book) {
      await (await this.directory()).syncBook(book[1]!);
      this.options.onPeopleChanged?.();
    }
  }

  close(): void {
    this.#closed = true;
    this.#push?.close();
    this.#push = null;
  }
}
