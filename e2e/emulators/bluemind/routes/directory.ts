// Address books (brief §6, E16), the domain directory (§6) and container subscriptions (§4.1 discovery).

import { idChangeset, uidChangeset, type ChangesetSource } from '../changelog.js';
import { Fault, json, noContent, type Ctx } from '../http.js';
import { type Mailbox, type User, type Verb } from '../model.js';
import { cardInfoJson, vcardJson, type AddressBook, type Card } from '../pim.js';
import { evaluate, fold, parseQuery } from '../querystring.js';
import { type RouteSpec } from '../router.js';
import { DOMAIN, type EmulatorState } from '../state.js';

export function readableBooks(state: EmulatorState, user: User): AddressBook[] {
  return [...state.books.values()].filter(
    (b) => b.owner === user.uid || b.readers.includes('*') || b.readers.includes(user.uid),
  );
}

function requireBook(ctx: Ctx): AddressBook {
  const book = ctx.state.books.get(ctx.params.containerUid ?? '');
  if (!book) throw new Fault('NOT_FOUND', `container ${ctx.params.containerUid} not found`);
  if (!readableBooks(ctx.state, ctx.user()).includes(book))
    throw new Fault('PERMISSION_DENIED', `no read access to ${book.uid}`);
  return book;
}

function cardFields(book: AddressBook, card: Card): (name: string | null) => string[] | undefined {
  return (name) => {
    switch (name) {
      case 'value.identification.formatedName.value':
        return [card.formatedName];
      case 'value.identification.name.familyNames':
        return card.familyName ? [card.familyName] : undefined;
      case 'value.identification.name.givenNames':
        return card.givenName ? [card.givenName] : undefined;
      case 'value.communications.emails.value':
        return card.emails.length ? card.emails : undefined;
      case 'value.communications.tels.value':
        return card.tel ? [card.tel] : undefined;
      case 'value.kind':
        return [card.kind];
      case 'value.organizational.member':
        return card.members.length ? card.members.map((m) => m.mailto) : undefined;
      case 'value.organizational.org.company':
        return card.company ? [card.company] : undefined;
      case 'value.organizational.org.department':
        return card.department ? [card.department] : undefined;
      case 'value.organizational.title':
        return card.title ? [card.title] : undefined;
      case 'value.explanatory.categories.itemUid':
        return card.categories.length ? card.categories : undefined;
      case 'containerUid':
        return [book.uid];
      case 'uid':
        return [card.uid];
      case null:
        return [card.formatedName, ...card.emails, card.company, card.department, card.title].filter(Boolean);
      default:
        return undefined;
    }
  };
}

function itemContainerValue(book: AddressBook, card: Card) {
  return {
    containerUid: book.uid,
    uid: card.uid,
    version: card.version,
    displayName: card.formatedName,
    externalId: null,
    createdBy: 'system',
    updatedBy: 'system',
    created: card.created,
    updated: card.updated,
    value: cardInfoJson(card),
  };
}

interface VCardQuery {
  from?: number;
  size?: number;
  query?: string | null;
  orderBy?: 'Pertinance' | 'FormatedName';
  escapeQuery?: boolean;
}

function searchBooks(ctx: Ctx) {
  const q = ctx.body<VCardQuery>() ?? {};
  const text = q.query ?? '';
  const parsed = q.escapeQuery ? parseQuery(`"${text.replace(/"/g, '')}"`) : parseQuery(text);
  const hits: { book: AddressBook; card: Card }[] = [];
  for (const book of readableBooks(ctx.state, ctx.user())) {
    for (const card of book.cards.values()) if (evaluate(parsed, cardFields(book, card))) hits.push({ book, card });
  }
  const byName = (a: { card: Card }, b: { card: Card }): number =>
    fold(a.card.formatedName).localeCompare(fold(b.card.formatedName));
  if (q.orderBy === 'FormatedName') hits.sort(byName);
  else {
    // "Pertinance": directory entries first, then personal books, then collected contacts.
    const rank = (b: AddressBook): number =>
      b.uid.startsWith('addressbook_') ? 0 : b.uid.startsWith('book:Contacts_') ? 1 : 2;
    hits.sort((a, b) => rank(a.book) - rank(b.book) || byName(a, b));
  }
  const from = q.from ?? 0;
  const size = q.size ?? hits.length;
  return json({
    total: hits.length,
    values: hits.slice(from, from + size).map((h) => itemContainerValue(h.book, h.card)),
  });
}

function cardItemValue(card: Card, value: unknown) {
  return {
    uid: card.uid,
    internalId: card.internalId,
    version: card.version,
    displayName: card.formatedName,
    externalId: null,
    createdBy: 'system',
    updatedBy: 'system',
    created: card.created,
    updated: card.updated,
    flags: [],
    value,
  };
}

function cardSource(book: AddressBook): ChangesetSource<Card> {
  const cards = (): Card[] => [...book.cards.values()];
  return {
    live: (id) => cards().find((c) => c.internalId === id),
    all: cards,
    idOf: (c) => c.internalId,
    versionOf: (c) => c.version,
    timestampOf: (c) => c.updated,
  };
}

// ---- directory entries ----

type DirKind = 'USER' | 'MAILSHARE' | 'GROUP';

interface DirEntryLike {
  uid: string;
  kind: DirKind;
  displayName: string;
  email: string;
  archived: boolean;
}

function dirEntries(state: EmulatorState): DirEntryLike[] {
  return [
    ...[...state.users.values()].map((u) => ({
      uid: u.uid,
      kind: 'USER' as const,
      displayName: u.displayName,
      email: u.email,
      archived: u.archived,
    })),
    ...[...state.mailshares.values()].map((s) => ({
      uid: s.uid,
      kind: 'MAILSHARE' as const,
      displayName: s.displayName,
      email: s.email,
      archived: false,
    })),
    ...[...state.groups.values()].map((g) => ({
      uid: g.uid,
      kind: 'GROUP' as const,
      displayName: g.displayName,
      email: g.email,
      archived: false,
    })),
  ];
}

function dirEntryItem(e: DirEntryLike) {
  const folder = e.kind === 'USER' ? 'users' : e.kind === 'MAILSHARE' ? 'mailshares' : 'groups';
  return {
    uid: e.uid,
    internalId: 0,
    version: 1,
    displayName: e.displayName,
    externalId: null,
    createdBy: 'system',
    updatedBy: 'system',
    created: 0,
    updated: 0,
    flags: [],
    value: {
      entryUid: e.uid,
      kind: e.kind,
      path: `${DOMAIN}/${folder}/${e.uid}`,
      displayName: e.displayName,
      email: e.email,
      hidden: false,
      system: false,
      archived: e.archived,
      orgUnitUid: null,
      orgUnitPath: null,
      dataLocation: 'bm-master',
      accountType: e.kind === 'USER' ? 'FULL' : null,
    },
  };
}

function checkDomain(ctx: Ctx): void {
  if (ctx.params.domainUid !== DOMAIN) throw new Fault('NOT_FOUND', `domain ${ctx.params.domainUid} not found`);
}

// ---- subscriptions / container descriptors (brief §4.1) ----

interface ContainerInfo {
  uid: string;
  type: 'mailboxacl' | 'calendar' | 'addressbook';
  name: string;
  owner: string;
  ownerDisplayname: string;
  ownerDirEntryPath: string;
  defaultContainer: boolean;
  verbs: Verb[];
  offlineSync: boolean;
}

function mailboxContainer(state: EmulatorState, mailbox: Mailbox, verb: Verb): ContainerInfo {
  const user = state.userByUid(mailbox.ownerUid);
  const share = state.mailshares.get(mailbox.ownerUid);
  const name = user?.displayName ?? share?.displayName ?? mailbox.ownerUid;
  return {
    uid: `mailbox:acls-${mailbox.ownerUid}`,
    type: 'mailboxacl',
    name,
    owner: mailbox.ownerUid,
    ownerDisplayname: name,
    ownerDirEntryPath: `${DOMAIN}/${mailbox.kind === 'user' ? 'users' : 'mailshares'}/${mailbox.ownerUid}`,
    defaultContainer: mailbox.kind === 'user',
    verbs: [verb],
    offlineSync: mailbox.kind === 'user',
  };
}

export function visibleContainers(state: EmulatorState, user: User): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  for (const m of state.mail.mailboxes.values()) {
    const verb = m.acl.get(user.uid);
    if (verb) out.push(mailboxContainer(state, m, verb));
  }
  for (const c of state.calendars.values()) {
    if (c.owner !== user.uid) continue;
    out.push({
      uid: c.uid,
      type: 'calendar',
      name: c.name,
      owner: c.owner,
      ownerDisplayname: user.displayName,
      ownerDirEntryPath: `${DOMAIN}/users/${user.uid}`,
      defaultContainer: c.uid.startsWith('calendar:Default:'),
      verbs: ['All'],
      offlineSync: true,
    });
  }
  for (const b of readableBooks(state, user)) {
    const own = b.owner === user.uid;
    out.push({
      uid: b.uid,
      type: 'addressbook',
      name: b.name,
      owner: b.owner,
      ownerDisplayname: own ? user.displayName : DOMAIN,
      ownerDirEntryPath: own ? `${DOMAIN}/users/${user.uid}` : DOMAIN,
      defaultContainer: b.uid.startsWith('book:Contacts_'),
      verbs: own ? ['All'] : ['Read'],
      offlineSync: true,
    });
  }
  return out;
}

export const directoryRoutes: RouteSpec[] = [
  { method: 'POST', path: '/api/addressbooks/_search', handler: searchBooks },
  {
    method: 'GET',
    path: '/api/addressbooks/{containerUid}/_changeset',
    handler: (ctx) => {
      const book = requireBook(ctx);
      return json(uidChangeset(book.log, Number(ctx.query.get('since') ?? '0') || 0, cardSource(book), (c) => c.uid));
    },
  },
  {
    method: 'GET',
    path: '/api/addressbooks/{containerUid}/_changesetById',
    handler: (ctx) => {
      const book = requireBook(ctx);
      return json(idChangeset(book.log, Number(ctx.query.get('since') ?? '0') || 0, cardSource(book)));
    },
  },
  {
    method: 'GET',
    path: '/api/addressbooks/{containerUid}/_version',
    handler: (ctx) => json(requireBook(ctx).log.version),
  },
  {
    method: 'POST',
    path: '/api/addressbooks/{containerUid}/_mget',
    handler: (ctx) => {
      const book = requireBook(ctx);
      const uids = ctx.body<string[]>() ?? [];
      return json(
        uids.flatMap((uid) => {
          const c = book.cards.get(uid);
          return c ? [cardItemValue(c, vcardJson(c))] : [];
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/api/addressbooks/{containerUid}/{uid}/complete',
    handler: (ctx) => {
      const c = requireBook(ctx).cards.get(ctx.params.uid ?? '');
      return c ? json(cardItemValue(c, vcardJson(c))) : noContent();
    },
  },
  {
    method: 'GET',
    path: '/api/addressbooks/{containerUid}/{uid}/info',
    handler: (ctx) => {
      const c = requireBook(ctx).cards.get(ctx.params.uid ?? '');
      return c ? json(cardItemValue(c, cardInfoJson(c))) : noContent();
    },
  },
  {
    method: 'POST',
    path: '/api/directory/{domainUid}/_mget',
    handler: (ctx) => {
      checkDomain(ctx);
      ctx.user();
      const uids = ctx.body<string[]>() ?? [];
      const all = dirEntries(ctx.state);
      return json(uids.flatMap((uid) => all.filter((e) => e.uid === uid).map(dirEntryItem)));
    },
  },
  {
    method: 'POST',
    path: '/api/directory/{domainUid}/_search',
    handler: (ctx) => {
      checkDomain(ctx);
      ctx.user();
      const q =
        ctx.body<{
          nameOrEmailFilter?: string | null;
          kindsFilter?: DirKind[] | null;
          from?: number;
          size?: number;
        }>() ?? {};
      const filter = fold(q.nameOrEmailFilter ?? '');
      const hits = dirEntries(ctx.state)
        .filter((e) => !q.kindsFilter?.length || q.kindsFilter.includes(e.kind))
        .filter((e) => !filter || fold(e.displayName).includes(filter) || e.email.includes(filter))
        .sort((a, b) => fold(a.displayName).localeCompare(fold(b.displayName)));
      const from = q.from ?? 0;
      const size = q.size && q.size > 0 ? q.size : hits.length;
      return json({ total: hits.length, values: hits.slice(from, from + size).map(dirEntryItem) });
    },
  },
  {
    method: 'GET',
    path: '/api/directory/{domainUid}/_byEmail/{email}',
    handler: (ctx) => {
      checkDomain(ctx);
      ctx.user();
      const email = (ctx.params.email ?? '').toLowerCase();
      const e = dirEntries(ctx.state).find(
        (x) => x.email === email || ctx.state.userByUid(x.uid)?.aliases.includes(email),
      );
      return e ? json(dirEntryItem(e)) : noContent();
    },
  },
  {
    method: 'GET',
    path: '/api/containers/_subscriptions/{domainUid}/{userUid}/_list',
    handler: (ctx) => {
      const user = ctx.user();
      if (ctx.params.userUid !== user.uid) throw new Fault('PERMISSION_DENIED', 'not your subscriptions');
      return json(
        visibleContainers(ctx.state, user).map((c, i) => ({
          uid: `sub-of-${user.uid}-to-${c.uid}`,
          internalId: i + 1,
          version: i + 1,
          displayName: c.name,
          externalId: null,
          createdBy: 'system',
          updatedBy: 'system',
          created: 0,
          updated: 0,
          flags: [],
          value: {
            containerUid: c.uid,
            offlineSync: c.offlineSync,
            containerType: c.type,
            owner: c.owner,
            defaultContainer: c.defaultContainer,
            name: c.name,
          },
        })),
      );
    },
  },
  {
    method: 'POST',
    path: '/api/containers/_manage/_mget',
    handler: (ctx) => {
      const user = ctx.user();
      const uids = ctx.body<string[]>() ?? [];
      const all = visibleContainers(ctx.state, user);
      return json(
        uids.flatMap((uid) =>
          all
            .filter((c) => c.uid === uid)
            .map((c) => ({
              uid: c.uid,
              name: c.name,
              owner: c.owner,
              type: c.type,
              defaultContainer: c.defaultContainer,
              readOnly: !c.verbs.some((v) => v === 'Write' || v === 'All'),
              domainUid: DOMAIN,
              ownerDisplayname: c.ownerDisplayname,
              ownerDirEntryPath: c.ownerDirEntryPath,
              settings: {},
              offlineSync: c.offlineSync,
              automount: true,
              verbs: c.verbs,
              deleted: false,
              datalocation: null,
            })),
        ),
      );
    },
  },
];
