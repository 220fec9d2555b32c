// The composer's autosave: a change schedules a save after a quiet second; saves run one after another (each
// reads the latest state when it starts), so that a file staged for the draft is handed over exactly once.

export const AUTOSAVE_DELAY_MS = 1_000;

export class DraftSaver {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dirty = false;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {}

  get dirty(): boolean {
    return this.#dirty;
  }

  /** Something changed: save once the user pauses. */
  changed(): void {
    this.#dirty = true;
    this.#cancelTimer();
    this.#timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Saves now what is not saved yet (after any save already running); resolves once the draft holds it. */
  flush(): Promise<void> {
    this.#cancelTimer();
    if (this.#dirty) {
      this.#dirty = false;
      this.#queue = this.#queue.then(this.save).catch((error: unknown) => {
        // Still unsaved: the next change or flush tries again.
        this.#dirty = true;
        this.onError(error);
      });
    }
    return this.#queue;
  }

  dispose(): void {
    this.#cancelTimer();
  }

  #cancelTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
