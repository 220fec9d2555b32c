// The eXo Chat servlet `/chatServer/*` (brief §2.2–2.5): a Bearer chat token instead of the session, `user=` on
// every call, and a 404 for a bad token (empty body on 7.0, "Petit malin !" on 3.x). The token comes from the
// portal's `user/settings`, whose first call also registers the user in the chat database: so a 404 is answered
// by fetching the settings again, once.
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import { urlOf, type ExoRest, type Query } from './client';

export const chatSettingsSchema = z.object({
  username: z.string(),
  token: z.string().min(1),
  cometdToken: z.string().nullish(),
  wsEndpoint: z.string().nullish(),
  serverURL: z.string().nullish(),
  fullName: z.string().nullish(),
  status: z.string().nullish(),
  maxUploadSize: z.number().nullish(),
  canUploadFiles: z.boolean().nullish(),
});

export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** Writes only the author may make: there a repeated 404 means "not yours", not "bad token". */
const AUTHOR_ONLY = new Set(['edit', 'delete']);
/** Writes are POST on 7.0 (and accepted as POST by Juzu on 3.x, brief §2.1). */
const POSTED = new Set(['send', 'edit', 'delete', 'saveTeamRoom', 'deleteTeamRoom', 'updateRoomEnabled']);

export class ChatServer {
  #settings: ChatSettings | null = null;

  constructor(private readonly rest: ExoRest) {}

  /** `user/settings` (cached): the chat token, the CometD token and endpoint. */
  async settings(refresh = false): Promise<ChatSettings> {
    if (this.#settings && !refresh) return this.#settings;
    const { body, status } = await this.rest.json('/portal/rest/chat/api/1.0/user/settings', { accept: [404] });
    if (status === 404) throw new CoreError('chat.unavailable', { host: this.rest.host });
    const parsed = chatSettingsSchema.safeParse(body);
    if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    this.#settings = parsed.data;
    return parsed.data;
  }

  /** Forgets the cached tokens (a CometD handshake refused them, or the server restarted). */
  forget(): void {
    this.#settings = null;
  }

  /** One call to `/chatServer/<endpoint>`; the answer's text. */
  async call(endpoint: string, params: Query = {}): Promise<string> {
    let settings = await this.settings();
    for (let refreshed = false; ; refreshed = true) {
      const response = await this.send(endpoint, params, settings);
      const text = await response.text();
      if (response.status !== 404) {
        if (response.ok) return text;
        if (response.status === 403) throw new CoreError('collab.forbiddenOrMissing', { host: this.rest.host });
        if (response.status >= 500) throw new CoreError('server.unavailable', { host: this.rest.host });
        throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
      }
      if (refreshed) {
        throw new CoreError(AUTHOR_ONLY.has(endpoint) ? 'chat.notAuthor' : 'chat.tokenRefused', {
          host: this.rest.host,
        });
      }
      settings = await this.settings(true);
    }
  }

  async json<T>(endpoint: string, params: Query = {}): Promise<T> {
    const text = await this.call(endpoint, params);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    }
  }

  private async send(endpoint: string, params: Query, settings: ChatSettings): Promise<Response> {
    const base = settings.serverURL && settings.serverURL.startsWith('/') ? settings.serverURL : '/chatServer';
    const user = endpoint === 'send' ? { sender: settings.username } : { user: settings.username };
    const headers = { Authorization: `Bearer ${settings.token}`, Accept: 'application/json' };
    if (POSTED.has(endpoint)) {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries({ ...user, ...params })) {
        if (value !== undefined && value !== null) form.set(key, String(value));
      }
      return this.rest.http.send(urlOf(this.rest.session.server, `${base}/${endpoint}`), {
        method: 'POST',
        headers,
        body: form,
      });
    }
    const url = urlOf(this.rest.session.server, `${base}/${endpoint}`, { ...user, ...params });
    return this.rest.http.send(url, { headers });
  }
}
