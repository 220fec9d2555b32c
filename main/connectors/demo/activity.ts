// The activity feed, derived from the seeded workspace so that every item points at something real.
import type { ActivityKind, DeepLink } from '../../core/model';
import type {
  ActivityRecord,
  ChatMessageRecord,
  ConversationRecord,
  EventRecord,
  FileRecord,
  MailFolderRecord,
  MailMessageRecord,
  PostRecord,
  SpaceRecord,
} from '../../core/ports';
import { eventId } from './calendar';
import type { DemoClock } from './clock';
import { demoId } from './ids';
import { personId } from './people';
import { HOUR } from './time';

export interface ActivitySources {
  clock: DemoClock;
  folders: MailFolderRecord[];
  messages: MailMessageRecord[];
  conversations: ConversationRecord[];
  chatMessages: ChatMessageRecord[];
  spaces: SpaceRecord[];
  posts: PostRecord[];
  files: FileRecord[];
  events: EventRecord[];
}

interface Draft {
  kind: ActivityKind;
  actorId: string;
  title: string;
  summary: string;
  at: string;
  target: DeepLink;
}

const SELF = personId('camille');
const MAX_SUMMARY = 140;

const quoted = (name: string) => `« ${name} »`;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_SUMMARY ? flat : `${flat.slice(0, MAX_SUMMARY - 1).trimEnd()}…`;
}

const newestFirst = <T extends { at: string }>(items: T[]) => items.sort((a, b) => b.at.localeCompare(a.at));

function mentions(sources: ActivitySources): Draft[] {
  const conversations = new Map(sources.conversations.map((conversation) => [conversation.id, conversation]));
  const where = (conversationId: string) => {
    const conversation = conversations.get(conversationId);
    return conversation?.kind === 'direct' ? 'une conversation privée' : quoted(conversation?.title ?? '');
  };
  return sources.chatMessages
    .filter((message) => message.authorId !== SELF && /\bCamille\b/.test(message.text))
    .map((message) => ({
      kind: 'mention' as const,
      actorId: message.authorId,
      title: `Mention dans ${where(message.conversationId)}`,
      summary: shorten(message.text),
      at: message.sentAt,
      target: { app: 'chat' as const, id: message.id, parentId: message.conversationId },
    }));
}

function replies(sources: ActivitySources): Draft[] {
  const spaceNames = new Map(sources.spaces.map((space) => [space.id, space.name]));
  return sources.posts
    .filter((post) => post.authorId === SELF)
    .flatMap((post) =>
      post.comments
        .filter((comment) => comment.authorId !== SELF)
        .map((comment) => ({
          kind: 'reply' as const,
          actorId: comment.authorId,
          title: `Réponse à votre publication dans ${quoted(spaceNames.get(post.spaceId) ?? '')}`,
          summary: shorten(comment.text),
          at: comment.postedAt,
          target: { app: 'teams' as const, id: post.id, parentId: post.spaceId },
        })),
    );
}

function posts(sources: ActivitySources): Draft[] {
  const spaceNames = new Map(sources.spaces.map((space) => [space.id, space.name]));
  return newestFirst(
    sources.posts
      .filter((post) => post.authorId !== SELF)
      .map((post) => ({
        kind: 'post' as const,
        actorId: post.authorId,
        title: `Nouvelle publication dans ${quoted(spaceNames.get(post.spaceId) ?? '')}`,
        summary: shorten(post.text),
        at: post.postedAt,
        target: { app: 'teams' as const, id: post.id, parentId: post.spaceId },
      })),
  ).slice(0, 8);
}

function importantMail(sources: ActivitySources, people: Map<string, string>): Draft[] {
  const received = new Set(
    sources.folders.filter((folder) => folder.role === 'inbox' || folder.parentId !== null).map((f) => f.id),
  );
  return newestFirst(
    sources.messages
      .filter((message) => message.flagged && received.has(message.folderId))
      .map((message) => ({
        kind: 'mail' as const,
        actorId: people.get(message.from.address) ?? SELF,
        title: `Courriel important : ${message.subject}`,
        summary: shorten(message.bodyText.split('\n\n')[1] ?? message.subject),
        at: message.date,
        target: { app: 'mail' as const, id: message.id, parentId: message.folderId },
      }))
      .filter((draft) => draft.actorId !== SELF),
  ).slice(0, 6);
}

function documents(sources: ActivitySources, people: Map<string, string>): Draft[] {
  const spaceNames = new Map(sources.spaces.map((space) => [space.id, space.name]));
  return newestFirst(
    sources.files
      .filter((file) => file.kind === 'file' && file.spaceId !== null && file.modifiedBy !== null)
      .map((file) => ({
        kind: 'document' as const,
        actorId: people.get(file.modifiedBy ?? '') ?? SELF,
        title: `Document partagé dans ${quoted(spaceNames.get(file.spaceId ?? '') ?? '')}`,
        summary: file.name,
        at: file.modifiedAt,
        target: file.parentId
          ? { app: 'files' as const, id: file.id, parentId: file.parentId }
          : { app: 'files' as const, id: file.id },
      }))
      .filter((draft) => draft.actorId !== SELF && draft.at <= sources.clock.now.toISOString()),
  ).slice(0, 6);
}

function meetings(sources: ActivitySources): Draft[] {
  const changes: [event: string, title: string, workingDaysAgo: number, hour: number][] = [
    [eventId('copil-10'), 'Réunion modifiée : salle du Capitole au lieu de la salle Garonne', 0, 9],
    [eventId('commission-permanente'), 'Nouvelle invitation', 1, 15],
    [eventId('seminaire'), 'Invitation : séminaire de direction', 3, 11],
    [eventId('comite-rgpd'), 'Réunion confirmée', 4, 16],
  ];
  return changes.flatMap(([eventId, title, workingDaysAgo, hour]) => {
    const event = sources.events.find((candidate) => candidate.id === eventId);
    if (!event) return [];
    return [
      {
        kind: 'meeting' as const,
        actorId: event.organizerId,
        title,
        summary: event.title,
        at: sources.clock.ago(workingDaysAgo, hour, 7).toISOString(),
        target: { app: 'calendar' as const, id: event.id },
      },
    ];
  });
}

/** About thirty items: mentions, replies, posts, important mail, shared documents and meeting changes. */
export function buildActivity(sources: ActivitySources, peopleByAddressOrName: Map<string, string>): ActivityRecord[] {
  const drafts = newestFirst([
    ...newestFirst(mentions(sources)).slice(0, 6),
    ...replies(sources),
    ...posts(sources),
    ...importantMail(sources, peopleByAddressOrName),
    ...documents(sources, peopleByAddressOrName),
    ...meetings(sources),
  ]).slice(0, 32);
  const recent = sources.clock.now.getTime() - 48 * HOUR;
  return drafts.map((draft, index) => ({
    id: demoId('a', String(index + 1).padStart(2, '0')),
    ...draft,
    unread: Date.parse(draft.at) > recent,
  }));
}
