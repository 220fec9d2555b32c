// Helpers shared by the emulator's contract tests (real HTTP through Node's fetch and http).

import http from 'node:http';
import { type BlueMindEmulator } from './index.js';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function call(
  url: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  if (options.key) headers['X-BM-ApiKey'] = options.key;
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (HTML error page, raw text…)
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface Session {
  key: string;
  uid: string;
  root: string;
  login: string;
  /** `/api/mail_folders/example_test/user.<uid>` */
  folders: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  folderUid(fullName: string): string;
  folderId(fullName: string): number;
}

export async function login(emu: BlueMindEmulator, who: string, password = `${who}pw`): Promise<Session> {
  const r = await call(
    emu.url,
    'POST',
    `/api/auth/login?login=${encodeURIComponent(`${who}@example.test`)}&origin=bastide-tests`,
    {
      body: password,
    },
  );
  if (r.json?.status !== 'Ok') throw new Error(`login ${who} failed: ${r.text}`);
  const key: string = r.json.authKey;
  const uid: string = r.json.authUser.uid;
  return {
    key,
    uid,
    root: `user.${uid}`,
    login: who,
    folders: `/api/mail_folders/example_test/user.${uid}`,
    call: (method, path, body, headers) => call(emu.url, method, path, { key, body, ...(headers ? { headers } : {}) }),
    folderUid: (fullName) => emu.control.folder(who, fullName).uid,
    folderId: (fullName) => emu.control.folder(who, fullName).internalId,
  };
}

/** A raw HTTP request (control over Accept, chunked encoding…). */
export function rawRequest(
  url: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    chunked?: boolean;
  },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { host: u.hostname, port: u.port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        req.write(options.body);
        req.end();
      } else {
        req.setHeader('Content-Length', Buffer.byteLength(options.body));
        req.end(options.body);
      }
    } else req.end();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
