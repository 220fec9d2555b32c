import { describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../../core/testing/helpers';
import { demoConnector } from '.';
import { parisDay, parisHour, weekdayOf, mondayOf, addDays } from './time';
import { buildDemoWorkspace, type DemoWorkspace } from './workspace';

const workspace = buildDemoWorkspace(FIXED_NOW);

/** Mondays, weekends, early mornings, DST changes, the turn of the year. */
const otherNows = [
  '2026-03-15T20:00:00Z', // Sunday evening
  '2026-03-16T05:30:00Z', // Monday, before office hours
  '2026-03-29T09:00:00Z', // the day clocks go forward
  '2026-10-25T09:00:00Z', // the day clocks go back
  '2027-01-01T10:00:00Z', // New Year's Day
].map((iso) => new Date(iso));

function allTexts(data: DemoWorkspace): string[] {
  return [
    ...data.messages.flatMap((message) => [message.subject, message.bodyText]),
    ...data.chatMessages.map((message) => message.text),
    ...data.posts.flatMap((post) => [post.text, ...post.comments.map((comment) => comment.text)]),
    ...data.spaces.flatMap((space) => [space.name, space.description]),
    ...data.files.map((file) => file.name),
    ...data.events.flatMap((event) => [event.title, event.description, event.location ?? '']),
    ...data.activity.flatMap((item) => [item.title, item.summary]),
    ...data.people.flatMap((person) => [person.name, person.title ?? '']),
  ];
}

function checkInvariants(data: DemoWorkspace, now: Date) {
  const ids = (records: { id: string }[]) => records.map((record) => record.id);
  const people = new Set(ids(data.people));
  const everyId = [
    ...ids(data.people),
    ...ids(data.folders),
    ...ids(data.messages),
    ...ids(data.conversations),
    ...ids(data.chatMessages),
    ...ids(data.spaces),
    ...ids(data.posts),
    ...ids(data.files),
    ...ids(data.events),
    ...ids(data.activity),
  ];
  expect(new Set(everyId).size).toBe(everyId.length);
  expect(everyId.every((id) => id.startsWith('demo:'))).toBe(true);

  const folders = new Set(ids(data.folders));
  expect(data.messages.every((message) => folders.has(message.folderId))).toBe(true);
  const conversations = new Set(ids(data.conversations));
  expect(data.chatMessages.every((m) => conversations.has(m.conversationId) && people.has(m.authorId))).toBe(true);
  expect(data.conversations.every((c) => c.participantIds.every((id) => people.has(id)))).toBe(true);
  const spaces = new Set(ids(data.spaces));
  expect(data.posts.every((post) => spaces.has(post.spaceId) && people.has(post.authorId))).toBe(true);
  expect(data.posts.every((post) => post.comments.every((comment) => people.has(comment.authorId)))).toBe(true);
  const files = new Set(ids(data.files));
  expect(data.files.every((file) => file.parentId === null || files.has(file.parentId))).toBe(true);
  expect(data.events.every((e) => people.has(e.organizerId) && e.attendeeIds.every((id) => people.has(id)))).toBe(true);
  expect(data.activity.every((item) => people.has(item.actorId))).toBe(true);

  const past = [
    ...data.messages.map((message) => message.date),
    ...data.chatMessages.map((message) => message.sentAt),
    ...data.posts.flatMap((post) => [post.postedAt, ...post.comments.map((comment) => comment.postedAt)]),
    ...data.files.map((file) => file.modifiedAt),
    ...data.activity.map((item) => item.at),
  ];
  expect(past.filter((iso) => Date.parse(iso) > now.getTime())).toEqual([]);

  // Mail is written on working days, during the day (Paris time).
  for (const message of data.messages) {
    const at = new Date(message.date);
    expect(weekdayOf(parisDay(at)), message.subject).toBeLessThanOrEqual(5);
    expect(parisHour(at), message.subject).toBeGreaterThanOrEqual(6);
    expect(parisHour(at), message.subject).toBeLessThanOrEqual(20);
  }

  // This week's meetings, Monday to Friday.
  const monday = mondayOf(parisDay(now));
  const [first, last] = [iso(monday), iso(addDays(monday, 4))];
  const week = data.events.filter((event) => {
    const day = iso(parisDay(new Date(event.start)));
    return day >= first && day <= last;
  });
  expect(week.length).toBeGreaterThanOrEqual(8);
}

function iso(day: { year: number; month: number; day: number }) {
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

describe('the demo workspace', () => {
  it('is the same for the same instant, and moves with it', () => {
    expect(buildDemoWorkspace(FIXED_NOW)).toEqual(workspace);
    const later = buildDemoWorkspace(new Date(FIXED_NOW.getTime() + 7 * 86_400_000));
    expect(later.messages.map((message) => message.folderId)).toEqual(workspace.messages.map((m) => m.folderId));
    expect(later.events[0]!.start).not.toBe(workspace.events[0]!.start);
  });

  it('is built quickly', () => {
    const started = performance.now();
    buildDemoWorkspace(FIXED_NOW);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('has the expected size', () => {
    expect(workspace.people.length).toBeGreaterThanOrEqual(25);
    expect(workspace.messages.length).toBeGreaterThanOrEqual(250);
    expect(workspace.messages.length).toBeLessThanOrEqual(350);
    expect(new Set(workspace.messages.map((message) => message.from.address)).size).toBeGreaterThanOrEqual(25);
    expect(workspace.conversations.length).toBeGreaterThanOrEqual(8);
    expect(workspace.chatMessages.length).toBeGreaterThanOrEqual(180);
    expect(workspace.spaces).toHaveLength(6);
    expect(workspace.activity.length).toBeGreaterThanOrEqual(25);
    expect(workspace.activity.length).toBeLessThanOrEqual(35);
    const extensions = new Set(workspace.files.map((file) => file.name.split('.').at(-1)));
    for (const extension of ['pdf', 'odt', 'ods', 'odp']) expect(extensions).toContain(extension);
  });

  it('introduces Camille Durand and her colleagues', () => {
    expect(workspace.people[0]).toEqual({
      id: 'demo:p-camille',
      name: 'Camille Durand',
      title: 'Chargée de mission',
      address: 'camille.durand@occitanie.demo',
      presence: 'available',
    });
    expect(workspace.people.filter((person) => person.presence !== undefined).length).toBeGreaterThan(10);
    expect(demoConnector.kind.label).toBe('Espace de démonstration');
  });

  it('uses addresses and links that cannot reach anyone', () => {
    const addresses = workspace.messages.flatMap((m) => [m.from, ...m.to, ...m.cc]).map((a) => a.address);
    expect(addresses.filter((address) => !/@[a-z.-]+\.demo$/.test(address))).toEqual([]);
    const urls = workspace.events.flatMap((event) => (event.meetingUrl ? [event.meetingUrl] : []));
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.every((url) => url.startsWith('https://visio.occitanie.demo/'))).toBe(true);
  });

  it('mixes unread, flagged, threaded, HTML and attached mail', () => {
    const { messages } = workspace;
    expect(messages.filter((m) => m.unread).length).toBeGreaterThan(10);
    expect(messages.filter((m) => m.flagged).length).toBeGreaterThan(5);
    expect(messages.filter((m) => m.bodyHtml !== null).length).toBeGreaterThan(20);
    expect(messages.filter((m) => m.attachments.length > 0).length).toBeGreaterThan(30);
    expect(messages.filter((m) => m.subject.startsWith('RE : ')).length).toBeGreaterThan(20);
    for (const html of messages.flatMap((m) => (m.bodyHtml ? [m.bodyHtml] : []))) {
      expect(html).not.toMatch(/<(script|img|iframe|style|a)\b|\son\w+=/i);
    }
  });

  it('writes French with typographic apostrophes', () => {
    const texts = allTexts(workspace);
    expect(texts.filter((text) => text.includes("'"))).toEqual([]);
    expect(texts.some((text) => text.includes('’'))).toBe(true);
    expect(texts.some((text) => text.includes('« '))).toBe(true);
  });

  it('has one all-day event and meetings in office hours', () => {
    const allDay = workspace.events.filter((event) => event.allDay);
    expect(allDay).toHaveLength(1);
    expect(parisHour(new Date(allDay[0]!.start))).toBe(0);
    expect(Date.parse(allDay[0]!.end) - Date.parse(allDay[0]!.start)).toBe(86_400_000);
    for (const event of workspace.events.filter((e) => !e.allDay)) {
      expect(parisHour(new Date(event.start))).toBeGreaterThanOrEqual(8);
      expect(Date.parse(event.end)).toBeGreaterThan(Date.parse(event.start));
    }
  });

  it('holds together at this instant and at awkward ones', () => {
    checkInvariants(workspace, FIXED_NOW);
    for (const now of otherNows) checkInvariants(buildDemoWorkspace(now), now);
  });
});
