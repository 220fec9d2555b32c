import type { ChatMessageRecord, ConversationRecord } from '../../../core/ports';
import type { DemoClock } from '../clock';
import { demoId } from '../ids';
import { person, personId, type PersonKey } from '../people';
import { MINUTE } from '../time';
import { conversationScripts, standUpLines, type ConversationScript, type Line } from './scripts';

export interface DemoChat {
  conversations: ConversationRecord[];
  messages: ChatMessageRecord[];
}

export const conversationId = (key: string): string => demoId('c', key);

interface TimedLine {
  author: PersonKey;
  text: string;
  at: Date;
}

export function buildChat(clock: DemoClock): DemoChat {
  const scripts = conversationScripts();
  const conversations: ConversationRecord[] = [];
  const messages: ChatMessageRecord[] = [];
  for (const script of scripts) {
    const lines = timeline(clock, script);
    conversations.push({
      id: conversationId(script.key),
      kind: script.kind,
      title: script.title ?? titleOf(script),
      participantIds: script.members.map(personId),
      unread: script.unreadTail ? unreadTail(lines) : 0,
    });
    for (const line of lines) {
      const sentAt = line.at.toISOString();
      const edited = clock.rng.chance(0.03);
      messages.push({
        id: demoId('cm', String(messages.length + 1).padStart(4, '0')),
        conversationId: conversationId(script.key),
        authorId: personId(line.author),
        text: line.text,
        sentAt,
        editedAt: edited ? new Date(line.at.getTime() + 2 * MINUTE).toISOString() : null,
      });
    }
  }
  return { conversations, messages };
}

function titleOf(script: ConversationScript): string {
  const other = script.members.find((key) => key !== 'camille') ?? 'camille';
  return person(other).name;
}

/** The scripted exchanges at their times (a few minutes apart), plus the team's daily notes. */
function timeline(clock: DemoClock, script: ConversationScript): TimedLine[] {
  const { rng, officeNow } = clock;
  const timed: TimedLine[] = [];
  for (const exchange of script.exchanges) {
    let at = clock.ago(exchange.daysAgo, exchange.hour, exchange.minute);
    const gaps = exchange.lines.map(() => rng.int(1, 4) * MINUTE);
    const duration = gaps.reduce((sum, gap) => sum + gap, 0);
    // An exchange of this morning must be over by now.
    const latest = officeNow.getTime();
    if (at.getTime() + duration >= latest) at = new Date(latest - duration - 10 * MINUTE);
    exchange.lines.forEach(([author, text], index) => {
      timed.push({ author, text, at });
      at = new Date(at.getTime() + (gaps[index] ?? MINUTE));
    });
  }
  if (script.key === 'equipe') timed.push(...dailyNotes(clock, script));
  return timed.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function dailyNotes(clock: DemoClock, script: ConversationScript): TimedLine[] {
  const busyDays = new Set(script.exchanges.map((exchange) => exchange.daysAgo));
  const lines: readonly Line[] = standUpLines(clock.year);
  const notes: TimedLine[] = [];
  for (let day = 1; day <= 45; day++) {
    if (busyDays.has(day)) continue;
    const [author, text] = lines[(day * 7) % lines.length] ?? ['emilie', ''];
    notes.push({ author, text, at: clock.ago(day, 8, clock.rng.int(30, 59)) });
  }
  return notes;
}

function unreadTail(lines: TimedLine[]): number {
  let count = 0;
  for (let index = lines.length - 1; index >= 0 && lines[index]?.author !== 'camille'; index--) count++;
  return count;
}
