import type {
  ActivityRecord,
  ChatMessageRecord,
  ConversationRecord,
  EventRecord,
  FileRecord,
  MailFolderRecord,
  MailMessageRecord,
  PersonRecord,
  PostRecord,
  SpaceRecord,
} from '../../core/ports';
import { buildActivity } from './activity';
import { buildEvents } from './calendar';
import { buildChat } from './chat';
import { createClock } from './clock';
import { buildFiles } from './files';
import { buildMail } from './mail';
import { demoPeople, personId, toPersonRecord } from './people';
import { createRandom } from './random';
import { buildSpaces } from './spaces';

export interface DemoWorkspace {
  people: PersonRecord[];
  folders: MailFolderRecord[];
  messages: MailMessageRecord[];
  conversations: ConversationRecord[];
  chatMessages: ChatMessageRecord[];
  spaces: SpaceRecord[];
  posts: PostRecord[];
  files: FileRecord[];
  events: EventRecord[];
  activity: ActivityRecord[];
}

const SEED = 0x0cc1_7a11;

/**
 * The whole demonstration workspace for a given `now`: the same on every machine, always current.
 * Each domain draws from its own random stream, so that editing one leaves the others unchanged.
 */
export function buildDemoWorkspace(now: Date): DemoWorkspace {
  const clock = (stream: number) => createClock(createRandom(SEED + stream), now);
  const people = demoPeople.map(toPersonRecord);
  const { folders, messages } = buildMail(clock(1));
  const { conversations, messages: chatMessages } = buildChat(clock(2));
  const { spaces, posts } = buildSpaces(clock(3));
  const files = buildFiles(clock(4));
  const events = buildEvents(clock(5));
  const peopleByAddressOrName = new Map<string, string>();
  for (const person of demoPeople) {
    peopleByAddressOrName.set(person.address, personId(person.key));
    peopleByAddressOrName.set(person.name, personId(person.key));
  }
  const activity = buildActivity(
    { clock: clock(6), folders, messages, conversations, chatMessages, spaces, posts, files, events },
    peopleByAddressOrName,
  );
  return { people, folders, messages, conversations, chatMessages, spaces, posts, files, events, activity };
}
