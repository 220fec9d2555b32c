// `npm run bench` part for BlueMind: push-to-store latency against the emulator (median and p95).
import { pathToFileURL } from 'node:url';
import { runTypeScriptBench } from './run-ts.mjs';

export const benchBlueMind = () => runTypeScriptBench(new URL('./bluemind-push.ts', import.meta.url).href, 'BlueMind');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchBlueMind();
