import type { EventName, EventPayload } from '../../preload/contract';
import type { CoreEventListener } from './service';

/** Fans core events out to the hosts' listeners; a failing listener never breaks the core or its peers. */
export function createEventHub() {
  const listeners = new Set<CoreEventListener>();
  return {
    subscribe(listener: CoreEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const listener of listeners) {
        try {
          listener(event, payload);
        } catch (error) {
          // The name and code only: a message may carry user data, which logs never do.
          const code = (error as { code?: unknown } | null)?.code;
          const what = error instanceof Error ? error.name : typeof error;
          console.error(`[core] listener of ${event} failed: ${what}${typeof code === 'string' ? ` ${code}` : ''}`);
        }
      }
    },
    clear(): void {
      listeners.clear();
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
