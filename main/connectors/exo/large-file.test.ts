// A 2 GB document both ways (a sparse file: no 2 GB written to prepare it), through the connector's real
// download and upload paths against a loopback WebDAV endpoint with eXo's URL layout: the content is streamed,
// the process never holds it in memory, progress is reported along the way.
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpClient } from '../http/http-client';
import { ExoRest } from './client';
import { Documents } from './documents';
import { exoIds } from './ids';
import { createExoSession } from './session';
import { loopbackNetwork, MemoryRefs } from './testing';

const SIZE = 2 * 1024 * 1024 * 1024;
const JCR = '/portal/rest/jcr/repository/collaboration';
let dir: string;
let server: Server;
let url: string;
let received = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bastide-2gb-'));
  const sparse = await open(join(dir, 'big.bin'), 'w');
  await sparse.truncate(SIZE);
  await sparse.close();
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method === 'GET' && path === `${JCR}/Documents/big.bin`) {
      res.writeHead(200, { 'Content-Length': SIZE, ETag: 'uuid-big1', 'Content-Type': 'application/octet-stream' });
      createReadStream(join(dir, 'big.bin')).pipe(res);
      return;
    }
    if (req.method === 'PUT') {
      received = 0;
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.writeHead(201).end());
      return;
    }
    if (req.method === 'PROPFIND') {
      req.resume();
      res
        .writeHead(207, { 'Content-Type': 'text/xml' })
        .end(
          `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:" xmlns:jcr="http://www.jcp.org/jcr/1.0"><D:response>` +
            `<D:href>${JCR}/Documents/upload.bin</D:href><D:propstat><D:prop><D:getcontentlength>${received}</D:getcontentlength>` +
            `<D:getlastmodified>Sat, 28 Nov 2026 10:00:00 GMT</D:getlastmodified><D:resourcetype/><jcr:uuid>uuid-up</jcr:uuid>` +
            `</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`,
        );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function documents() {
  const network = loopbackNetwork(60_000);
  const session = createExoSession({
    server: url,
    username: 'alice',
    cookies: { JSESSIONID: 'x' },
    reopen: async () => ({}),
  });
  const refs = new MemoryRefs();
  refs.map.set('a:d:big', { path: '/Documents/big.bin' });
  refs.map.set('a:d:up', { path: '/Documents/upload.bin' });
  const docs = new Documents(new ExoRest(createHttpClient(network), session), exoIds('a'), refs, network, {
    userIdentityId: async () => '1',
    personalRoot: () => '/Documents',
  });
  return docs;
}

/** Samples the process's resident memory while `work` runs; returns the peak growth. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return peak - base;
}

it('downloads and uploads 2 GB streamed, with progress, without holding it in memory', async () => {
  const docs = documents();
  const destination = join(dir, 'copy.bin');
  const progress: number[] = [];
  const transfer = { onProgress: (done: number) => progress.push(done), signal: new AbortController().signal };

  const downGrowth = await peakGrowth(() => docs.download('a:d:big', destination, transfer));
  expect((await stat(destination)).size).toBe(SIZE);
  expect(progress.length).toBeGreaterThan(50);
  expect(progress.at(-1)).toBe(SIZE);
  await rm(destination);

  progress.length = 0;
  const source = { path: join(dir, 'big.bin'), name: 'upload.bin', size: SIZE };
  const upGrowth = await peakGrowth(() =>
    docs.upload({ parentId: null, spaceId: null }, 'upload.bin', source, transfer),
  );
  expect(received).toBe(SIZE);
  expect(progress.at(-1)).toBe(SIZE);

  // A buffered 2 GB body would show here; streaming stays within a few tens of megabytes.
  expect(downGrowth).toBeLessThan(256 * 1024 * 1024);
  expect(upGrowth).toBeLessThan(256 * 1024 * 1024);
}, 240_000);
