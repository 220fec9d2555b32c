// `npm run bench` part for Zimbra: push-to-store latency against the emulator (median and p95).
import { pathToFileURL } from 'node:url';
import { runTypeScriptBench } from './run-ts.mjs';

export const benchZimbra = () => runTypeScriptBench(new URL('./zimbra-push.ts', import.meta.url).href, 'Zimbra');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchZimbra();
