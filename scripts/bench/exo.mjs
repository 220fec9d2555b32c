// `npm run bench` part for eXo: chat latency through CometD, a 10,000-message conversation opened from the local
// store, a 5,000-entry folder.
import { pathToFileURL } from 'node:url';
import { runTypeScriptBench } from './run-ts.mjs';

export const benchExo = () => runTypeScriptBench(new URL('./exo-collab.ts', import.meta.url).href, 'eXo');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchExo();
