import { z } from 'zod';
import { accountUrlFormats, anchored, formats, usernamePattern } from './formats';

// A preconfigured account as an administrator writes it in a policy. The user only types a password (or signs in
// through SSO) at first start.

const label = z.string().trim().min(1).max(80);
const username = z.string().max(256).regex(anchored(usernamePattern)).optional();

const webAccount = z.strictObject({
  kind: z.enum(['bluemind', 'zimbra', 'exo']),
  label,
  serverUrl: z.string().regex(anchored(formats['https-url'])),
  username,
  sso: z.boolean().optional(),
});

const imapAccount = z.strictObject({
  kind: z.literal('imap'),
  label,
  serverUrl: z.string().regex(anchored(accountUrlFormats.imap)),
  smtpUrl: z.string().regex(anchored(accountUrlFormats.smtp)).optional(),
  username,
});

const xmppAccount = z.strictObject({
  kind: z.literal('xmpp'),
  label,
  serverUrl: z.string().regex(anchored(accountUrlFormats.xmpp)),
  username,
});

export const preconfiguredAccountSchema = z.discriminatedUnion('kind', [webAccount, imapAccount, xmppAccount]);

export type PreconfiguredAccount = z.infer<typeof preconfiguredAccountSchema>;
export type PreconfiguredAccountKind = PreconfiguredAccount['kind'];

/**
 * The username to pre-fill: `${osUser}` becomes the OS login name. Returns null when the policy leaves the
 * username to the user.
 */
export function expandUsername(pattern: string | undefined, osUser: string): string | null {
  if (pattern === undefined) return null;
  return pattern.replaceAll('${osUser}', osUser);
}
