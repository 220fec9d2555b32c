// Where document bytes live. The node tree and its metadata (uuid, versions, locks) stay in the emulator; only the
// current content of each file goes to the store. The WebDAV store writes through to a real WebDAV server (rclone in
// e2e/servers) so that the eXo path layout exists there for real (issue 5, "Documents content against a real WebDAV
// server").
import type { WebDavBackendOptions } from './context';

export interface ContentStore {
  read(path: string): Promise<Buffer>;
  write(path: string, data: Buffer): Promise<void>;
  mkdir(path: string): Promise<void>;
  remove(path: string): Promise<void>;
  move(from: string, to: string): Promise<void>;
  copy(from: string, to: string): Promise<void>;
  readonly kind: 'memory' | 'webdav';
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}

export class MemoryContentStore implements ContentStore {
  readonly kind = 'memory' as const;
  private readonly files = new Map<string, Buffer>();

  async read(path: string): Promise<Buffer> {
    return this.files.get(path) ?? Buffer.alloc(0);
  }
  async write(path: string, data: Buffer): Promise<void> {
    this.files.set(path, Buffer.from(data));
  }
  async mkdir(): Promise<void> {}
  async remove(path: string): Promise<void> {
    for (const k of [...this.files.keys()]) if (under(k, path)) this.files.delete(k);
  }
  async move(from: string, to: string): Promise<void> {
    for (const [k, v] of [...this.files.entries()]) {
      if (!under(k, from)) continue;
      this.files.delete(k);
      this.files.set(to + k.slice(from.length), v);
    }
  }
  async copy(from: string, to: string): Promise<void> {
    for (const [k, v] of [...this.files.entries()]) if (under(k, from)) this.files.set(to + k.slice(from.length), v);
  }
}

export class WebDavContentStore implements ContentStore {
  readonly kind = 'webdav' as const;
  private readonly base: string;
  private readonly auth: string;
  private readonly madeDirs = new Set<string>();
  private readonly serverUrl: string;
  private readonly rootSegments: string[];
  private rootReady: Promise<void> | null = null;

  constructor(opts: WebDavBackendOptions) {
    const root = (opts.root ?? '/').replace(/^\/*/, '/').replace(/\/*$/, '');
    this.serverUrl = opts.url.replace(/\/*$/, '');
    this.rootSegments = root.split('/').filter(Boolean);
    this.base = this.serverUrl + root.split('/').map(encodeURIComponent).join('/');
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  }

  /** Creates the folder standing for the JCR root on the server, once. */
  private ensureRoot(): Promise<void> {
    this.rootReady ??= (async () => {
      let cur = '';
      for (const seg of this.rootSegments) {
        cur += '/' + encodeURIComponent(seg);
        const res = await fetch(this.serverUrl + cur, { method: 'MKCOL', headers: { Authorization: this.auth } });
        await res.arrayBuffer();
        if (![201, 405].includes(res.status)) throw new Error(`WebDAV backend MKCOL root ${cur}: ${res.status}`);
      }
    })();
    return this.rootReady;
  }

  private url(path: string): string {
    return this.base + path.split('/').map(encodeURIComponent).join('/');
  }

  private async call(method: string, path: string, init: { body?: Buffer; headers?: Record<string, string> } = {}) {
    const res = await fetch(this.url(path), {
      method,
      headers: { Authorization: this.auth, ...init.headers },
      ...(init.body ? { body: new Uint8Array(init.body) } : {}),
    });
    return res;
  }

  private async ensureDirs(dirPath: string): Promise<void> {
    await this.ensureRoot();
    const segs = dirPath.split('/').filter(Boolean);
    let cur = '';
    for (const s of segs) {
      cur += '/' + s;
      if (this.madeDirs.has(cur)) continue;
      const res = await this.call('MKCOL', cur);
      await res.arrayBuffer();
      if (![201, 405].includes(res.status)) throw new Error(`WebDAV backend MKCOL ${cur}: ${res.status}`);
      this.madeDirs.add(cur);
    }
  }

  async read(path: string): Promise<Buffer> {
    const res = await this.call('GET', path);
    const buf = Buffer.from(await res.arrayBuffer());
    if (res.status === 404) return Buffer.alloc(0);
    if (!res.ok) throw new Error(`WebDAV backend GET ${path}: ${res.status}`);
    return buf;
  }
  async write(path: string, data: Buffer): Promise<void> {
    await this.ensureDirs(path.slice(0, path.lastIndexOf('/')));
    const res = await this.call('PUT', path, { body: data });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`WebDAV backend PUT ${path}: ${res.status}`);
  }
  async mkdir(path: string): Promise<void> {
    await this.ensureDirs(path);
  }
  async remove(path: string): Promise<void> {
    const res = await this.call('DELETE', path);
    await res.arrayBuffer();
    for (const d of [...this.madeDirs]) if (under(d, path)) this.madeDirs.delete(d);
    if (!res.ok && res.status !== 404) throw new Error(`WebDAV backend DELETE ${path}: ${res.status}`);
  }
  private async transfer(method: 'MOVE' | 'COPY', from: string, to: string): Promise<void> {
    await this.ensureDirs(to.slice(0, to.lastIndexOf('/')));
    const res = await this.call(method, from, { headers: { Destination: this.url(to), Overwrite: 'T' } });
    await res.arrayBuffer();
    if (!res.ok && res.status !== 404) throw new Error(`WebDAV backend ${method} ${from}: ${res.status}`);
    if (method === 'MOVE') for (const d of [...this.madeDirs]) if (under(d, from)) this.madeDirs.delete(d);
  }
  move(from: string, to: string): Promise<void> {
    return this.transfer('MOVE', from, to);
  }
  copy(from: string, to: string): Promise<void> {
    return this.transfer('COPY', from, to);
  }
}
