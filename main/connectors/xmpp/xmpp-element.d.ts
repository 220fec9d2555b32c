// More of ltx's Element than the sign-in needed (login-modules.d.ts declares the rest): what the chat
// connector reads from stanzas. Interfaces merge across these ambient declarations.
declare module '@xmpp/xml' {
  export interface Element {
    children: (Element | string)[];
    getNS(): string | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    append(...children: (Element | string)[]): Element;
  }
}
