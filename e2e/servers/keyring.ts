// A private D-Bus session with an unlocked gnome-keyring (Secret Service) for this process, so tests
// use the real keychain without touching the developer's own. Needs dbus-daemon and gnome-keyring-daemon.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateKeyring {
  env: { DBUS_SESSION_BUS_ADDRESS: string; XDG_RUNTIME_DIR: string; XDG_DATA_HOME: string };
  stop(): void;
}

export function startPrivateKeyring(): PrivateKeyring {
  const runtimeDir = mkdtempSync(join(tmpdir(), 'bastide-keyring-'));
  const env = {
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(runtimeDir, 'bus')}`,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_DATA_HOME: join(runtimeDir, 'data'),
  };
  const childEnv = { ...process.env, ...env };
  const dbusPid = Number(
    execFileSync('dbus-daemon', ['--session', `--address=${env.DBUS_SESSION_BUS_ADDRESS}`, '--fork', '--print-pid'], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim(),
  );
  // --unlock creates the login keyring with the password read from stdin.
  execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], {
    env: childEnv,
    input: 'bastide-test-keyring',
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return {
    env,
    stop() {
      try {
        process.kill(dbusPid); // gnome-keyring-daemon exits with its bus
      } catch {
        // already gone
      }
      rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}
