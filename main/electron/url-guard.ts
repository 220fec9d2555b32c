// The one URL guard: every navigation, redirect, new window and external open goes through here.
// Mattermost Desktop's URL CVEs of 2024–26 all came from URL handling spread over several modules.
import { spawn } from 'node:child_process';
import { shell, type WebContents } from 'electron';
import { APP_ORIGIN, describeUrlForLog, isAppUrl } from './app-origin';

export type UrlVerdict = 'app' | 'external' | 'refuse';

/** Schemes handed to the user's default application. Everything else (file:, smb:, javascript:…) is refused. */
const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

export function classifyUrl(url: string, appOrigin: string = APP_ORIGIN): UrlVerdict {
  const parsed = URL.parse(url);
  if (!parsed) return 'refuse';
  if (isAppUrl(parsed, appOrigin)) return 'app';
  if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) return 'refuse';
  // Credentials in a link are a phishing device (https://bank.example@evil.example/), never a real need.
  if (parsed.username !== '' || parsed.password !== '') return 'refuse';
  return 'external';
}

let externalBrowser: string | null = null;

/** The ExternalBrowserPath policy: web links open in this browser rather than the system's default. */
export function setExternalBrowser(path: string): void {
  externalBrowser = path || null;
}

/** Starts the browser with the URL as its only argument, no shell; resolves once it runs. */
function launchBrowser(browser: string, href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(browser, [href], { detached: true, stdio: 'ignore', shell: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

function refuse(reason: string, url: string): void {
  console.warn(`[url-guard] refused ${reason}: ${describeUrlForLog(url)}`);
}

/**
 * Opens an allowed URL in the user's default application: the only caller of `shell.openExternal`.
 * Resolves to false when the URL is refused or the system could not open it.
 */
export async function openExternal(url: string, appOrigin: string = APP_ORIGIN): Promise<boolean> {
  if (classifyUrl(url, appOrigin) !== 'external') {
    refuse('external open', url);
    return false;
  }
  try {
    // The parser's serialisation, so the OS sees exactly the URL that was checked.
    const parsed = new URL(url);
    if (externalBrowser && parsed.protocol !== 'mailto:') await launchBrowser(externalBrowser, parsed.href);
    else await shell.openExternal(parsed.href);
    return true;
  } catch (error) {
    console.warn(
      `[url-guard] could not open ${describeUrlForLog(url)}: ${error instanceof Error ? error.name : 'error'}`,
    );
    return false;
  }
}

/** Keeps `contents` on the app origin; links to allowed external URLs open in the default application. */
export function attachUrlGuard(contents: WebContents, appOrigin: string = APP_ORIGIN): void {
  contents.on('will-navigate', (event) => {
    const verdict = classifyUrl(event.url, appOrigin);
    if (verdict === 'app') return;
    event.preventDefault();
    if (verdict === 'external') void openExternal(event.url, appOrigin);
    else refuse('navigation', event.url);
  });

  // A redirect is decided by a server, not by the user: never follow it out of the app, never open it.
  contents.on('will-redirect', (event) => {
    if (classifyUrl(event.url, appOrigin) === 'app') return;
    event.preventDefault();
    refuse('redirect', event.url);
  });

  // Bastide has one window: window.open and target=_blank never create another one.
  contents.setWindowOpenHandler(({ url }) => {
    if (classifyUrl(url, appOrigin) === 'external') void openExternal(url, appOrigin);
    else refuse('new window', url);
    return { action: 'deny' };
  });
}
