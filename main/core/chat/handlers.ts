// The chat channels, shared by every chat back-end: a conversation's account says which engine serves it,
// this core's chat (XMPP, Zimbra Chat) or the collaboration engine (eXo), whose handlers come in `others`.
import type { Handlers } from '../handlers';
import { CoreError } from '../errors';
import type { ChatService } from './chat-service';

type SharedChannels = 'chat:send' | 'chat:retry' | 'chat:markRead' | 'chat:focus' | 'chat:older';

export function chatHandlers(
  chat: ChatService,
  others: Pick<Handlers, SharedChannels>,
  messageConversation: (messageId: string) => string | undefined,
): Pick<Handlers, SharedChannels | 'chat:joinRoom'> {
  return {
    'chat:send': (request) =>
      chat.handles(request.conversationId) && request.stagingId === undefined
        ? chat.send(request.conversationId, request.text.trim())
        : others['chat:send'](request),
    'chat:retry': (request) => {
      const conversationId = messageConversation(request.messageId);
      if (conversationId === undefined) throw new CoreError('notFound', { id: request.messageId });
      return chat.handles(conversationId)
        ? chat.retry(request.messageId, request.discard)
        : others['chat:retry'](request);
    },
    'chat:markRead': (request) =>
      chat.handles(request.conversationId) ? chat.markRead(request.conversationId) : others['chat:markRead'](request),
    'chat:focus': (request) => {
      const ours = request.conversationId !== null && chat.handles(request.conversationId);
      chat.focus(ours ? request.conversationId : null);
      // The other engine hears of it too: its own conversation is no longer on screen.
      return others['chat:focus'](ours ? { conversationId: null } : request);
    },
    'chat:older': (request) =>
      chat.handles(request.conversationId) ? chat.loadOlder(request.conversationId) : others['chat:older'](request),
    'chat:joinRoom': async ({ accountId, address }) => ({ conversationId: await chat.joinRoom(accountId, address) }),
  };
}
