import {
  BastideRequestError,
  isChannel,
  isEventName,
  type BastideApi,
  type Channel,
  type Envelope,
  type EventName,
} from './contract';

/** How requests and events travel: Electron IPC in the app, a loopback WebSocket in the test host. */
export interface Transport {
  invoke(channel: Channel, request: unknown): Promise<Envelope<unknown>>;
  listen(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Builds `window.bastide` from the contract over any transport, so the app and the test host behave alike. */
export function createBastideApi(transport: Transport): BastideApi {
  return {
    async invoke(channel: Channel, request?: unknown) {
      if (!isChannel(channel)) throw new BastideRequestError({ code: 'ipc.unknownChannel' });
      const envelope = await transport.invoke(channel, request ?? {});
      if (!envelope.ok) throw new BastideRequestError(envelope.error);
      return envelope.value as never;
    },
    on(event: EventName, listener: (payload: never) => void) {
      if (!isEventName(event)) throw new BastideRequestError({ code: 'ipc.unknownEvent' });
      return transport.listen(event, listener as (payload: unknown) => void);
    },
  } as BastideApi;
}
