// The web session of an eXo account as the connector uses it: the cookie jar of the portal, kept up to date
// from every answer (the remember-me filter silently opens new sessions, brief §1.4), and a way to open a new
// session when the server says the old one is gone. How a session is opened is the accounts layer's business
// (main/connectors/exo/login.ts, the driver); the connector only asks for a renewal, once per failure.
import { CookieJar } from '../http/cookie-jar';

export interface ExoSession {
  /** The server's origin, e.g. https://exo.example.org. */
  readonly server: URL;
  /** The username as the server spells it (there is no "me" endpoint, brief §1.8). */
  readonly username: string;
  /** The `Cookie` header for the current session, if any. */
  cookieHeader(): string | undefined;
  /** Takes the `Set-Cookie` headers of an answer. */
  absorb(response: Response): void;
  /**
   * Opens a new session. Concurrent callers share one attempt; a refused password rejects with the
   * accounts layer's `auth.*` error (and is never retried automatically: anti-bruteforce, brief §1.6).
   */
  renew(): Promise<void>;
}

export interface ExoSessionOptions {
  server: string | URL;
  username: string;
  /** The cookies of the session opened at sign-in (JSESSIONID, JSESSIONIDSSO, rememberme). */
  cookies: Record<string, string>;
  /** Opens a new session and returns its cookies (the driver's `resume(..., 'expired')` in production). */
  reopen(): Promise<Record<string, string>>;
  /** Told when the cookies changed, so that the accounts layer can keep them for the next start. */
  onCookies?(cookies: Record<string, string>): void;
}

export function createExoSession(options: ExoSessionOptions): ExoSession {
  let jar = new CookieJar(options.cookies);
  let renewing: Promise<void> | null = null;
  const server = new URL(new URL(options.server).origin);

  const changed = () => options.onCookies?.(jar.toJSON());

  return {
    server,
    username: options.username,
    cookieHeader: () => jar.header(),
    absorb(response) {
      if (response.headers.getSetCookie().length === 0) return;
      jar.update(response);
      changed();
    },
    renew() {
      renewing ??= options
        .reopen()
        .then((cookies) => {
          jar = new CookieJar(cookies);
          changed();
        })
        .finally(() => {
          renewing = null;
        });
      return renewing;
    },
  };
}

/** Parses a `Cookie` header (as the accounts layer hands sessions over) back into name/value pairs. */
export function cookiesOf(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(/;\s*/)) {
    const separator = pair.indexOf('=');
    if (separator > 0) out[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return out;
}
