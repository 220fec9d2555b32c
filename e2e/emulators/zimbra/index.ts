// Zimbra (ZCS 8.8/9/10 open-source) emulator for tests: SOAP-as-JSON, upload servlet, REST downloads, written
// from /work/shared/protocols/zimbra.md. Start it in-process:
//
//   const zimbra = await startZimbraEmulator();
//   await fetch(`${zimbra.url}/service/soap/AuthRequest`, { method: 'POST', body: JSON.stringify({...}) });
//   zimbra.control.deliverMessage('alice', { subject: 'Nouveau', text: '…' });
//   await zimbra.close();
//
// Handlers register themselves on import.
import './auth';
import './actions';
import './compose';
import './directory';
import './files';
import './mail';
import './sync';
import { createControl, type ZimbraControl } from './control';
import { Push } from './push';
import { startHttp } from './server';
import { DEFAULT_CONFIG, World, type ZimbraEmulatorConfig } from './world';

export type { ZimbraControl, InjectedMessage, InjectedAppointment, DocumentState, MessageState } from './control';
export type { FailureSpec, FailureKind, ServerVersion, ZimbraEmulatorConfig, RequestLogEntry } from './world';
export { computePreauth } from './auth';
export { FOLDER } from './state';

export interface ZimbraEmulatorOptions extends Partial<Omit<ZimbraEmulatorConfig, 'noOpTimeout' | 'waitSetTimeout'>> {
  /** 0 (default) = a random free port on 127.0.0.1. */
  port?: number;
  /** Server clock; the seed's dates (mail, Briefcase, the week of appointments) are relative to it at start. */
  now?: () => Date;
  /** NoOp `timeout` clamp (ms). Real: 30 000 … 1 200 000, default 300 000. */
  noOpTimeout?: Partial<ZimbraEmulatorConfig['noOpTimeout']>;
  /** WaitSet `timeout` clamp (SECONDS). Real: 30 … 1200, default 300. */
  waitSetTimeout?: Partial<ZimbraEmulatorConfig['waitSetTimeout']>;
}

export interface ZimbraEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43121` (SOAP at `${url}/service/soap`). */
  url: string;
  /** The seeded domain (`example.test`). */
  domain: string;
  control: ZimbraControl;
  close(): Promise<void>;
}

export async function startZimbraEmulator(options: ZimbraEmulatorOptions = {}): Promise<ZimbraEmulator> {
  const { port = 0, now = () => new Date(), noOpTimeout, waitSetTimeout, ...config } = options;
  const world = new World(
    {
      ...config,
      noOpTimeout: { ...DEFAULT_CONFIG.noOpTimeout, ...noOpTimeout },
      waitSetTimeout: { ...DEFAULT_CONFIG.waitSetTimeout, ...waitSetTimeout },
    },
    now,
  );
  const push = new Push(world);
  const { server, url } = await startHttp(world, push, port);
  world.baseUrl = url;
  return {
    url,
    domain: world.config.domain,
    control: createControl(world, push),
    close: async () => {
      push.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
