// eXo Chat (brief §2): rooms with their unread counts and presence, history through `read`, messages sent over
// REST with our nonce in `options` (the server stores it: `clientId` is only echoed), edits, deletions, read
// markers, status, and file attachments (upload, persist, then a `type-file` message).
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import type { PresenceStatus } from '../../core/model';
import type { LocalFile, RemoteChatMessage, RemoteConversation, RemoteRef, Transfer } from '../../core/spaces/ports';
import type { PersonRecord } from '../../store/records';
import type { Network } from '../http/network';
import { urlOf, type ExoRest } from './client';
import type { ChatServer } from './chat-server';
import { plainText } from '../../core/spaces/rich-text';
import type { ExoIds } from './ids';
import { NONCE_KEY } from './social';
import { discard, progressCounter, streamRequest } from './stream-http';

const roomSchema = z.object({
  room: z.string(),
  user: z.string().nullish(),
  fullName: z.string().nullish(),
  type: z.string(),
  status: z.string().nullish(),
  timestamp: z.number().nullish(),
  unreadTotal: z.number().nullish(),
  prettyName: z.string().nullish(),
});

const roomsSchema = z.object({ rooms: z.array(roomSchema), roomsCount: z.string().nullish() });

export const messageSchema = z.object({
  msgId: z.string(),
  timestamp: z.number(),
  lastUpdatedTimestamp: z.number().nullish(),
  user: z.string(),
  fullname: z.string().nullish(),
  msg: z.string().nullish(),
  options: z.unknown().optional(),
  type: z.string().nullish(),
  isSystem: z.boolean().nullish(),
});

const usersSchema = z.object({
  users: z.array(z.object({ name: z.string(), fullname: z.string().nullish(), email: z.string().nullish() })),
});

export type ChatMessageJson = z.infer<typeof messageSchema>;

const PAGE = 100;

/** eXo chat statuses ↔ ours (eXo has no "busy": do not disturb is the closest). */
export function presenceOf(status: string | null | undefined): PresenceStatus {
  switch (status) {
    case 'available':
      return 'available';
    case 'away':
      return 'away';
    case 'donotdisturb':
      return 'dnd';
    default:
      return 'offline';
  }
}

export function exoStatusOf(presence: PresenceStatus): string {
  switch (presence) {
    case 'available':
      return 'available';
    case 'away':
      return 'away';
    case 'busy':
    case 'dnd':
      return 'donotdisturb';
    case 'offline':
      return 'invisible';
  }
}

const kindOf = (type: string) => (type === 'u' ? 'direct' : type === 's' ? 'space' : 'group');

function optionsOf(options: unknown): Record<string, unknown> {
  if (typeof options === 'string') {
    try {
      const parsed = JSON.parse(options) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return options && typeof options === 'object' ? (options as Record<string, unknown>) : {};
}

export class Chat {
  constructor(
    private readonly rest: ExoRest,
    private readonly server: ChatServer,
    private readonly ids: ExoIds,
    private readonly network: Network,
  ) {}

  get username(): string {
    return this.rest.session.username;
  }

  toMessage(conversationId: string, json: ChatMessageJson): RemoteChatMessage | null {
    const options = optionsOf(json.options);
    const deleted = json.type === 'DELETED';
    const file = options.type === 'type-file';
    const text = deleted ? '' : plainText(json.msg ?? '');
    // System notices (members added, meetings…) carry no text of their own.
    if (json.isSystem && !file && text === '') return null;
    const nonce = typeof options[NONCE_KEY] === 'string' ? options[NONCE_KEY] : null;
    return {
      id: this.ids.of('message', json.msgId),
      conversationId,
      authorId: this.ids.of('user', json.user),
      text,
      sentAt: new Date(json.timestamp).toISOString(),
      editedAt:
        json.type === 'EDITED' && json.lastUpdatedTimestamp ? new Date(json.lastUpdatedTimestamp).toISOString() : null,
      nonce,
      deleted,
      attachment: file
        ? {
            name: typeof options.name === 'string' ? options.name : text,
            size: typeof options.size === 'number' ? options.size : null,
            fileId: typeof options.uuid === 'string' ? this.ids.of('doc', options.uuid) : null,
          }
        : null,
    };
  }

  async rooms(): Promise<{ conversations: RemoteConversation[]; people: PersonRecord[] }> {
    const me = this.ids.of('user', this.username);
    const conversations: RemoteConversation[] = [];
    const people: PersonRecord[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.server.json<unknown>('userRooms', {
        // Always sent, even empty: the server splits it without a null check (brief §2.3).
        onlineUsers: '',
        filter: '',
        offset,
        limit: PAGE,
        roomType: '',
        timestamp: Date.now(),
      });
      const parsed = roomsSchema.safeParse(page);
      if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
      for (const room of parsed.data.rooms) {
        const id = this.ids.of('room', room.room);
        let participantIds: string[];
        if (room.type === 'u' && room.user) {
          const other: PersonRecord = {
            id: this.ids.of('user', room.user),
            name: room.fullName || room.user,
            presence: presenceOf(room.status),
          };
          people.push(other);
          participantIds = [other.id, me];
        } else {
          const members = await this.members(room.room);
          people.push(...members);
          participantIds = members.map((person) => person.id);
        }
        conversations.push({
          id,
          kind: kindOf(room.type),
          title: room.fullName || room.prettyName || room.room,
          participantIds,
          unread: room.unreadTotal ?? 0,
          lastActivityAt: room.timestamp ? new Date(room.timestamp).toISOString() : null,
          ref: { room: room.room, target: room.user ?? null, type: room.type, title: room.fullName ?? '' },
        });
      }
      const total = Number(parsed.data.roomsCount ?? NaN);
      if (parsed.data.rooms.length < PAGE || (Number.isFinite(total) && offset + PAGE >= total)) break;
    }
    return { conversations, people };
  }

  private async members(room: string): Promise<PersonRecord[]> {
    const answer = usersSchema.safeParse(await this.server.json('users', { room, onlineUsers: '', limit: 200 }));
    if (!answer.success) return [];
    return answer.data.users.map((user) => {
      const person: PersonRecord = { id: this.ids.of('user', user.name), name: user.fullname || user.name };
      if (user.email) person.address = user.email;
      return person;
    });
  }

  /** `read`, newest first (it also marks the room read for us: brief §2.4). */
  async read(room: string, conversationId: string, range: { from?: number; to?: number; limit: number }) {
    const answer = await this.server.json<unknown>('read', {
      room,
      fromTimestamp: range.from,
      toTimestamp: range.to,
      limit: range.limit,
      isTextOnly: false,
    });
    const parsed = z.object({ messages: z.array(messageSchema) }).safeParse(answer);
    if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    return parsed.data.messages.flatMap((json) => this.toMessage(conversationId, json) ?? []);
  }

  /**
   * `POST /chatServer/send`. The server URL-decodes `message` and `options` once more after the form
   * decoding, so both are encoded once by us first or `%` and `+` come out corrupted (brief §2.4, F8).
   */
  async send(room: string, text: string, options: Record<string, unknown>): Promise<void> {
    const answer = await this.server.call('send', {
      room,
      message: encodeURIComponent(text),
      options: encodeURIComponent(JSON.stringify(options)),
      isSystem: false,
    });
    if (answer.trim() !== 'ok') throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
  }

  async edit(room: string, messageId: string, text: string): Promise<void> {
    await this.server.call('edit', { room, messageId, message: encodeURIComponent(text) });
  }

  async delete(room: string, messageId: string): Promise<void> {
    await this.server.call('delete', { room, messageId });
  }

  async markRead(room: string): Promise<void> {
    await this.server.call('updateUnreadMessages', { room });
  }

  /** The chat status and the platform one (the web client sets both, brief §2.5). */
  async setStatus(presence: PresenceStatus): Promise<void> {
    const status = exoStatusOf(presence);
    await this.server.call('setStatus', { status });
    await this.rest.call('/portal/rest/state/status', { method: 'PUT', query: { status } }, false);
  }

  /** A user's chat status (`getStatus`, text/plain). */
  async status(username: string): Promise<string> {
    return (await this.server.call('getStatus', { targetUser: username })).trim();
  }

  /** Who among these people has a live connection (`onlineStatus`, brief §2.2). */
  async online(usernames: string[]): Promise<Record<string, boolean>> {
    if (usernames.length === 0) return {};
    const { body } = await this.rest.json('/portal/rest/chat/api/1.0/user/onlineStatus', {
      query: { users: usernames.join(',') },
    });
    const parsed = z.record(z.string(), z.boolean()).safeParse(body);
    return parsed.success ? parsed.data : {};
  }

  /**
   * A file for a room (brief §2.7): multipart upload (streamed), persist into the right drive, and the
   * options of the `type-file` message that shows it.
   */
  async attach(ref: RemoteRef, source: LocalFile, transfer: Transfer): Promise<Record<string, unknown>> {
    const settings = await this.server.settings();
    if (settings.canUploadFiles === false) throw new CoreError('chat.uploadForbidden', { host: this.rest.host });
    const limitMb = settings.maxUploadSize ?? 100;
    if (source.size > limitMb * 1024 * 1024)
      throw new CoreError('files.tooLarge', { name: source.name, limit: limitMb });
    const uploadId = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    for (let renewed = false; ; renewed = true) {
      const status = await this.uploadPart(uploadId, source, transfer);
      if (status !== 403 || renewed) {
        if (status < 200 || status >= 300) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
        break;
      }
      await this.rest.session.renew();
    }
    const form = new URLSearchParams({
      uploadId,
      token: settings.token,
      targetRoom: typeof ref.target === 'string' ? ref.target : '',
      targetFullname: typeof ref.title === 'string' ? ref.title : '',
    });
    const answer = await this.rest.json('/portal/rest/chat/api/1.0/file/persist', {
      method: 'POST',
      form,
      accept: [406],
    });
    if (answer.status === 406) throw new CoreError('files.tooLarge', { name: source.name, limit: limitMb });
    const persisted = z.object({ status: z.string(), uuid: z.string().nullish() }).passthrough().safeParse(answer.body);
    if (!persisted.success || persisted.data.status !== 'ok') {
      throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    }
    return { ...persisted.data, type: 'type-file' };
  }

  private async uploadPart(uploadId: string, source: LocalFile, transfer: Transfer): Promise<number> {
    const boundary = `----bastide${randomUUID().replace(/-/g, '')}`;
    const safeName = source.name.replace(/["\r\n]/g, '_');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="userfile"; filename="${safeName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const counter = progressCounter(source.size, transfer.onProgress);
    const body = Readable.from(
      (async function* () {
        yield head;
        for await (const chunk of createReadStream(source.path).pipe(counter)) yield chunk as Buffer;
        yield tail;
      })(),
    );
    const headers: Record<string, string> = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
    const cookie = this.rest.session.cookieHeader();
    if (cookie) headers.Cookie = cookie;
    const response = await streamRequest(this.network, {
      url: urlOf(this.rest.session.server, '/portal/rest/chat/api/1.0/file/upload', { uploadId, action: 'upload' }),
      method: 'POST',
      headers,
      body,
      contentLength: head.length + source.size + tail.length,
      signal: transfer.signal,
    });
    discard(response);
    return response.status;
  }
}
