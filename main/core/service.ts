import type { Channel, EventName, EventPayload, ParsedRequestOf, ResponseOf } from '../../preload/contract';

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The core as its hosts see it (Electron's IPC router, the test host): message-shaped, so that moving it
 * into a utility process later is a transport change. Requests arrive already validated.
 */
export interface CoreService {
  handle<C extends Channel>(channel: C, request: ParsedRequestOf<C>): Promise<ResponseOf<C>>;
  subscribe(listener: CoreEventListener): () => void;
  close(): Promise<void>;
}
