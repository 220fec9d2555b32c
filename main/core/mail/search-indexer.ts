// Indexes for search the messages a sync stored in bulk, a batch at a time between other work, so that the
// header sync keeps the server's pace and the UI stays responsive (search catches up within moments).
const BATCH = 2_000;

export class SearchIndexer {
  #running: Promise<void> | null = null;
  #again = false;

  constructor(private readonly indexPending: (limit: number) => number) {}

  schedule(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.schedule();
      }
    });
  }

  /** Resolves once nothing is left to index. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    while (this.indexPending(BATCH) > 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
