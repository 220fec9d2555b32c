// The one contract between the renderer and the core: every request channel (`domain:verb`, its zod
// request schema and its response type) and every event the core pushes. The Electron IPC router and the
// test host both validate requests against it; the preload builds `window.bastide` from it; the renderer
// imports its types only.
import { z } from 'zod';

// zod's fast path compiles validators with `new Function`, which the renderer's CSP forbids (the test
// host's bridge runs this file in the page): stay on the interpreter everywhere for one behaviour.
z.config({ jitless: true });
import type {
  AccountKindInfo,
  AccountSummary,
  ActivityItem,
  AppInfo,
  CalendarEvent,
  ChatMessage,
  Conversation,
  ErrorInfo,
  FileEntry,
  MailFolder,
  MailMessage,
  MailSummary,
  Page,
  PresenceStatus,
  SearchResult,
  Settings,
  Space,
  SpacePost,
  SyncProgress,
} from '../main/core/model';

export type * from '../main/core/model';

/** A phantom value that carries a response type without any runtime cost. */
const returns = <T>() => undefined as unknown as T;

const id = z.string().min(1).max(512);
const isoDate = z.iso.datetime({ offset: true });
const nothing = z.object({}).strict();

export const presenceStatus = z.enum(['available', 'busy', 'dnd', 'away', 'offline']);

export const channels = {
  'app:info': { request: nothing, response: returns<AppInfo>() },
  'settings:get': { request: nothing, response: returns<Settings>() },
  'settings:set': {
    request: z
      .object({ language: z.enum(['fr', 'en']).optional(), theme: z.enum(['system', 'light', 'dark']).optional() })
      .strict(),
    response: returns<Settings>(),
  },
  'accounts:kinds': { request: nothing, response: returns<AccountKindInfo[]>() },
  'accounts:list': { request: nothing, response: returns<AccountSummary[]>() },
  'presence:get': { request: nothing, response: returns<PresenceStatus>() },
  'presence:set': { request: z.object({ status: presenceStatus }).strict(), response: returns<PresenceStatus>() },
  'mail:folders': { request: z.object({ accountId: id.optional() }).strict(), response: returns<MailFolder[]>() },
  'mail:list': {
    request: z
      .object({
        folderId: id,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    response: returns<Page<MailSummary>>(),
  },
  'mail:get': { request: z.object({ id }).strict(), response: returns<MailMessage>() },
  'mail:setFlags': {
    request: z
      .object({ ids: z.array(id).min(1).max(1000), unread: z.boolean().optional(), flagged: z.boolean().optional() })
      .strict(),
    response: returns<void>(),
  },
  'chat:conversations': { request: nothing, response: returns<Conversation[]>() },
  'chat:messages': {
    request: z
      .object({ conversationId: id, before: isoDate.optional(), limit: z.number().int().min(1).max(500).default(50) })
      .strict(),
    response: returns<ChatMessage[]>(),
  },
  'spaces:list': { request: nothing, response: returns<Space[]>() },
  'spaces:posts': { request: z.object({ spaceId: id }).strict(), response: returns<SpacePost[]>() },
  'files:list': {
    request: z.object({ parentId: id.nullable().default(null), spaceId: id.optional() }).strict(),
    response: returns<FileEntry[]>(),
  },
  'files:get': { request: z.object({ id }).strict(), response: returns<FileEntry>() },
  'calendar:events': {
    request: z.object({ from: isoDate, to: isoDate }).strict(),
    response: returns<CalendarEvent[]>(),
  },
  'activity:feed': { request: nothing, response: returns<ActivityItem[]>() },
  'search:query': {
    request: z
      .object({ q: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(100).default(30) })
      .strict(),
    response: returns<SearchResult[]>(),
  },
} as const;

export const events = {
  'accounts:changed': returns<AccountSummary[]>(),
  'settings:changed': returns<Settings>(),
  'presence:changed': returns<PresenceStatus>(),
  'mail:changed': returns<{ folderIds: string[] }>(),
  'sync:progress': returns<SyncProgress>(),
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
/** The request after validation and defaults: what the core receives. */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof channels)[C]['response'];
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

/** What crosses the wire for every request: errors are data, so their code survives serialisation. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A request argument may be left out when every field of it is optional. */
type OptionalIfEmpty<R> = Partial<Record<never, never>> extends R ? [R?] : [R];

/** The object the renderer finds at `window.bastide`. */
export interface BastideApi {
  invoke<C extends Channel>(channel: C, ...request: OptionalIfEmpty<RequestOf<C>>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export type Validation<C extends Channel> = { ok: true; value: ParsedRequestOf<C> } | { ok: false; error: ErrorInfo };

/** Validates one request against its channel's schema. Unknown channels and invalid payloads are refused. */
export function validateRequest(channel: unknown, payload: unknown): Validation<Channel> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'ipc.unknownChannel' } };
  const result = channels[channel].request.safeParse(payload ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      ok: false,
      error: { code: 'ipc.invalidRequest', params: { channel, field: issue?.path.join('.') ?? '' } },
    };
  }
  return { ok: true, value: result.data };
}

const ERROR_PREFIX = 'bastide-error:';

/**
 * Thrown to the renderer when a request fails. Electron's context bridge keeps only an error's message,
 * so the translatable code and its parameters travel inside the message; `errorInfoOf` reads them back.
 */
export class BastideRequestError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(ERROR_PREFIX + JSON.stringify(info));
    this.name = 'BastideRequestError';
  }
}

/** The translatable error behind anything a request rejected with (`internal` when it is not ours). */
export function errorInfoOf(error: unknown): ErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith(ERROR_PREFIX)) {
    try {
      const info = JSON.parse(message.slice(ERROR_PREFIX.length)) as ErrorInfo;
      if (typeof info.code === 'string') return info;
    } catch {
      // fall through
    }
  }
  return { code: 'internal' };
}
