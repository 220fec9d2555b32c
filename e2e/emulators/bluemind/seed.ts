// The deterministic seeded organisation: users, a mailshare, a group, mailboxes with French content,
// address books, calendars, a hosted file.

import { Changelog } from './changelog.js';
import { stableUid, stableUuid } from './ids.js';
import { type Message, type MimeNode, type Recipient, simpleBody, textToHtml } from './mime.js';
import { type Folder, type Mailbox, type User, type Verb } from './model.js';
import { type AddressBook, type BmDateTime, type CalEvent, type Card, type CardMember } from './pim.js';
import { DOMAIN, type EmulatorState } from './state.js';
import { MAIL_SEEDS, type MailSeed, PDF, USER_SEEDS } from './seed-data.js';

export type UidStyle = 'uuid' | 'login';

const BASE_ROLES = [
  'hasMail',
  'hasWebmail',
  'hasMailWebapp',
  'hasCalendar',
  'hasDAV',
  'hasEAS',
  'hasTbird',
  'hasOutlook',
  'canUseSmime',
  'selfChangePassword',
];
const FILE_ROLES = ['canRemoteAttach', 'canUseFilehosting'];

const SEED_BASE = Date.UTC(2025, 5, 2, 7, 0, 0); // Monday 2 June 2025, 09:00 in Paris

function person(state: EmulatorState, who: string): Recipient {
  const u = state.userByLogin(`${who}@${DOMAIN}`);
  if (u) return { kind: 'Primary', address: u.email, dn: u.displayName };
  const share = [...state.mailshares.values()].find((s) => s.name === who);
  if (share) return { kind: 'Primary', address: share.email, dn: share.displayName };
  const group = [...state.groups.values()].find((g) => g.name === who);
  if (group) return { kind: 'Primary', address: group.email, dn: group.displayName };
  const m = /^(.*) <(.+)>$/.exec(who);
  return m ? { kind: 'Primary', address: m[2] ?? who, dn: m[1] ?? null } : { kind: 'Primary', address: who, dn: null };
}

const messageIdOf = (i: number): string => `<${stableUuid(`seed-mail-${i}`).slice(0, 18)}@${DOMAIN}>`;

function seedMessage(state: EmulatorState, i: number, s: MailSeed): Message {
  const from = person(state, s.from);
  const recipients: Recipient[] = [
    { ...from, kind: 'Originator' },
    ...s.to.map((t): Recipient => ({ ...person(state, t), kind: 'Primary' })),
    ...(s.cc ?? []).map((t): Recipient => ({ ...person(state, t), kind: 'CarbonCopy' })),
  ];
  const root: MimeNode = simpleBody(
    s.text,
    s.html ? textToHtml(s.text) : null,
    s.attachment
      ? [
          {
            fileName: s.attachment.fileName,
            mime: s.attachment.mime,
            content: Buffer.from(s.attachment.content, 'utf8'),
          },
        ]
      : [],
  );
  // Sent copies and their delivered twins share one Message-ID.
  const idIndex = s.box === 'bob' && i === 22 ? 18 : s.box === 'jean.dupont' && i === 31 ? 16 : i;
  return {
    subject: s.subject,
    date: SEED_BASE - s.ago * 3_600_000,
    messageId: messageIdOf(idIndex),
    references: s.replyTo !== undefined ? [messageIdOf(s.replyTo)] : [],
    recipients,
    headers: [],
    root,
  };
}

const USER_FOLDERS = ['INBOX', 'Sent', 'Drafts', 'Trash', 'Junk', 'Templates', 'Outbox'];
const EXTRA_FOLDERS: Record<string, string[]> = {
  alice: ['Projets', 'Projets/Bastide', 'Projets/Refonte intranet', 'Archives', 'Archives/2024', 'Réunions'],
  bob: ['Projets', 'Fournisseurs'],
  carol: ['Budget 2025'],
};

function seedFolders(state: EmulatorState, mailbox: Mailbox, names: string[]): void {
  for (const fullName of names) {
    const parentName = fullName.includes('/') ? fullName.slice(0, fullName.lastIndexOf('/')) : null;
    const parent = parentName ? (state.mail.folderByName(mailbox, parentName) ?? null) : null;
    state.mail.seedFolder(mailbox, fullName, parent);
  }
}

function bmDate(iso: string, allDay = false): BmDateTime {
  return allDay
    ? { iso8601: iso, timezone: null, precision: 'Date' }
    : { iso8601: iso, timezone: 'Europe/Paris', precision: 'DateTime' };
}

export function seed(state: EmulatorState, uidStyle: UidStyle): void {
  state.frozenNow = SEED_BASE;
  try {
    seedAll(state, uidStyle);
  } finally {
    state.frozenNow = null;
  }
}

function seedAll(state: EmulatorState, uidStyle: UidStyle): void {
  const uidFor = (kind: string, name: string): string => (uidStyle === 'login' ? name : stableUid(`${kind}:${name}`));

  for (const s of USER_SEEDS) {
    const user: User = {
      uid: uidFor('user', s.login),
      login: s.login,
      domainUid: DOMAIN,
      displayName: `${s.first} ${s.last}`,
      firstName: s.first,
      lastName: s.last,
      email: `${s.login}@${DOMAIN}`,
      aliases: s.aliases ?? [],
      password: s.password,
      ssoPassword: s.ssoPassword ?? null,
      roles: s.files === false ? [...BASE_ROLES] : [...BASE_ROLES, ...FILE_ROLES],
      title: s.title,
      department: s.department,
      phone: s.phone,
      archived: s.archived ?? false,
      passwordExpired: false,
      settings: {
        lang: 'fr',
        timezone: 'Europe/Paris',
        default_app: '/webapp/mail/',
        date: 'dd/MM/yyyy',
        timeformat: 'HH:mm',
        work_hours_start: '8',
        work_hours_end: '18',
      },
    };
    state.users.set(user.uid, user);
  }
  const byLogin = (login: string): User => {
    const u = state.userByLogin(`${login}@${DOMAIN}`);
    if (!u) throw new Error(`seed: unknown ${login}`);
    return u;
  };

  const share = {
    uid: uidFor('mailshare', 'secretariat'),
    name: 'secretariat',
    displayName: 'Secrétariat général',
    email: `secretariat@${DOMAIN}`,
  };
  state.mailshares.set(share.uid, share);
  state.groups.set(uidFor('group', 'dsi'), {
    uid: uidFor('group', 'dsi'),
    name: 'dsi',
    displayName: 'Direction du numérique',
    email: `dsi@${DOMAIN}`,
    memberUids: ['alice', 'bob', 'jean.dupont', 'thomas.petit'].map((l) => byLogin(l).uid),
  });

  for (const user of state.users.values()) {
    const mailbox = state.mail.createMailbox(user.uid, 'user', new Map<string, Verb>([[user.uid, 'All']]));
    seedFolders(state, mailbox, [...USER_FOLDERS, ...(EXTRA_FOLDERS[user.login] ?? [])]);
  }
  const shareAcl = new Map<string, Verb>([
    [byLogin('alice').uid, 'Write'],
    [byLogin('bob').uid, 'Read'],
    [byLogin('jean.dupont').uid, 'All'],
  ]);
  const shareBox = state.mail.createMailbox(share.uid, 'mailshare', shareAcl);
  seedFolders(state, shareBox, ['secretariat', 'secretariat/Sent', 'secretariat/Trash', 'secretariat/Courrier traité']);

  MAIL_SEEDS.forEach((s, i) => {
    const owner = s.box === 'secretariat' ? share.uid : byLogin(s.box).uid;
    const mailbox = state.mail.mailboxes.get(owner) as Mailbox;
    const folder = state.mail.folderByName(mailbox, s.folder) as Folder;
    const message = seedMessage(state, i, s);
    state.mail.append(mailbox, folder, message, { flags: s.flags ?? [], internalDate: message.date, author: 'system' });
  });

  seedBooks(state, share, byLogin);
  seedCalendars(state, byLogin);

  const alice = byLogin('alice');
  state.files.set(`${alice.uid}:/Documents/rapport-activite-2024.pdf`, {
    path: '/Documents/rapport-activite-2024.pdf',
    content: Buffer.from(PDF("Rapport d'activité 2024")),
    created: SEED_BASE,
    ownerUid: alice.uid,
  });
}

function newCard(
  state: EmulatorState,
  book: AddressBook,
  c: Partial<Card> & { uid: string; formatedName: string },
): Card {
  const card: Card = {
    internalId: state.nextId(),
    version: 0,
    created: SEED_BASE,
    updated: SEED_BASE,
    kind: 'individual',
    givenName: '',
    familyName: '',
    emails: [],
    tel: null,
    company: '',
    department: '',
    title: '',
    categories: [],
    members: [],
    source: null,
    ...c,
  };
  card.version = book.log.record('created', card.internalId, card.uid, SEED_BASE);
  book.cards.set(card.uid, card);
  return card;
}

function seedBooks(
  state: EmulatorState,
  share: { uid: string; displayName: string; email: string },
  byLogin: (l: string) => User,
): void {
  const dirBook: AddressBook = {
    uid: `addressbook_${DOMAIN}`,
    name: 'Annuaire',
    owner: DOMAIN,
    readers: ['*'],
    log: new Changelog(),
    cards: new Map(),
  };
  state.books.set(dirBook.uid, dirBook);
  for (const u of state.users.values()) {
    if (u.archived) continue;
    newCard(state, dirBook, {
      uid: u.uid,
      formatedName: u.displayName,
      givenName: u.firstName,
      familyName: u.lastName,
      emails: [u.email, ...u.aliases],
      tel: u.phone || null,
      company: 'Région Occitanie',
      department: u.department,
      title: u.title,
      source: `bm://${DOMAIN}/users/${u.uid}`,
    });
  }
  newCard(state, dirBook, {
    uid: share.uid,
    formatedName: share.displayName,
    emails: [share.email],
    company: 'Région Occitanie',
    source: `bm://${DOMAIN}/mailshares/${share.uid}`,
  });
  for (const g of state.groups.values()) {
    const members: CardMember[] = g.memberUids.map((uid) => {
      const u = state.userByUid(uid) as User;
      return {
        mailto: u.email,
        commonName: u.displayName,
        containerUid: dirBook.uid,
        itemUid: uid,
        kind: 'individual',
        memberCount: 0,
      };
    });
    newCard(state, dirBook, {
      uid: g.uid,
      kind: 'group',
      formatedName: g.displayName,
      emails: [g.email],
      members,
      source: `bm://${DOMAIN}/groups/${g.uid}`,
    });
  }

  for (const u of state.users.values()) {
    const personal: AddressBook = {
      uid: `book:Contacts_${u.uid}`,
      name: 'Mes contacts',
      owner: u.uid,
      readers: [],
      log: new Changelog(),
      cards: new Map(),
    };
    const collected: AddressBook = {
      uid: `book:CollectedContacts_${u.uid}`,
      name: 'Contacts collectés',
      owner: u.uid,
      readers: [],
      log: new Changelog(),
      cards: new Map(),
    };
    state.books.set(personal.uid, personal);
    state.books.set(collected.uid, collected);
  }
  const alice = byLogin('alice');
  const personal = state.books.get(`book:Contacts_${alice.uid}`) as AddressBook;
  const collected = state.books.get(`book:CollectedContacts_${alice.uid}`) as AddressBook;
  const ext = (uid: string, formatedName: string, email: string, company: string, tel: string | null = null): Card =>
    newCard(state, personal, {
      uid: stableUuid(`contact:${uid}`),
      formatedName,
      givenName: formatedName.split(' ')[0] ?? '',
      familyName: formatedName.split(' ').slice(1).join(' '),
      emails: [email],
      company,
      tel,
    });
  const claire = ext(
    'claire',
    'Claire Fontaine',
    'claire.fontaine@mairie-albi.example',
    "Mairie d'Albi",
    '+33 5 63 49 10 10',
  );
  const ann = ext('ann', 'Ann Smith', 'ann.smith@partner.example', 'Partner Ltd');
  ext('annabelle', 'Annabelle Costes', 'annabelle.costes@departement31.example', 'Département de la Haute-Garonne');
  ext('hugo', 'Hugo Baptiste', 'hugo.baptiste@universite-toulouse.example', 'Université de Toulouse');
  newCard(state, personal, {
    uid: stableUuid('contact:group-bastide'),
    kind: 'group',
    formatedName: 'Équipe projet Bastide',
    emails: [],
    members: [
      {
        mailto: alice.email,
        commonName: alice.displayName,
        containerUid: `addressbook_${DOMAIN}`,
        itemUid: alice.uid,
        kind: 'individual',
        memberCount: 0,
      },
      {
        mailto: byLogin('thomas.petit').email,
        commonName: 'Thomas Petit',
        containerUid: `addressbook_${DOMAIN}`,
        itemUid: byLogin('thomas.petit').uid,
        kind: 'individual',
        memberCount: 0,
      },
      {
        mailto: claire.emails[0] ?? '',
        commonName: claire.formatedName,
        containerUid: personal.uid,
        itemUid: claire.uid,
        kind: 'individual',
        memberCount: 0,
      },
      {
        mailto: ann.emails[0] ?? '',
        commonName: ann.formatedName,
        containerUid: personal.uid,
        itemUid: ann.uid,
        kind: 'individual',
        memberCount: 0,
      },
    ],
  });
  newCard(state, collected, {
    uid: stableUuid('collected:lucas'),
    formatedName: 'Lucas Vidal',
    emails: ['lucas.vidal@prestataire.example'],
    givenName: 'Lucas',
    familyName: 'Vidal',
  });
}

function seedCalendars(state: EmulatorState, byLogin: (l: string) => User): void {
  for (const u of state.users.values()) {
    const uid = `calendar:Default:${u.uid}`;
    state.calendars.set(uid, { uid, name: u.displayName, owner: u.uid, log: new Changelog(), events: new Map() });
  }
  const att = (login: string, partStatus = 'Accepted') => {
    const u = byLogin(login);
    return {
      commonName: u.displayName,
      mailto: u.email,
      partStatus,
      role: 'RequiredParticipant',
      rsvp: true,
      dir: `bm://${DOMAIN}/users/${u.uid}`,
    };
  };
  const org = (login: string) => {
    const u = byLogin(login);
    return { commonName: u.displayName, mailto: u.email, dir: `bm://${DOMAIN}/users/${u.uid}` };
  };
  const add = (
    login: string,
    key: string,
    e: Omit<CalEvent, 'uid' | 'internalId' | 'version' | 'created' | 'updated'>,
  ): void => {
    const cal = state.calendars.get(`calendar:Default:${byLogin(login).uid}`);
    if (!cal) return;
    const ev: CalEvent = {
      ...e,
      uid: stableUuid(`event:${key}`),
      internalId: state.nextId(),
      version: 0,
      created: SEED_BASE,
      updated: SEED_BASE,
    };
    ev.version = cal.log.record('created', ev.internalId, ev.uid, SEED_BASE);
    cal.events.set(ev.uid, ev);
  };
  const base = {
    rrule: null,
    conference: null,
    conferenceId: null,
    categories: [] as string[],
    description: '',
    attendees: [] as CalEvent['attendees'],
  };
  add('alice', 'copil', {
    ...base,
    summary: 'Comité de pilotage Bastide',
    location: 'Salle Garonne — Hôtel de Région, Toulouse',
    description: 'Bilan des ateliers, calendrier de déploiement.',
    dtstart: bmDate('2025-06-05T14:00:00.000+02:00'),
    dtend: bmDate('2025-06-05T16:00:00.000+02:00'),
    organizer: org('jean.dupont'),
    attendees: [att('alice'), att('bob'), att('jean.dupont'), att('thomas.petit', 'NeedsAction')],
    conference: 'https://visio.example.test/comite-bastide',
    conferenceId: 'comite-bastide',
  });
  add('alice', 'point-equipe', {
    ...base,
    summary: "Point d'équipe numérique",
    location: '',
    dtstart: bmDate('2025-05-05T09:30:00.000+02:00'),
    dtend: bmDate('2025-05-05T10:00:00.000+02:00'),
    rrule: { frequency: 'WEEKLY', interval: 1, until: null, byDay: ['MO'] },
    organizer: org('jean.dupont'),
    attendees: [att('alice'), att('bob'), att('thomas.petit')],
    conference: 'https://visio.example.test/point-equipe',
    conferenceId: 'point-equipe',
  });
  add('alice', 'atelier-mtp', {
    ...base,
    summary: 'Atelier utilisateurs Bastide',
    location: 'Montpellier — site Mermoz, salle 2.14',
    dtstart: bmDate('2025-06-10T10:00:00.000+02:00'),
    dtend: bmDate('2025-06-10T12:00:00.000+02:00'),
    organizer: org('alice'),
    attendees: [att('alice'), att('thomas.petit')],
  });
  add('alice', 'conges', {
    ...base,
    summary: 'Congés',
    location: '',
    dtstart: bmDate('2025-06-16', true),
    dtend: bmDate('2025-06-21', true),
    organizer: org('alice'),
  });
  add('alice', 'rgpd', {
    ...base,
    summary: 'Formation RGPD',
    location: 'Toulouse — salle Capitole',
    dtstart: bmDate('2025-05-27T09:00:00.000+02:00'),
    dtend: bmDate('2025-05-27T12:00:00.000+02:00'),
    organizer: org('marie.lambert'),
    attendees: [att('alice'), att('marie.lambert')],
  });
  add('bob', 'maintenance', {
    ...base,
    summary: 'Maintenance des serveurs de stockage',
    location: 'Salle serveurs',
    dtstart: bmDate('2025-06-07T22:00:00.000+02:00'),
    dtend: bmDate('2025-06-08T02:00:00.000+02:00'),
    organizer: org('bob'),
  });
}
