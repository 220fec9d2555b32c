// Test support for the Zimbra connector: a real HTTP client to the emulator, a token source that signs in with
// AuthRequest (counting sign-ins), and in-memory state and sink that record what the connector writes.
import type { EventRecord, FileRecord, PersonRecord } from '../../core/ports';
import { createHttpClient, type HttpClient } from '../http/http-client';
import { createNodeFetch } from '../http/node-fetch';
import type { ConnectorState, ZimbraSink } from './account';
import { createZimbraClient, renewingOnce, sharedRenewal, soap, type ZimbraClient } from './soap';
import { text } from './values';

export const testClientInfo = { name: 'Bastide', version: 'test' };

export function testHttp(timeoutMs = 10_000): HttpClient {
  return createHttpClient({
    fetch: createNodeFetch(() => ({})),
    tlsOptions: () => ({}),
    certificateRefusal: async () => {
      throw new Error('no TLS in tests');
    },
    timeoutMs,
  });
}

export async function signIn(http: HttpClient, server: string, user: string, password: string): Promise<string> {
  const answer = await soap(http, {
    server,
    request: 'AuthRequest',
    body: { account: { by: 'name', _content: user }, password },
    client: testClientInfo,
  });
  const token = text(answer.authToken);
  if (!token) throw new Error('no token');
  return token;
}

export interface TestClient {
  client: ZimbraClient;
  http: HttpClient;
  /** How many times the client signed in (the first sign-in included). */
  signIns(): number;
  credentials: { user: string; password: string };
}

export function testClient(server: string, user = 'alice', password = `${user}pw`): TestClient {
  const http = testHttp();
  let count = 0;
  const credentials = { user, password };
  const login = async () => {
    count += 1;
    return signIn(http, server, credentials.user, credentials.password);
  };
  const client = createZimbraClient({
    http,
    server,
    client: testClientInfo,
    authenticate: renewingOnce(sharedRenewal(login, login)),
  });
  return { client, http, signIns: () => count, credentials };
}

export function memoryState(): ConnectorState & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (key) => values.get(key) ?? null,
    set: (key, value) => (value === null ? values.delete(key) : values.set(key, value)),
  };
}

export function memorySink(): ZimbraSink & {
  files: Map<string, FileRecord>;
  events: Map<string, EventRecord>;
  people: Map<string, PersonRecord>;
} {
  const files = new Map<string, FileRecord>();
  const events = new Map<string, EventRecord>();
  const people = new Map<string, PersonRecord>();
  return {
    files,
    events,
    people,
    putFiles: (records) => records.forEach((record) => files.set(record.id, record)),
    removeFiles: (ids) => ids.forEach((id) => files.delete(id)),
    replaceFiles(records) {
      files.clear();
      records.forEach((record) => files.set(record.id, record));
    },
    replaceEvents(from, to, records) {
      for (const [id, event] of events) if (event.start >= from && event.start < to) events.delete(id);
      records.forEach((record) => events.set(record.id, record));
    },
    putPeople: (records) => records.forEach((record) => people.set(record.id, record)),
    removePeople: (ids) => ids.forEach((id) => people.delete(id)),
  };
}

/** Resolves when `check` holds (for state the emulator changes on its own schedule). */
export async function eventually<T>(check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
