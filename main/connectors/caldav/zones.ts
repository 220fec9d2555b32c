// Time zones of iCalendar values: a TZID that names an IANA zone (or hides one, as Thunderbird's
// "/mozilla.org/…/Europe/Paris" or Outlook's Windows names do) goes through the platform's zone database;
// otherwise the calendar's own VTIMEZONE rules are applied; with neither, the user's zone.
import { properties, property, unescapeText, type Component } from './ical';
import { asUtc, compare, parseDateTime, type LocalDateTime } from './local-time';
import { expand, parseRule } from './rrule';

/** Turns a wall-clock time of one zone into an instant (epoch milliseconds). */
export type Zone = (local: LocalDateTime) => number;

export const utcZone: Zone = (local) => asUtc(local);

// Outlook and Exchange write Windows zone names; the ones French public services meet.
const WINDOWS_ZONES: Record<string, string> = {
  'Romance Standard Time': 'Europe/Paris',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  UTC: 'UTC',
  'SA Western Standard Time': 'America/La_Paz',
  'SA Eastern Standard Time': 'America/Cayenne',
  'Mauritius Standard Time': 'Indian/Mauritius',
  'Arabian Standard Time': 'Asia/Dubai',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  'Central Pacific Standard Time': 'Pacific/Guadalcanal',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
};

const ianaCache = new Map<string, Zone | null>();

/** The platform's zone of that IANA name, or null when the name is unknown. */
export function ianaZone(name: string): Zone | null {
  if (ianaCache.has(name)) return ianaCache.get(name)!;
  let zone: Zone | null;
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const offsetAt = (instant: number) => {
      const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
      const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
      return wall - Math.floor(instant / 1000) * 1000;
    };
    zone = (local) => {
      const wall = asUtc(local);
      const guess = wall - offsetAt(wall);
      // Around a DST change the offset at the guess may differ: the second pass settles it.
      return wall - offsetAt(guess);
    };
  } catch {
    zone = null;
  }
  ianaCache.set(name, zone);
  return zone;
}

/**
 * The zone a TZID parameter means in a calendar that carries `timezones` (its VTIMEZONE components).
 * `fallback` (an IANA name) is the user's zone, used for floating times and unknown TZIDs.
 */
export function resolveZone(tzid: string | undefined, timezones: Component[], fallback: string): Zone {
  const fallbackZone = ianaZone(fallback) ?? utcZone;
  if (!tzid) return fallbackZone;
  const named = ianaZone(tzid) ?? hiddenIana(tzid) ?? (WINDOWS_ZONES[tzid] ? ianaZone(WINDOWS_ZONES[tzid]) : null);
  if (named) return named;
  const definition = timezones.find((zone) => unescapeText(property(zone, 'TZID')?.value ?? '') === unescapeText(tzid));
  const location = definition && property(definition, 'X-LIC-LOCATION')?.value;
  return (location && ianaZone(location)) || (definition && vtimezoneZone(definition)) || fallbackZone;
}

function hiddenIana(tzid: string): Zone | null {
  const match = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_]+)?)$/.exec(tzid);
  return match ? ianaZone(match[1]!) : null;
}

/** A zone from VTIMEZONE rules: the offset of the latest observance (STANDARD or DAYLIGHT) begun. */
function vtimezoneZone(definition: Component): Zone | null {
  const observances = definition.components
    .filter((component) => component.name === 'STANDARD' || component.name === 'DAYLIGHT')
    .flatMap((component) => {
      const start = parseDateTime(property(component, 'DTSTART')?.value ?? '');
      const offset = parseOffset(property(component, 'TZOFFSETTO')?.value ?? '');
      if (!start || offset === null) return [];
      const rule = property(component, 'RRULE');
      const extra = properties(component, 'RDATE').flatMap((rdate) =>
        rdate.value.split(',').flatMap((value) => {
          const parsed = parseDateTime(value);
          return parsed ? [parsed.local] : [];
        }),
      );
      return [{ start: start.local, offset, rule: rule ? parseRule(rule.value) : null, extra }];
    });
  if (observances.length === 0) return null;
  return (local) => {
    let best: { onset: LocalDateTime; offset: number } | null = null;
    for (const observance of observances) {
      const onset = latestOnset(observance, local);
      if (onset && (!best || compare(onset, best.onset) > 0)) best = { onset, offset: observance.offset };
    }
    // Before every observance began: the earliest one's offset is the best guess.
    const offset = best?.offset ?? observances[0]!.offset;
    return asUtc(local) - offset;
  };
}

function latestOnset(
  observance: { start: LocalDateTime; rule: ReturnType<typeof parseRule>; extra: LocalDateTime[] },
  local: LocalDateTime,
): LocalDateTime | null {
  let latest: LocalDateTime | null = null;
  const consider = (onset: LocalDateTime) => {
    if (compare(onset, local) <= 0 && (!latest || compare(onset, latest) > 0)) latest = onset;
  };
  consider(observance.start);
  observance.extra.forEach(consider);
  if (observance.rule) {
    for (const onset of expand(observance.start, observance.rule)) {
      if (compare(onset, local) > 0) break;
      if (observance.rule.until && compare(onset, observance.rule.until.local) > 0) break;
      consider(onset);
    }
  }
  return latest;
}

/** `+0100` / `-0530` → milliseconds east of UTC. */
function parseOffset(value: string): number | null {
  const match = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(value.trim());
  if (!match) return null;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0)) * 1000;
}
