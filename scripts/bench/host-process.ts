// The test host in a process of its own for the workspace benchmarks (scripts/bench/shell.ts):
// node host-process.mjs PROFILE_DIR RENDERER_DIR BRIDGE_FILE prints {"url": …} once it answers; SIGTERM stops it.
import { startHost } from '../../e2e/host/server';

const [profileDir, rendererDir, bridgeFile] = process.argv.slice(2);
if (!profileDir || !rendererDir || !bridgeFile) throw new Error('usage: host-process PROFILE RENDERER BRIDGE');
const host = await startHost({ profileDir, rendererDir, bridgeFile });
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
process.once('SIGTERM', () => void host.close().then(() => process.exit(0)));
