// Bulk writes of the mail sync on a second connection, in a worker thread: storing a chunk of headers then
// overlaps with parsing the server's next chunk, which keeps a big first sync at the pace of the server.
// Each batch is one transaction; SQLite (WAL, busy timeout) serialises it with the main connection's.
// The worker is plain JavaScript evaluated as is (no build step, the same in tests, the app and benchmarks).
import { Worker } from 'node:worker_threads';
import type { SQLInputValue } from 'node:sqlite';

export interface BulkStatement {
  sql: string;
  params: Record<string, SQLInputValue> | SQLInputValue[];
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { enableForeignKeyConstraints: true, timeout: 10000 });
db.exec('PRAGMA synchronous = NORMAL');
const prepared = new Map();
const statement = (sql) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql);
parentPort.on('message', ({ id, batch }) => {
  if (batch === null) {
    db.close();
    parentPort.postMessage({ id, changes: [] });
    return;
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    const changes = batch.map(({ sql, params }) =>
      Number((Array.isArray(params) ? statement(sql).run(...params) : statement(sql).run(params)).changes));
    db.exec('COMMIT');
    parentPort.postMessage({ id, changes });
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});
`;

interface Reply {
  id: number;
  changes?: number[];
  error?: string;
}

export class BulkWriter {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (changes: number[]) => void; reject: (error: Error) => void }>();
  #next = 0;

  constructor(file: string) {
    this.#worker = new Worker(WORKER, { eval: true, workerData: { file } });
    this.#worker.on('message', (reply: Reply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.changes ?? []);
    });
    this.#worker.on('error', (error) => {
      for (const waiting of this.#waiting.values()) waiting.reject(error);
      this.#waiting.clear();
    });
  }

  /** Runs the statements in one transaction, in order after the batches sent before; resolves their changes. */
  run(batch: BulkStatement[]): Promise<number[]> {
    return this.#send(batch);
  }

  /** Waits for what was sent, then closes the connection and ends the worker. */
  async close(): Promise<void> {
    await this.#send(null).catch(() => {});
    await this.#worker.terminate();
  }

  #send(batch: BulkStatement[] | null): Promise<number[]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, batch });
    });
  }
}
