// Who the session is and where its mailbox lives (brief §3, §4.1). The mailbox root is derived from the
// directory uid of the owner, which is opaque on a real server (`user.6A2B…`), never from the login: the
// subscriptions list the `mailboxacl` containers the user can open, their descriptors give the owner's
// directory path, and `users/<uid>` means a user mailbox (`user.<uid>`), anything else a shared one (`<uid>`).
import { z } from 'zod';
import { apiPath, type BlueMindClient } from './client';
import { authUser, containerDescriptor, subscription, type AuthUser } from './schemas';

export interface MailboxRef {
  domainUid: string;
  /** The domain with dots as underscores, the `{partition}` path parameter. */
  partition: string;
  /** Directory uid of the owner (user or mailshare). */
  ownerUid: string;
  /** `user.<uid>` or `<mailshareUid>`, the `{mailboxRoot}` path parameter. */
  root: string;
  writable: boolean;
}

export interface Account {
  user: AuthUser;
  /** The user's own mailbox. */
  mailbox: MailboxRef;
  /** Containers the user subscribes to, by type (`calendar`, `addressbook`, `mailboxacl`). */
  containers: { uid: string; type: string; owner: string | null; isDefault: boolean }[];
}

const READ_VERBS = new Set(['Read', 'Write', 'Manage', 'All']);
const WRITE_VERBS = new Set(['Write', 'All']);

export const partitionOf = (domainUid: string) => domainUid.replaceAll('.', '_');

export const userMailboxRef = (user: AuthUser): MailboxRef => ({
  domainUid: user.domainUid,
  partition: partitionOf(user.domainUid),
  ownerUid: user.uid,
  root: `user.${user.uid}`,
  writable: true,
});

const subscriptionValue = subscription.extend({
  value: subscription.shape.value.extend({ defaultContainer: z.boolean().nullish() }),
});

export async function discoverAccount(client: BlueMindClient): Promise<Account> {
  const user = await client.expect('GET', '/api/auth', authUser);
  const subscriptions = await client.expect(
    'GET',
    apiPath`/api/containers/_subscriptions/${user.domainUid}/${user.uid}/_list`,
    z.array(subscriptionValue),
  );
  const containers = subscriptions.map(({ value }) => ({
    uid: value.containerUid,
    type: value.containerType,
    owner: value.owner ?? null,
    isDefault: value.defaultContainer === true,
  }));
  return { user, mailbox: await ownMailbox(client, user, containers), containers };
}

/** The user's mailbox as the subscriptions describe it; `user.<uid>` when the server lists none. */
async function ownMailbox(
  client: BlueMindClient,
  user: AuthUser,
  containers: Account['containers'],
): Promise<MailboxRef> {
  const mailboxAcls = containers.filter((c) => c.type === 'mailboxacl').map((c) => c.uid);
  if (mailboxAcls.length === 0) return userMailboxRef(user);
  const descriptors = await client.expect('POST', '/api/containers/_manage/_mget', z.array(containerDescriptor), {
    json: mailboxAcls,
  });
  const own = descriptors.find((d) => d.owner === user.uid && d.verbs?.some((verb) => READ_VERBS.has(verb)));
  if (!own) return userMailboxRef(user);
  return {
    ...mailboxRefOf(user.domainUid, user.uid, own.ownerDirEntryPath ?? null),
    writable: own.verbs?.some((verb) => WRITE_VERBS.has(verb)) ?? false,
  };
}

/** `<domain>/users/<uid>` → `user.<uid>`; a mailshare or group path → `<uid>` (brief §4.1 step 4). */
export function mailboxRefOf(domainUid: string, ownerUid: string, dirEntryPath: string | null) {
  const kind = dirEntryPath?.split('/')[1] ?? 'users';
  return {
    domainUid,
    partition: partitionOf(domainUid),
    ownerUid,
    root: kind === 'users' ? `user.${ownerUid}` : ownerUid,
  };
}

/** The user's default e-mail address. */
export function addressOf(user: AuthUser): string {
  const emails = user.value?.emails ?? [];
  return (emails.find((email) => email.isDefault) ?? emails[0])?.address ?? '';
}
