// Where the renderer lives. Node's URL parser gives non-special schemes an opaque origin ("null"), so
// app URLs are compared by scheme and host rather than by `URL.origin`.

export const APP_SCHEME = 'app';
export const APP_HOST = 'bastide';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` belongs to `appOrigin` exactly: same scheme and host, no port, no credentials. */
export function isAppUrl(url: string | URL, appOrigin: string = APP_ORIGIN): boolean {
  const parsed = typeof url === 'string' ? URL.parse(url) : url;
  const origin = URL.parse(appOrigin);
  if (!parsed || !origin) return false;
  return (
    parsed.protocol === origin.protocol &&
    parsed.host !== '' &&
    parsed.host.toLowerCase() === origin.host.toLowerCase() &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** A URL reduced to what a log may show: scheme and host, never path, query or fragment. */
export function describeUrlForLog(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed) return '<unparsable URL>';
  return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
}
