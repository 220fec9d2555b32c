// What a launch of the application asks for: the OS starts Bastide (or a second Bastide, which hands its
// arguments over and quits) with a `bastide://` or `mailto:` link among its arguments. The running instance
// queues what to open until the window asks for it, so that a link given to a cold start is not lost.
import type { AppOpen } from '../model';
import { BASTIDE_SCHEME, parseDeepLink } from './deep-link';
import { MAILTO_SCHEME, parseMailto } from './mailto';

const MAX_PENDING = 20;

/** The link among a launch's arguments (flags and anything else are ignored); the last one wins. */
export function findLaunchUrl(argv: readonly string[]): string | null {
  for (let index = argv.length - 1; index >= 0; index -= 1) {
    const argument = argv[index]!.trim();
    if (argument.startsWith('-')) continue;
    const lower = argument.toLowerCase();
    if (lower.startsWith(`${BASTIDE_SCHEME}//`) || lower.startsWith(MAILTO_SCHEME)) return argument;
  }
  return null;
}

/** What a link opens, or null when it is not one Bastide accepts. */
export function openRequestOf(url: string): AppOpen | null {
  if (url.slice(0, MAILTO_SCHEME.length).toLowerCase() === MAILTO_SCHEME) {
    const compose = parseMailto(url);
    return compose && { kind: 'compose', compose };
  }
  const link = parseDeepLink(url);
  return link && { kind: 'link', link };
}

export interface LaunchInbox {
  /** A launch's arguments (the first instance's own, or a second instance's): true when they named a link. */
  receiveArguments(argv: readonly string[]): boolean;
  /** One link (macOS `open-url`, a notification's click): true when it is one Bastide accepts. */
  receiveUrl(url: string): boolean;
  /** What waits to be opened, oldest first; the window takes it on start and whenever `app:open` is heard. */
  take(): AppOpen[];
}

export interface LaunchReceiver extends LaunchInbox {
  /** How to tell the window that something waits (the core's `app:open` event), set once the core runs. */
  announceWith(announce: () => void): void;
}

export function createLaunchInbox(): LaunchReceiver {
  let pending: AppOpen[] = [];
  let tell = () => {};
  const receiveUrl = (url: string): boolean => {
    const request = openRequestOf(url);
    if (!request) return false;
    pending = [...pending, request].slice(-MAX_PENDING);
    tell();
    return true;
  };
  return {
    receiveArguments(argv) {
      const url = findLaunchUrl(argv);
      return url !== null && receiveUrl(url);
    },
    receiveUrl,
    take() {
      const taken = pending;
      pending = [];
      return taken;
    },
    announceWith(announce) {
      tell = announce;
    },
  };
}
