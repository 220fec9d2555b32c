import { describe, expect, test } from 'vitest';
import { parseDateTime, type LocalDateTime } from './local-time';
import { expand, parseRule } from './rrule';

const at = (value: string): LocalDateTime => parseDateTime(value)!.local;
const show = (t: LocalDateTime) =>
  `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

function take(start: string, rule: string, limit = 50): string[] {
  const parsed = parseRule(rule);
  if (!parsed) throw new Error('rule not parsed');
  const out: string[] = [];
  for (const occurrence of expand(at(start), parsed)) {
    if (parsed.until && show(occurrence) > show(parsed.until.local)) break;
    out.push(show(occurrence));
    if (out.length >= limit) break;
  }
  return out;
}

describe('recurrence rules', () => {
  test('daily with an interval and a count', () => {
    expect(take('20260310T090000', 'FREQ=DAILY;INTERVAL=2;COUNT=3')).toEqual([
      '2026-03-10 09:00',
      '2026-03-12 09:00',
      '2026-03-14 09:00',
    ]);
  });

  test('daily limited to working days', () => {
    expect(take('20260313T080000', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3')).toEqual([
      '2026-03-13 08:00',
      '2026-03-16 08:00',
      '2026-03-17 08:00',
    ]);
  });

  test('weekly on several days, until a date (inclusive), in wall-clock time', () => {
    expect(take('20260316T100000', 'FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20260326')).toEqual([
      '2026-03-16 10:00',
      '2026-03-19 10:00',
      '2026-03-23 10:00',
    ]);
  });

  test('weekly, every other week, the start counting as the first occurrence', () => {
    expect(take('20260318T140000', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=3')).toEqual([
      '2026-03-18 14:00',
      '2026-04-01 14:00',
      '2026-04-15 14:00',
    ]);
  });

  test('a start off the BYDAY days is not an occurrence of the rule itself', () => {
    expect(take('20260317T090000', 'FREQ=WEEKLY;BYDAY=MO;COUNT=2')).toEqual(['2026-03-23 09:00', '2026-03-30 09:00']);
  });

  test('WKST changes which weeks an interval skips', () => {
    // RFC 5545 §3.3.10's own example: TU,SU every other week from Tuesday 5 August 1997.
    expect(take('19970805T090000', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO')).toEqual([
      '1997-08-05 09:00',
      '1997-08-10 09:00',
      '1997-08-19 09:00',
      '1997-08-24 09:00',
    ]);
    expect(take('19970805T090000', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU')).toEqual([
      '1997-08-05 09:00',
      '1997-08-17 09:00',
      '1997-08-19 09:00',
      '1997-08-31 09:00',
    ]);
  });

  test('monthly on the last Friday and on a month day that some months lack', () => {
    expect(take('20260130T150000', 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3')).toEqual([
      '2026-01-30 15:00',
      '2026-02-27 15:00',
      '2026-03-27 15:00',
    ]);
    expect(take('20260131T090000', 'FREQ=MONTHLY;COUNT=3')).toEqual([
      '2026-01-31 09:00',
      '2026-03-31 09:00',
      '2026-05-31 09:00',
    ]);
  });

  test('yearly on the last Sunday of March (a DST rule)', () => {
    expect(take('19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 100).slice(-3, -1)).toEqual([
      '2067-03-27 02:00',
      '2068-03-25 02:00',
    ]);
    expect(take('19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 57).at(-1)).toBe('2026-03-29 02:00');
  });

  test('unsupported frequencies are not expanded', () => {
    expect(parseRule('FREQ=HOURLY;COUNT=3')).toBeNull();
    expect(parseRule('FREQ=weekly;INTERVAL=0')?.interval).toBe(1);
  });
});
