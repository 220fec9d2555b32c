// The BlueMind JSON shapes the connector reads (brief §4–§8, §11), checked loosely: unknown fields are ignored,
// as the server itself does, and only what the connector relies on is required.
import { z } from 'zod';

const nullishString = z.string().nullish();
const headers = z.array(z.object({ name: z.string(), values: z.array(z.string()).nullish() })).nullish();

export const itemValue = <T extends z.ZodType>(value: T) =>
  z.object({
    uid: z.string(),
    internalId: z.number(),
    version: z.number(),
    displayName: nullishString,
    flags: z.array(z.string()).nullish(),
    value,
  });

export const containerChangesetById = z.object({
  created: z.array(z.number()),
  updated: z.array(z.number()),
  deleted: z.array(z.number()),
  version: z.number(),
});

export const containerChangesetByUid = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  deleted: z.array(z.string()),
  version: z.number(),
});

const itemVersion = z.object({ id: z.number(), version: z.number() });
export const itemVersionChangeset = z.object({
  created: z.array(itemVersion),
  updated: z.array(itemVersion),
  deleted: z.array(itemVersion),
  version: z.number(),
});

export const mailboxFolder = z.object({
  name: z.string(),
  fullName: z.string(),
  parentUid: nullishString,
  deleted: z.boolean().nullish(),
  // MailboxReplica extras (brief §4.2), when the server sends them.
  uidValidity: z.number().nullish(),
  lastUid: z.number().nullish(),
});
export const folderItem = itemValue(mailboxFolder);
export type FolderItem = z.infer<typeof folderItem>;

export interface Part {
  mime: string;
  address: string | null;
  encoding: string | null;
  charset: string | null;
  fileName: string | null;
  headers: { name: string; values: string[] }[];
  contentId: string | null;
  size: number;
  dispositionType: 'INLINE' | 'ATTACHMENT' | null;
  children: Part[];
}

// The MIME tree is read by hand (parts.ts): a recursive schema would cost more than it checks.
const structure = z.unknown();

export const recipient = z.object({ kind: z.string(), address: z.string(), dn: nullishString });

export const messageBody = z.object({
  subject: nullishString,
  date: z.number().nullish(),
  size: z.number().nullish(),
  smartAttach: z.boolean().nullish(),
  headers,
  recipients: z.array(recipient).nullish(),
  messageId: nullishString,
  references: z.array(z.string()).nullish(),
  structure,
  preview: nullishString,
});

/** Flags are strings since 2020 (`"\\Seen"`), objects `{flag, value}` before (brief §4.4). */
export const imapFlag = z.union([z.string(), z.object({ flag: z.string() }).loose()]);
export type ImapFlag = z.infer<typeof imapFlag>;

export const mailboxItem = z.object({
  imapUid: z.number().nullish(),
  flags: z.array(imapFlag).nullish(),
  internalDate: z.number().nullish(),
  conversationId: nullishString,
  body: messageBody,
});
export const mailItem = itemValue(mailboxItem);
export type MailItem = z.infer<typeof mailItem>;

export const imapAck = z.object({ version: z.number(), imapUid: z.number().nullish() });
export const idRange = z.object({ count: z.number(), globalCounter: z.number() });
export const taskRef = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
export const taskStatus = z.object({
  state: z.enum(['NotStarted', 'InProgress', 'InError', 'Success']),
  result: z.string().nullish(),
  lastLogEntry: nullishString,
});
export const importStatus = z.object({
  status: z.string(),
  doneIds: z.array(z.object({ source: z.number(), destination: z.number() })).nullish(),
});

export const authUser = z.object({
  uid: z.string(),
  domainUid: z.string(),
  displayName: nullishString,
  roles: z.array(z.string()).nullish(),
  settings: z.record(z.string(), z.string().nullable()).nullish(),
  value: z
    .object({
      login: nullishString,
      emails: z.array(z.object({ address: z.string(), isDefault: z.boolean().nullish() })).nullish(),
    })
    .nullish(),
});
export type AuthUser = z.infer<typeof authUser>;

export const subscription = z.object({
  value: z.object({ containerUid: z.string(), containerType: z.string(), owner: nullishString }),
});
export const containerDescriptor = z.object({
  uid: z.string(),
  owner: nullishString,
  type: nullishString,
  ownerDirEntryPath: nullishString,
  verbs: z.array(z.string()).nullish(),
});

export const vcardInfo = z.object({
  containerUid: z.string(),
  uid: z.string(),
  displayName: nullishString,
  value: z.object({
    kind: nullishString,
    mail: nullishString,
    formatedName: nullishString,
    source: nullishString,
  }),
});
export const vcardSearch = z.object({ total: z.number(), values: z.array(vcardInfo) });

/** A full `VCard` (per-book `_mget`), reduced to what a person needs. */
export const vcard = z.object({
  uid: z.string(),
  value: z.object({
    kind: nullishString,
    source: nullishString,
    identification: z
      .object({ formatedName: z.object({ value: nullishString }).nullish() })
      .loose()
      .nullish(),
    communications: z
      .object({ emails: z.array(z.object({ value: z.string() }).loose()).nullish() })
      .loose()
      .nullish(),
    organizational: z.object({ title: nullishString }).loose().nullish(),
  }),
});

export const bmDateTime = z.object({
  iso8601: z.string(),
  timezone: nullishString,
  precision: z.enum(['Date', 'DateTime']).nullish(),
});
export type BmDateTime = z.infer<typeof bmDateTime>;

const calendarPerson = z.object({ commonName: nullishString, mailto: nullishString, dir: nullishString }).loose();
export const rrule = z.object({
  frequency: z.enum(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']),
  interval: z.number().nullish(),
  count: z.number().nullish(),
  until: bmDateTime.nullish(),
  byDay: z.array(z.object({ day: z.string(), offset: z.number().nullish() })).nullish(),
  byMonthDay: z.array(z.number()).nullish(),
});
export type RRule = z.infer<typeof rrule>;

export const vevent = z.object({
  dtstart: bmDateTime,
  dtend: bmDateTime.nullish(),
  summary: nullishString,
  location: nullishString,
  description: nullishString,
  organizer: calendarPerson.nullish(),
  attendees: z.array(calendarPerson).nullish(),
  rrule: rrule.nullish(),
  exdate: z.array(bmDateTime).nullish(),
  conference: nullishString,
  url: nullishString,
  status: nullishString,
});
export type VEvent = z.infer<typeof vevent>;

export const veventSeries = z.object({
  icsUid: nullishString,
  main: vevent.nullish(),
  occurrences: z.array(vevent.extend({ recurid: bmDateTime.nullish() })).nullish(),
});
export const eventItem = itemValue(veventSeries);
export type EventItem = z.infer<typeof eventItem>;
export const eventSearch = z.object({ total: z.number(), values: z.array(eventItem) });

export const attachmentConfig = z.object({
  autoDetachmentLimit: z.number().nullish(),
  maxFilesize: z.number().nullish(),
  retentionTime: z.number().nullish(),
});
export const attachedFile = z.object({
  publicUrl: z.string(),
  expirationDate: z.number().nullish(),
  name: nullishString,
});
export const userSettings = z.record(z.string(), z.string().nullable());
export const installationVersion = z.object({ softwareVersion: nullishString, versionName: nullishString }).loose();

export const jsonString = z.string();
export const numbers = z.array(z.number());
