// A loopback TCP proxy in front of a real server, for network trouble on demand without touching the server
// (other suites share it): `cut()` drops the live connections (a connection lost mid-command), `offline()`
// refuses new ones as a stopped server would (ECONNREFUSED), `online()` lets them through again.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  cut(): void;
  offline(): Promise<void>;
  online(): Promise<void>;
  close(): Promise<void>;
  /** Bytes that went from the server to the client so far (to cut in the middle of a transfer). */
  readonly bytesFromServer: number;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let bytesFromServer = 0;
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        upstream.on('data', (chunk: Buffer) => (bytesFromServer += chunk.length));
        client.pipe(upstream);
        upstream.pipe(client);
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        port = (created.address() as { port: number }).port;
        server = created;
        resolve();
      });
    });

  const cut = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      cut();
      if (!current) return resolve();
      current.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    get bytesFromServer() {
      return bytesFromServer;
    },
    cut,
    offline: stop,
    online: async () => {
      if (!server) await listen();
    },
    close: stop,
  };
}
