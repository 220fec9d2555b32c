// Runs in the page served by the test host, before the renderer: provides `window.bastide` over the
// host's loopback WebSocket, with the same contract and behaviour as the Electron preload.
import { createBastideApi } from '../../preload/api';
import type { Envelope, EventName } from '../../preload/contract';

const token = document.querySelector<HTMLMetaElement>('meta[name="bastide-host-token"]')?.content ?? '';
const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('bridge unavailable')), { once: true });
});
const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message) => {
  const frame = JSON.parse(String(message.data)) as {
    id?: number;
    envelope?: Envelope<unknown>;
    event?: EventName;
    payload?: unknown;
  };
  if (frame.id !== undefined && frame.envelope) {
    pending.get(frame.id)?.(frame.envelope);
    pending.delete(frame.id);
  } else if (frame.event) {
    for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'network.unavailable' } });
  pending.clear();
});

const api = createBastideApi({
  async invoke(channel, request) {
    try {
      await opened;
    } catch {
      return { ok: false, error: { code: 'network.unavailable' } };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, payload: request }));
    });
  },
  listen(event, listener) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  },
});

Object.defineProperty(window, 'bastide', { value: Object.freeze(api), writable: false, configurable: false });
