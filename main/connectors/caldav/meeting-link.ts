// The link to join a meeting: a property made for it (CONFERENCE of RFC 7986, vendors' X- properties, URL),
// else a link in LOCATION (where agents paste it), else a video-conference link in DESCRIPTION (which
// also holds links to documents, hence the host test there).
import { properties, property, unescapeText, type Component } from './ical';

const CONFERENCE_PROPERTIES = [
  'CONFERENCE',
  'X-GOOGLE-CONFERENCE',
  'X-MICROSOFT-SKYPETEAMSMEETINGURL',
  'X-MICROSOFT-ONLINEMEETINGCONFLINK',
  'URL',
];

const VISIO_HOST =
  /(^|[.-])(visio|webconf|webconference|jitsi|meet|bbb|bigbluebutton|webinaire|rendez-vous|teams|zoom|webex|whereby|livestorm|tixeo)([.-]|$)/i;

const LINK = /https?:\/\/[^\s<>"'()]+/gi;

export function meetingLink(event: Component): string | null {
  for (const name of CONFERENCE_PROPERTIES) {
    for (const candidate of properties(event, name)) {
      const url = webUrl(candidate.value.trim());
      if (url) return url;
    }
  }
  const location = linksIn(property(event, 'LOCATION')?.value);
  const description = linksIn(property(event, 'DESCRIPTION')?.value);
  return (
    location.find(isVisio) ?? location.find(isHttps) ?? description.find((url) => isVisio(url) && isHttps(url)) ?? null
  );
}

function linksIn(value: string | undefined): string[] {
  if (!value) return [];
  return [...unescapeText(value).matchAll(LINK)].flatMap((match) => {
    const url = webUrl(match[0].replace(/[.,;:!?]+$/, ''));
    return url ? [url] : [];
  });
}

/** An http(s) URL as a normalised string, or null. */
function webUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const isHttps = (url: string) => url.startsWith('https:');
const isVisio = (url: string) => VISIO_HOST.test(new URL(url).hostname);
