// IMAP/SMTP settings of a mail domain: the autoconfig file (Thunderbird's format, served at
// `autoconfig.<domain>` or under `/.well-known/`), then DNS SRV records (RFC 6186, implicit TLS per RFC 8314).
import type { HttpClient } from '../../../connectors/http/http-client';
import type { ServerEndpoint } from '../../model';

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export type SrvResolver = (name: string) => Promise<SrvRecord[]>;

export interface MailSettings {
  incoming: ServerEndpoint;
  outgoing: ServerEndpoint;
  /** The username the provider asks for, with the address's placeholders filled in. */
  username: string;
}

export function autoconfigUrls(email: string): URL[] {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return [
    new URL(`https://autoconfig.${domain}/mail/config-v1.1.xml`),
    new URL(`https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`),
  ].map((url) => {
    url.searchParams.set('emailaddress', email);
    return url;
  });
}

export async function mailSettingsFromAutoconfig(http: HttpClient, email: string): Promise<MailSettings | null> {
  for (const url of autoconfigUrls(email)) {
    try {
      const response = await http.send(url, { headers: { Accept: 'application/xml, text/xml' } });
      if (!response.ok) continue;
      const settings = parseAutoconfig(await response.text(), email);
      if (settings) return settings;
    } catch {
      // not served there: try the next place
    }
  }
  return null;
}

const SOCKET_TYPES: Record<string, ServerEndpoint['security']> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };

/** Reads the first IMAP and SMTP servers of a `clientConfig` document. */
export function parseAutoconfig(xml: string, email: string): MailSettings | null {
  const incoming = /<incomingServer\s+type="imap"\s*>([\s\S]*?)<\/incomingServer>/.exec(xml)?.[1];
  const outgoing = /<outgoingServer\s+type="smtp"\s*>([\s\S]*?)<\/outgoingServer>/.exec(xml)?.[1];
  if (!incoming || !outgoing) return null;
  const imap = endpoint(incoming);
  const smtp = endpoint(outgoing);
  if (!imap || !smtp) return null;
  const local = email.slice(0, email.lastIndexOf('@'));
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const username = (field(incoming, 'username') ?? '%EMAILADDRESS%')
    .replaceAll('%EMAILADDRESS%', email)
    .replaceAll('%EMAILLOCALPART%', local)
    .replaceAll('%EMAILDOMAIN%', domain);
  return { incoming: imap, outgoing: smtp, username };
}

function endpoint(block: string): ServerEndpoint | null {
  const host = field(block, 'hostname');
  const port = Number(field(block, 'port'));
  const security = SOCKET_TYPES[field(block, 'socketType') ?? ''];
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65_535 || !security) return null;
  return { host, port, security };
}

const field = (block: string, name: string) =>
  new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(block)?.[1] || undefined;

/** The best SRV target of a service, by priority then weight; null when absent or explicitly "no service". */
export async function srvTarget(resolve: SrvResolver, name: string): Promise<{ host: string; port: number } | null> {
  let records: SrvRecord[];
  try {
    records = await resolve(name);
  } catch {
    return null;
  }
  const best = [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
  if (!best || best.name === '.' || best.name === '') return null;
  return { host: best.name.replace(/\.$/, ''), port: best.port };
}

export async function mailSettingsFromSrv(resolve: SrvResolver, email: string): Promise<MailSettings | null> {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const first = async (...options: Array<[string, ServerEndpoint['security']]>) => {
    for (const [service, security] of options) {
      const target = await srvTarget(resolve, `${service}._tcp.${domain}`);
      if (target) return { ...target, security };
    }
    return null;
  };
  const incoming = await first(['_imaps', 'tls'], ['_imap', 'starttls']);
  const outgoing = await first(['_submissions', 'tls'], ['_submission', 'starttls']);
  return incoming && outgoing ? { incoming, outgoing, username: email } : null;
}
