// Browser sign-in (SSO: Keycloak, SAML, OpenID Connect on the server side). A window shows the server's own
// login page; the decision of when the flow is over and what to keep is made here, as data, so that it is
// tested without Electron. The window itself (main/electron/sso-window.ts) only reports pages and cookies.
import { isLoopback } from '../../connectors/http/network';

/** Where the window is, and the cookies it holds for the account's server. */
export interface SsoPage {
  url: string;
  cookies: Record<string, string>;
}

export type SsoDecision = { done: false } | { done: true; cookies: Record<string, string> };

export interface SsoFlow {
  startUrl: string;
  /** The account server's origin: the only one whose cookies are read. */
  serverOrigin: string;
  decide(page: SsoPage): SsoDecision;
}

/** Runs a flow in a browser window; rejects with `auth.ssoCancelled` when the user closes it. */
export interface SsoBrowser {
  run(flow: SsoFlow, signal?: AbortSignal): Promise<Record<string, string>>;
}

export interface SsoFlowSpec {
  server: string;
  /** Path of the page that starts the sign-in on the server. */
  start: string;
  /** Whether a path of the server, once reached, means the user is in (not a login or second-factor page). */
  landed(path: string): boolean;
  /** Cookies that prove the session: the flow ends when all of them are set. */
  required: readonly string[];
  /** More cookies to keep when present. */
  optional?: readonly string[];
}

export function ssoFlow(spec: SsoFlowSpec): SsoFlow {
  const server = new URL(spec.server);
  const keep = [...spec.required, ...(spec.optional ?? [])];
  return {
    startUrl: new URL(spec.start, server).href,
    serverOrigin: server.origin,
    decide(page) {
      let url: URL;
      try {
        url = new URL(page.url);
      } catch {
        return { done: false };
      }
      if (url.origin !== server.origin || !spec.landed(url.pathname)) return { done: false };
      if (!spec.required.every((name) => page.cookies[name])) return { done: false };
      const cookies = Object.fromEntries(keep.filter((name) => page.cookies[name]).map((n) => [n, page.cookies[n]!]));
      return { done: true, cookies };
    },
  };
}

/** Pages the sign-in window may show: https anywhere (identity providers live elsewhere), http on loopback. */
export function isAllowedSsoNavigation(target: string): boolean {
  try {
    const url = new URL(target);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && isLoopback(url.hostname);
  } catch {
    return false;
  }
}
