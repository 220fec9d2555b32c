import type {
  BastideApi,
  Channel,
  ErrorInfo,
  EventName,
  EventPayload,
  RequestOf,
  ResponseOf,
} from '../../preload/contract';

function bridge(): BastideApi | undefined {
  return (window as { bastide?: BastideApi }).bastide;
}

/**
 * Calls one contract channel; the request may be omitted when all its fields are optional.
 * Always answers with a promise, even when the bridge is missing (the page opened outside the app).
 */
export async function call<C extends Channel>(channel: C, request?: RequestOf<C>): Promise<ResponseOf<C>> {
  const api = bridge();
  if (!api) throw new Error('window.bastide is missing');
  const invoke = api.invoke as (channel: Channel, request?: unknown) => Promise<ResponseOf<C>>;
  return request === undefined ? invoke(channel) : invoke(channel, request);
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge()?.on(event, listener) ?? (() => undefined);
}

/** The prefix `BastideRequestError` gives its message (see preload/contract.ts): the bridge keeps messages only. */
const ERROR_PREFIX = 'bastide-error:';

/**
 * The translatable error behind a failed request. Electron's context bridge passes an error's message
 * only, so the code and params are read from it. Anything else did not come from the core (the bridge
 * or its transport failed), hence the generic `network.unavailable` code.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith(ERROR_PREFIX)) {
    try {
      const info = JSON.parse(message.slice(ERROR_PREFIX.length)) as ErrorInfo;
      if (typeof info?.code === 'string') return info;
    } catch {
      // not ours after all
    }
  }
  return { code: 'network.unavailable' };
}
