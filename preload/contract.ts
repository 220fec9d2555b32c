// The one contract between the renderer and the core: every request channel (`domain:verb`, its zod
// request schema and its response type) and every event the core pushes. The Electron IPC router and the
// test host both validate requests against it; the preload builds `window.bastide` from it; the renderer
// imports its types only.
import { z } from 'zod';

// zod's fast path compiles validators with `new Function`, which the renderer's CSP forbids (the test
// host's bridge runs this file in the page): stay on the interpreter everywhere for one behaviour.
z.config({ jitless: true });
import type {
  AccountDetails,
  AccountKindInfo,
  AccountSummary,
  ActivityItem,
  AppInfo,
  AppOpen,
  AttachmentPolicy,
  CalendarEvent,
  ChatMessage,
  Connectivity,
  Conversation,
  DesktopSettings,
  Draft,
  DiscoveryResult,
  ErrorInfo,
  FileContent,
  FileEntry,
  FileTransfer,
  FileSaveResult,
  FileVersions,
  MailAddress,
  MailFolder,
  MailMessage,
  MailSummary,
  OutboxItem,
  OutboxStatus,
  Page,
  Person,
  PolicyState,
  PreconfiguredAccountEntry,
  PresenceStatus,
  SearchResult,
  SecretsStatus,
  Settings,
  SignInResult,
  Space,
  SpaceComment,
  SpacePost,
  SyncProgress,
  TrustedCertificate,
  UndoHandle,
  UpdateStatus,
} from '../main/core/model';

export type * from '../main/core/model';

/** A phantom value that carries a response type without any runtime cost. */
const returns = <T>() => undefined as unknown as T;

const id = z.string().min(1).max(512);
const isoDate = z.iso.datetime({ offset: true });
const nothing = z.object({}).strict();

export const presenceStatus = z.enum(['available', 'busy', 'dnd', 'away', 'offline']);

// Mail: addresses the user typed, message selections, and what a draft is made of.
const mailAddress = z
  .object({
    name: z.string().trim().max(200).optional(),
    address: z
      .string()
      .trim()
      .max(320)
      .regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+$/),
  })
  .strict();
const mailAddresses = z.array(mailAddress).max(500);
const messageIds = z.array(id).min(1).max(1000);
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path), 'absolute path');
/**
 * An attachment to keep (by id), or a file to add: by path (the desktop's own picker), or staged from the renderer
 * (`files:stage`: picker, drag and drop). `sendAsLink`: the user chose to share it as a link (when the policy allows).
 */
const draftAttachment = z.union([
  z.object({ id, sendAsLink: z.boolean().optional() }).strict(),
  z
    .object({
      path: absolutePath,
      name: z.string().trim().min(1).max(255).optional(),
      mimeType: z.string().max(255).optional(),
      sendAsLink: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      stagingId: id,
      name: z.string().trim().min(1).max(255).optional(),
      mimeType: z.string().max(255).optional(),
      sendAsLink: z.boolean().optional(),
    })
    .strict(),
]);

// Accounts: where a server is, and the credentials the user types (they only ever travel towards the core).
const hostName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[\p{L}\p{N}.:[\]-]+$/u);
const serverEndpoint = z
  .object({
    host: hostName,
    port: z.number().int().min(1).max(65_535),
    security: z.enum(['tls', 'starttls', 'none']),
  })
  .strict();
export const accountServer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('web'), url: z.url({ protocol: /^https?$/ }).max(2048) }).strict(),
  z.object({ type: z.literal('mail'), incoming: serverEndpoint, outgoing: serverEndpoint }).strict(),
  z.object({ type: z.literal('chat'), domain: hostName, endpoint: serverEndpoint }).strict(),
]);
export const signInMethod = z.enum(['password', 'sso']);
const username = z.string().trim().min(1).max(320);
const password = z.string().min(1).max(1024);
const displayName = z.string().trim().min(1).max(120);
const fingerprint = z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/);
// Files: names as servers accept them (no path separators or control characters), content as base64.
const fileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^/\\\p{Cc}]+$/u);
const mimeType = z
  .string()
  .max(255)
  .regex(/^[\w.+-]+\/[\w.+-]+$/);
/** Up to 100 MB once decoded. */
const fileData = z.base64().max(140_000_000);

export const channels = {
  'app:info': { request: nothing, response: returns<AppInfo>() },
  'settings:get': { request: nothing, response: returns<Settings>() },
  'settings:set': {
    request: z
      .object({
        language: z.enum(['fr', 'en']).optional(),
        theme: z.enum(['system', 'light', 'dark']).optional(),
        updateMode: z.enum(['off', 'notify', 'automatic']).optional(),
        updateChannel: z.enum(['stable', 'beta']).optional(),
      })
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
    response: returns<UndoHandle>(),
  },
  // Mail, offline first. Everything reads the local store; `mail:get` also fetches a body that is not local yet
  // (offline, `bodyAvailable` stays false). Actions apply locally at once and reach the server when it is
  // reachable (persisted tasks); `mail:undo` reverts one. Drafts save locally; `outbox:send` queues the mail.
  /** Every message of a conversation (References/In-Reply-To), oldest first, whatever its folder. */
  'mail:thread': { request: z.object({ threadId: id }).strict(), response: returns<MailSummary[]>() },
  'mail:move': { request: z.object({ ids: messageIds, folderId: id }).strict(), response: returns<UndoHandle>() },
  /** To the Trash; from the Trash (or on servers without one), for good after a short undo window. */
  'mail:delete': { request: z.object({ ids: messageIds }).strict(), response: returns<UndoHandle>() },
  /** Reverts `mail:setFlags`, `mail:move` or `mail:delete` (`mail.undoExpired` once it is too late). */
  'mail:undo': { request: z.object({ undoId: id }).strict(), response: returns<void>() },
  /** Shows remote images of this message, or of everything its sender sends (`remoteContentAllowed`). */
  'mail:allowRemoteContent': {
    request: z.object({ messageId: id, scope: z.enum(['message', 'sender']) }).strict(),
    response: returns<void>(),
  },
  /** Downloads the attachment into the profile's cache (once) and opens it with the system's application. */
  'mail:openAttachment': { request: z.object({ attachmentId: id }).strict(), response: returns<void>() },
  /** Recipient completion from the local history (people written to weigh more than people heard from). */
  'mail:recipients': {
    request: z
      .object({
        q: z.string().trim().min(1).max(200),
        accountId: id.optional(),
        limit: z.number().int().min(1).max(50).default(8),
      })
      .strict(),
    response: returns<MailAddress[]>(),
  },
  /** The folder on screen: the server pushes its changes (IDLE) and it syncs first. */
  'mail:watch': { request: z.object({ folderId: id }).strict(), response: returns<void>() },
  /** Checks the server now (and retries an unreachable account at once). */
  'mail:sync': { request: z.object({ accountId: id.optional() }).strict(), response: returns<void>() },
  /** Whether each mail account's server is reachable now (then follow `connectivity:changed`). */
  'mail:connectivity': { request: nothing, response: returns<Connectivity[]>() },
  /** Large files on this account: whether the composer may (or must) send them as share links, and above what size. */
  'attachments:policy': { request: z.object({ accountId: id }).strict(), response: returns<AttachmentPolicy>() },
  /** A new draft: blank, or answering / forwarding a message, or editing one from the Drafts folder. */
  'drafts:create': {
    request: z
      .object({
        accountId: id.optional(),
        source: z
          .object({ messageId: id, mode: z.enum(['reply', 'replyAll', 'forward', 'edit']) })
          .strict()
          .optional(),
      })
      .strict()
      .refine((request) => request.accountId !== undefined || request.source !== undefined, 'accountId or source'),
    response: returns<Draft>(),
  },
  'drafts:get': { request: z.object({ id }).strict(), response: returns<Draft>() },
  /** Drafts being written (not those in the outbox), most recent first. */
  'drafts:list': { request: z.object({ accountId: id.optional() }).strict(), response: returns<Draft[]>() },
  /**
   * Saves what changed (fields left out stay). Cheap and idempotent: the composer calls it on its own debounce;
   * the draft reaches the server's Drafts folder shortly after, replacing the previous copy.
   */
  'drafts:save': {
    request: z
      .object({
        id,
        to: mailAddresses.optional(),
        cc: mailAddresses.optional(),
        bcc: mailAddresses.optional(),
        subject: z.string().max(998).optional(),
        bodyText: z.string().max(2_000_000).optional(),
        bodyHtml: z.string().max(5_000_000).nullable().optional(),
        attachments: z.array(draftAttachment).max(100).optional(),
      })
      .strict(),
    response: returns<Draft>(),
  },
  'drafts:discard': { request: z.object({ id }).strict(), response: returns<void>() },
  /** The signature the composer inserts for an account (plain text, kept on this device; empty: none). */
  'mail:signature': { request: z.object({ accountId: id }).strict(), response: returns<string>() },
  'mail:setSignature': {
    request: z.object({ accountId: id, signature: z.string().max(10_000) }).strict(),
    response: returns<string>(),
  },
  /** Queues the draft in the outbox (its Message-ID is fixed now); it is sent when the server is reachable. */
  'outbox:send': { request: z.object({ draftId: id }).strict(), response: returns<OutboxItem>() },
  'outbox:list': { request: z.object({ accountId: id.optional() }).strict(), response: returns<OutboxItem[]>() },
  /** Per account, how many mails wait and how many need the user (then follow `outbox:changed`). */
  'outbox:status': { request: nothing, response: returns<OutboxStatus[]>() },
  /** Tries a queued or failed mail again now. */
  'outbox:retry': { request: z.object({ id }).strict(), response: returns<OutboxItem>() },
  /** Takes a mail out of the outbox back into the drafts, to change it (refused once the server may have it). */
  'outbox:cancel': { request: z.object({ id }).strict(), response: returns<Draft>() },
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
  /** Mail found by the servers' own search (bodies the local cache has not fetched): asked for explicitly. */
  'search:server': {
    request: z
      .object({ q: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(100).default(30) })
      .strict(),
    response: returns<SearchResult[]>(),
  },
  // Managed deployment: what the organisation's policies decide, and updates.
  'policy:get': { request: nothing, response: returns<PolicyState>() },
  'policy:preconfiguredAccounts': { request: nothing, response: returns<PreconfiguredAccountEntry[]>() },
  'updates:status': { request: nothing, response: returns<UpdateStatus>() },
  /** Quits and installs a downloaded update; refused (`updates.notReady`) unless `readyToInstall`. */
  'updates:install': { request: nothing, response: returns<void>() },
  // Accounts (settings, discovery, sign-in), trusted certificates and where secrets are kept. Sign-ins answer
  // `two-factor-required` when the server wants a code: `accounts:twoFactor` completes them.
  'accounts:get': { request: z.object({ id }).strict(), response: returns<AccountDetails>() },
  'accounts:discover': {
    request: z.object({ input: z.string().trim().min(1).max(2048) }).strict(),
    response: returns<DiscoveryResult>(),
  },
  'accounts:add': {
    request: z
      .object({
        kindId: id,
        server: accountServer,
        username,
        /** The account's e-mail address when the username is not one (mail kinds use it as the sender). */
        address: z.email().max(320).optional(),
        displayName: displayName.optional(),
        method: signInMethod.default('password'),
        password: password.optional(),
      })
      .strict(),
    response: returns<SignInResult>(),
  },
  /** Renames at once; a new server, username or password is signed in with before anything is saved. */
  'accounts:update': {
    request: z
      .object({
        id,
        displayName: displayName.optional(),
        server: accountServer.optional(),
        username: username.optional(),
        address: z.email().max(320).optional(),
        method: signInMethod.optional(),
        password: password.optional(),
      })
      .strict(),
    response: returns<SignInResult>(),
  },
  /** Signs an account in again (it needs the user, or its password changed). */
  'accounts:signIn': {
    request: z.object({ id, method: signInMethod.default('password'), password: password.optional() }).strict(),
    response: returns<SignInResult>(),
  },
  'accounts:twoFactor': {
    request: z.object({ challengeId: id, code: z.string().trim().min(1).max(32) }).strict(),
    response: returns<SignInResult>(),
  },
  /** Tries the stored credentials again (after a network problem, or once a certificate is trusted). */
  'accounts:reconnect': { request: z.object({ id }).strict(), response: returns<AccountSummary>() },
  /** Removes the account, everything cached for it and its secrets. */
  'accounts:remove': { request: z.object({ id }).strict(), response: returns<void>() },
  'accounts:reorder': {
    request: z.object({ ids: z.array(id).min(1).max(200) }).strict(),
    response: returns<AccountSummary[]>(),
  },
  'certificates:list': { request: nothing, response: returns<TrustedCertificate[]>() },
  /** Trusts, for that host, a certificate the user was just shown in a `tls.untrusted` error. */
  'certificates:trust': {
    request: z.object({ host: hostName, fingerprint }).strict(),
    response: returns<TrustedCertificate>(),
  },
  'certificates:revoke': {
    request: z.object({ host: hostName, fingerprint }).strict(),
    response: returns<void>(),
  },
  'secrets:status': { request: nothing, response: returns<SecretsStatus>() },
  'secrets:setNoKeyringBehaviour': {
    request: z.object({ behaviour: z.enum(['refuse', 'memory-with-banner']) }).strict(),
    response: returns<SecretsStatus>(),
  },
  // Files on servers (document libraries): content in and out, versions, locks, server-side search; and
  // recipient completion against the accounts' directories (cached locally for offline use).
  /** A new version of a file, built on the version last downloaded (a conflict keeps both copies). */
  'files:saveVersion': {
    request: z.object({ id, mimeType: mimeType.optional(), data: fileData }).strict(),
    response: returns<FileSaveResult>(),
  },
  'files:versions': { request: z.object({ id }).strict(), response: returns<FileVersions>() },
  'files:lock': { request: z.object({ id, locked: z.boolean() }).strict(), response: returns<FileVersions>() },
  'files:download': {
    request: z.object({ id, version: z.string().min(1).max(64).optional() }).strict(),
    response: returns<FileContent>(),
  },
  /** Names and contents on the servers that index them, names in the local copy otherwise. */
  'files:search': {
    request: z
      .object({ q: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    response: returns<FileEntry[]>(),
  },
  'directory:complete': {
    request: z
      .object({ q: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(50).default(10) })
      .strict(),
    response: returns<Person[]>(),
  },
  // Collaboration (spaces, activity, chat and documents of collaboration servers): every intent is applied here
  // at once and replayed on the server when it is reachable; documents open with the system's applications and
  // upload in chunks (any size, with progress, queued offline).
  'chat:send': {
    request: z
      .object({ conversationId: id, text: z.string().max(20_000), stagingId: id.optional() })
      .strict()
      .refine((request) => request.text.trim() !== '' || request.stagingId !== undefined),
    response: returns<ChatMessage>(),
  },
  'chat:edit': {
    request: z.object({ messageId: id, text: z.string().trim().min(1).max(20_000) }).strict(),
    response: returns<void>(),
  },
  'chat:delete': { request: z.object({ messageId: id }).strict(), response: returns<void>() },
  /** A message the server refused: sent again, or dropped with `discard`. */
  'chat:retry': {
    request: z.object({ messageId: id, discard: z.boolean().default(false) }).strict(),
    response: returns<void>(),
  },
  'chat:markRead': { request: z.object({ conversationId: id }).strict(), response: returns<void>() },
  /** The conversation on screen (null: none): its new messages are read as they arrive. */
  'chat:focus': { request: z.object({ conversationId: id.nullable() }).strict(), response: returns<void>() },
  /** Older history from the server into the store; `complete` once there is nothing older. */
  'chat:older': {
    request: z.object({ conversationId: id }).strict(),
    response: returns<{ added: number; complete: boolean }>(),
  },
  /** Enters a group conversation by its server address (an XMPP room: `name@conference.example.org`). */
  'chat:joinRoom': {
    request: z
      .object({
        accountId: id,
        address: z
          .string()
          .trim()
          .min(3)
          .max(3071)
          .regex(/^[^\s/@]+@[^\s/@]+$/),
      })
      .strict(),
    response: returns<{ conversationId: string }>(),
  },
  'spaces:post': {
    request: z.object({ spaceId: id, text: z.string().trim().min(1).max(20_000) }).strict(),
    response: returns<SpacePost>(),
  },
  'spaces:comment': {
    request: z.object({ postId: id, text: z.string().trim().min(1).max(20_000) }).strict(),
    response: returns<SpaceComment>(),
  },
  'spaces:like': { request: z.object({ postId: id, liked: z.boolean() }).strict(), response: returns<void>() },
  /** A post or comment the server refused: sent again, or dropped with `discard`. */
  'spaces:retry': {
    request: z.object({ id, discard: z.boolean().default(false) }).strict(),
    response: returns<void>(),
  },
  /** People to mention in a space (its members first), by name. */
  'spaces:mentions': {
    request: z.object({ spaceId: id, q: z.string().trim().max(100) }).strict(),
    response: returns<Person[]>(),
  },
  /** Fetches a space's newest posts now (answered from the store meanwhile). */
  'spaces:refresh': { request: z.object({ spaceId: id }).strict(), response: returns<void>() },
  'activity:markRead': { request: z.object({ ids: z.array(id).min(1).max(500) }).strict(), response: returns<void>() },
  /** Lists a folder (or the top of a library) on its server into the store; `files:changed` follows. */
  'files:refresh': {
    request: z.object({ parentId: id.nullable().default(null), spaceId: id.optional() }).strict(),
    response: returns<void>(),
  },
  /** Opens a document with the system's application (from its local copy; offline when there is one). */
  'files:open': { request: z.object({ id }).strict(), response: returns<void>() },
  /** Keeps (or stops keeping) a document's copy on this device for offline use. */
  'files:pin': { request: z.object({ id, pinned: z.boolean() }).strict(), response: returns<FileEntry>() },
  /** Starts staging a file to upload; its content follows in `files:stageChunk`s, in order. */
  'files:stage': {
    request: z.object({ name: fileName, size: z.number().int().min(0).max(1_000_000_000_000) }).strict(),
    response: returns<{ stagingId: string }>(),
  },
  'files:stageChunk': {
    request: z.object({ stagingId: id, offset: z.number().int().min(0), data: z.base64().max(12_000_000) }).strict(),
    response: returns<{ received: number }>(),
  },
  /** A staged file as a new document in a folder (or a library's top): queued, with progress in `files:transfer`. */
  'files:queueUpload': {
    request: z.object({ stagingId: id, parentId: id.nullable(), spaceId: id.optional() }).strict(),
    response: returns<FileEntry>(),
  },
  /** A new version of a document, from a staged file or (without one) from its local copy edited on this device. */
  'files:queueVersion': { request: z.object({ id, stagingId: id.optional() }).strict(), response: returns<void>() },
  'files:transfers': { request: nothing, response: returns<FileTransfer[]>() },
  // Desktop (notifications, tray, session start) and links from outside: what a `bastide://` or `mailto:` launch,
  // or a notification's click, asks to open waits in the core until the window takes it (then follow `app:open`).
  'desktop:settings': { request: nothing, response: returns<DesktopSettings>() },
  'desktop:setSettings': {
    request: z
      .object({
        notifyMail: z.boolean().optional(),
        notifyChat: z.boolean().optional(),
        notifyActivity: z.boolean().optional(),
        doNotDisturb: z.boolean().optional(),
        closeToTray: z.boolean().optional(),
        startWithSession: z.boolean().optional(),
      })
      .strict(),
    response: returns<DesktopSettings>(),
  },
  'app:takeOpen': { request: nothing, response: returns<AppOpen[]>() },
  /** The window gained or lost the user's focus (with `chat:focus`, what is on screen is not notified). */
  'app:focus': { request: z.object({ focused: z.boolean() }).strict(), response: returns<void>() },
} as const;

export const events = {
  'accounts:changed': returns<AccountSummary[]>(),
  /** Where secrets are kept changed (the memory-only banner follows it). */
  'secrets:changed': returns<SecretsStatus>(),
  'settings:changed': returns<Settings>(),
  'presence:changed': returns<PresenceStatus>(),
  'mail:changed': returns<{ folderIds: string[] }>(),
  /** An account's outbox changed: how many mails wait, how many failed (the UI shows the count). */
  'outbox:changed': returns<OutboxStatus>(),
  /** An account's server became reachable or unreachable (per account, never the OS's idea of online). */
  'connectivity:changed': returns<Connectivity>(),
  'sync:progress': returns<SyncProgress>(),
  /** A newer version was found, or its download finished. */
  'updates:available': returns<UpdateStatus>(),
  /** An account's files changed in the store (a server pushed a change, an upload finished). */
  'files:changed': returns<{ accountId: string }>(),
  /** An account's events changed in the store. */
  'calendar:changed': returns<{ accountId: string }>(),
  /** Conversations or their messages changed (arrived, edited, read, the presence of their people). */
  'chat:changed': returns<{ conversationIds: string[] }>(),
  /** A message arrived or changed state (queued, delivered, failed): for notifications and live lists. */
  'chat:message': returns<ChatMessage>(),
  'spaces:changed': returns<{ spaceIds: string[] }>(),
  'activity:changed': returns<{ accountIds: string[] }>(),
  /** A document's upload or download progressed, finished or failed. */
  'files:transfer': returns<FileTransfer>(),
  'desktop:settingsChanged': returns<DesktopSettings>(),
  /** Something waits to be opened (a link from outside, a notification's click): take it with `app:takeOpen`. */
  'app:open': returns<Record<string, never>>(),
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
