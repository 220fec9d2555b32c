// A signed-in Zimbra account at work in the core: the SOAP client on the account's session (renewed once by the
// session manager when the token expired), a first mirror of Briefcase, calendar and directory, then push; and,
// when GetInfo says chat is on, the account's chat over XMPP (Zimbra Chat is an XMPP server, §7).
import { CoreError } from '../../core/errors';
import type { LiveAccount, LiveConnector } from '../../core/live/live-accounts';
import type { ChatPort } from '../../core/ports';
import type { ServerEndpoint } from '../../core/model';
import { createStoreSink } from '../../store/sink';
import { XmppChat } from '../xmpp/chat';
import type { Network } from '../http/network';
import { localPart } from '../xmpp/login';
import { createZimbraAccount, type ZimbraAccount } from './account';
import type { ChatSetup } from './info';
import { createZimbraClient, type Authenticate } from './soap';
import { zimbraSinkOf, zimbraStateOf } from './store-adapter';

export interface ZimbraLiveOptions {
  /** Where Zimbra Chat's XMPP server listens, when not on the mail host's port 5222 (a separate host, tests). */
  chatEndpoint?: Partial<ServerEndpoint> & { domain?: string };
  doorbell?: Parameters<typeof createZimbraAccount>[0]['doorbell'];
  /** Pause before trying the first mirror again after a failure, doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** The auth token behind a session's `Cookie: ZM_AUTH_TOKEN=…` header. */
export function tokenOfSession(headers: Record<string, string> | undefined): string {
  const token = /(?:^|;\s*)ZM_AUTH_TOKEN=([^;]+)/.exec(headers?.Cookie ?? '')?.[1];
  if (!token) throw new CoreError('auth.expired');
  return token;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** The account's chat: Zimbra Chat's XMPP server, signed in to with the Zimbra password. */
export function zimbraChat(options: {
  accountId: string;
  chat: ChatSetup;
  password: () => Promise<string | null>;
  network: Network;
  now?: () => Date;
}): XmppChat {
  const { chat } = options;
  return new XmppChat({
    accountId: options.accountId,
    server: { domain: chat.domain, endpoint: chat.endpoint },
    // The chat extension authenticates against the mailbox: the same password.
    login: async () => {
      const password = await options.password();
      if (!password) throw new CoreError('auth.needsSignIn');
      return { username: localPart(chat.username, chat.domain), password };
    },
    network: options.network,
    ...(options.now && { now: options.now }),
  });
}

export function zimbraLiveConnector(options: ZimbraLiveOptions = {}): LiveConnector {
  return {
    kindId: 'zimbra',
    start(context): LiveAccount {
      const { account, setup, store } = context;
      if (setup.server.type !== 'web') throw new CoreError('accounts.invalidSetup', { field: 'server' });
      const authenticate: Authenticate = (operation) =>
        context.withSession((auth) => operation(tokenOfSession(auth.headers)));
      const client = createZimbraClient({
        http: context.http,
        server: setup.server.url,
        client: context.client,
        authenticate,
      });
      const zimbra: ZimbraAccount = createZimbraAccount({
        accountId: account.id,
        client,
        state: zimbraStateOf({ store, accountId: account.id }),
        sink: zimbraSinkOf({ store, accountId: account.id }),
        now: context.now,
        requestMailSync: () => context.requestSync('mail'),
        changed: (area) => context.changed(area),
        ...(options.chatEndpoint && { chatEndpoint: options.chatEndpoint }),
        ...(options.doorbell && { doorbell: options.doorbell }),
      });
      const controller = new AbortController();
      let chat: XmppChat | null = null;
      let stopChat: (() => void) | null = null;

      const turnChatOn = async () => {
        const setupOfChat = await zimbra.chat();
        const capabilities = account.capabilities.filter((c) => c !== 'chat' && c !== 'presence');
        if (!setupOfChat) {
          context.setCapabilities(capabilities);
          return;
        }
        context.setCapabilities([...capabilities, 'chat', 'presence']);
        chat = zimbraChat({
          accountId: account.id,
          chat: setupOfChat,
          password: () => context.secret('password'),
          network: context.network,
          now: context.now,
        });
        const sink = createStoreSink(store, account.id);
        stopChat = chat.listen(sink, (change) => context.changed('chat', change));
      };

      const run = async () => {
        let pause = options.retryMs ?? 2000;
        while (!controller.signal.aborted) {
          try {
            if (!chat) await turnChatOn();
            await zimbra.syncAll(controller.signal);
            if (!controller.signal.aborted) await zimbra.startPush();
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
        files: {
          search: (query, limit) => zimbra.files.search(query, limit),
          async download(fileId, version) {
            const content = await zimbra.files.download(fileId, version === undefined ? undefined : Number(version));
            return { data: content.data, version: content.version === null ? null : String(content.version) };
          },
          async versions(fileId) {
            return { versions: (await zimbra.files.versions(fileId)).map(asVersion), lockedBy: await lockOf(fileId) };
          },
          upload: (parentId, name, mimeType, data) => zimbra.files.create(parentId, name, mimeType, data),
          async saveVersion(fileId, mimeType, data) {
            const outcome = await zimbra.files.saveVersion(fileId, mimeType, data);
            return outcome.status === 'saved'
              ? { status: 'saved' }
              : { status: 'conflict', keptAs: outcome.keptAs.fileId };
          },
          async setLock(fileId, locked) {
            await zimbra.files.setLock(fileId, locked);
            return { versions: (await zimbra.files.versions(fileId)).map(asVersion), lockedBy: await lockOf(fileId) };
          },
        },
        directory: { complete: (query, limit) => zimbra.complete(query, limit) },
        chat: (): ChatPort | null => chat,
        async stop() {
          controller.abort();
          await running;
          stopChat?.();
          await Promise.all([zimbra.stop(), (chat as XmppChat | null)?.close?.()]);
        },
      };

      async function lockOf(fileId: string): Promise<string | null> {
        return (await zimbra.files.describe(fileId))?.lockedBy ?? null;
      }
    },
  };
}

function asVersion(version: { version: number; modifiedAt: string; modifiedBy: string | null; size: number }) {
  return { ...version, version: String(version.version) };
}
