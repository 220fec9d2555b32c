// Address books and calendars (brief §6, §7): storage and the JSON shapes the core returns.

import { type Changelog } from './changelog.js';

export interface CardMember {
  mailto: string;
  commonName: string;
  containerUid: string;
  itemUid: string;
  kind: 'individual' | 'group';
  memberCount: number;
}

export interface Card {
  uid: string;
  internalId: number;
  version: number;
  created: number;
  updated: number;
  kind: 'individual' | 'group';
  formatedName: string;
  givenName: string;
  familyName: string;
  emails: string[];
  tel: string | null;
  company: string;
  department: string;
  title: string;
  categories: string[];
  members: CardMember[];
  /** `bm://<domain>/users/<uid>` for directory entries. */
  source: string | null;
}

export interface AddressBook {
  uid: string;
  name: string;
  owner: string;
  /** Users who may read it (`*` = every user of the domain). */
  readers: string[];
  log: Changelog;
  cards: Map<string, Card>;
}

export interface BmDateTime {
  iso8601: string;
  timezone: string | null;
  precision: 'Date' | 'DateTime';
}

export interface CalEvent {
  uid: string;
  internalId: number;
  version: number;
  created: number;
  updated: number;
  summary: string;
  location: string;
  description: string;
  dtstart: BmDateTime;
  dtend: BmDateTime;
  rrule: {
    frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY';
    interval: number;
    until: BmDateTime | null;
    byDay: string[] | null;
  } | null;
  organizer: { commonName: string; mailto: string; dir: string | null };
  attendees: {
    commonName: string;
    mailto: string;
    partStatus: string;
    role: string;
    rsvp: boolean;
    dir: string | null;
  }[];
  conference: string | null;
  conferenceId: string | null;
  categories: string[];
}

export interface Calendar {
  uid: string;
  name: string;
  owner: string;
  log: Changelog;
  events: Map<string, CalEvent>;
}

export function cardInfoJson(card: Card) {
  return {
    kind: card.kind,
    mail: card.emails[0] ?? null,
    tel: card.tel,
    formatedName: card.formatedName,
    categories: card.categories,
    memberCount: card.members.length,
    photo: false,
    source: card.source,
    hasSecurityKey: false,
  };
}

/** `VCard` as the core serialises it (subset: identification, communications, organizational). */
export function vcardJson(card: Card) {
  return {
    kind: card.kind,
    source: card.source,
    identification: {
      formatedName: { value: card.formatedName, parameters: [] },
      name: {
        familyNames: card.familyName,
        givenNames: card.givenName,
        additionalNames: null,
        prefixes: null,
        suffixes: null,
        parameters: [],
      },
      nickname: { value: null, parameters: [] },
      birthday: null,
      anniversary: null,
      gender: null,
      photo: false,
    },
    deliveryAddressing: [],
    communications: {
      emails: card.emails.map((value, i) => ({
        value,
        parameters: [{ label: 'TYPE', value: 'work' }, ...(i === 0 ? [{ label: 'DEFAULT', value: 'true' }] : [])],
      })),
      tels: card.tel ? [{ value: card.tel, parameters: [{ label: 'TYPE', value: 'work' }] }] : [],
      impps: [],
      langs: [],
    },
    organizational: {
      title: card.title || null,
      role: null,
      org: { company: card.company || null, division: null, department: card.department || null },
      member: card.members,
    },
    explanatory: { urls: [], categories: card.categories.map((c) => ({ value: c })), note: null },
    related: { spouse: null, manager: null, assistant: null },
    security: { keys: [] },
  };
}

export function veventJson(e: CalEvent) {
  return {
    dtstart: e.dtstart,
    dtend: e.dtend,
    summary: e.summary,
    classification: 'Public',
    transparency: 'Opaque',
    description: e.description,
    location: e.location,
    url: null,
    priority: null,
    alarm: [],
    status: 'Confirmed',
    attendees: e.attendees,
    organizer: e.organizer,
    categories: e.categories.map((c) => ({ itemUid: c, containerUid: null })),
    exdate: null,
    rdate: null,
    rrule: e.rrule
      ? {
          frequency: e.rrule.frequency,
          interval: e.rrule.interval,
          until: e.rrule.until,
          count: null,
          byDay: e.rrule.byDay?.map((d) => ({ day: d, offset: 0 })) ?? null,
          byMonthDay: null,
          byMonth: null,
          bySecond: null,
          byMinute: null,
          byHour: null,
          byYearDay: null,
          byWeekNo: null,
        }
      : null,
    conference: e.conference,
    conferenceId: e.conferenceId,
    conferenceConfiguration: {},
    sequence: 0,
    draft: false,
    attachments: [],
  };
}

export function seriesJson(e: CalEvent) {
  return {
    icsUid: e.uid,
    main: veventJson(e),
    occurrences: [],
    properties: {},
    acceptCounters: true,
    counters: [],
  };
}
