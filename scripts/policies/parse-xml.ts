// XML parsing for the tests, through jsdom. jsdom ships no types and the root tsconfig has no DOM library, so
// this describes the little of the DOM the tests use (and imports jsdom by a specifier TypeScript does not resolve).

/** An HTMLCollection. */
export type XmlCollection = ArrayLike<XmlElement> & Iterable<XmlElement>;

export interface XmlElement {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  readonly children: XmlCollection;
  readonly firstElementChild: XmlElement | null;
  readonly parentElement: XmlElement | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): XmlCollection;
  getElementsByTagNameNS(namespace: string, name: string): XmlCollection;
}

export interface XmlDocument {
  readonly documentElement: XmlElement;
  getElementsByTagName(name: string): XmlCollection;
}

type Jsdom = new (html: string) => {
  window: { DOMParser: new () => { parseFromString(text: string, type: 'application/xml'): XmlDocument } };
};

const specifier = 'jsdom';
const { JSDOM } = (await import(specifier)) as { JSDOM: Jsdom };
const parser = new new JSDOM('').window.DOMParser();

/** Parses XML, throwing on anything that is not well-formed. */
export function parseXml(text: string): XmlDocument {
  const document = parser.parseFromString(text, 'application/xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
  return document;
}
