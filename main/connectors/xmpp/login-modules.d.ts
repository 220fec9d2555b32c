// The parts of xmpp.js (0.14, untyped) that the sign-in composes, typed as far as it uses them.
declare module '@xmpp/xml' {
  export interface Element {
    name: string;
    attrs: Record<string, string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    toString(): string;
  }
  export default function xml(name: string, attrs?: Record<string, string>, ...children: unknown[]): Element;
}

declare module '@xmpp/client-core' {
  import type { Element } from '@xmpp/xml';
  import type { Socket } from 'node:net';
  export class Client {
    constructor(options: { service: string; domain: string; timeout?: number; lang?: string });
    transports: unknown[];
    jid: { toString(): string; bare(): { toString(): string } } | null;
    socket: (Socket & { secure?: boolean }) | null;
    options: { domain: string };
    status: string;
    timeout: number;
    isSecure(): boolean;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: Element): Promise<void>;
    sendReceive(element: Element, timeout?: number): Promise<Element>;
    restart(): Promise<void>;
    _attachSocket(socket: unknown): void;
    on(event: string, listener: (...args: never[]) => void): this;
    off(event: string, listener: (...args: never[]) => void): this;
  }
  export { default as xml } from '@xmpp/xml';
  export function jid(local: string, domain: string): { toString(): string };
}

declare module '@xmpp/tcp' {
  export default function tcp(deps: { entity: unknown }): void;
}

declare module '@xmpp/connection-tcp' {
  export default class ConnectionTCP {
    socketParameters(service: string): Record<string, unknown> | undefined;
  }
}

declare module '@xmpp/tls/lib/Socket.js' {
  import type { ConnectionOptions, TLSSocket } from 'node:tls';
  export default class TlsSocket {
    secure: true;
    socket: TLSSocket | null;
    connect(options: ConnectionOptions): void;
    on(event: string, listener: (...args: never[]) => void): this;
    once(event: string, listener: (...args: never[]) => void): this;
  }
}

declare module '@xmpp/middleware' {
  export interface Middleware {
    use(fn: unknown): unknown;
  }
  export default function middleware(deps: { entity: unknown }): Middleware;
}

declare module '@xmpp/stream-features' {
  import type { Client } from '@xmpp/client-core';
  import type { Element } from '@xmpp/xml';
  import type { Middleware } from '@xmpp/middleware';
  export interface StreamFeatures {
    use(
      name: string,
      xmlns: string,
      handler: (context: { entity: Client }, next: () => Promise<unknown>, feature: Element) => Promise<unknown>,
    ): unknown;
  }
  export default function streamFeatures(deps: { middleware: Middleware }): StreamFeatures;
}

declare module '@xmpp/iq/caller.js' {
  export default function iqCaller(deps: { middleware: unknown; entity: unknown }): unknown;
}

declare module '@xmpp/sasl' {
  import type { Client } from '@xmpp/client-core';
  export default function sasl(
    deps: { streamFeatures: unknown; saslFactory: unknown },
    onAuthenticate: (
      authenticate: (credentials: { username: string; password: string }, mechanism: string) => Promise<void>,
      mechanisms: string[],
      fast: unknown,
      entity: Client,
    ) => Promise<void>,
  ): void;
}

declare module '@xmpp/sasl-plain' {
  export default function plain(factory: unknown): void;
}

declare module '@xmpp/sasl-scram-sha-1' {
  export default function scramSha1(factory: unknown): void;
}

declare module '@xmpp/resource-binding' {
  export default function resourceBinding(
    deps: { streamFeatures: unknown; iqCaller: unknown },
    resource?: string,
  ): void;
}

declare module 'saslmechanisms' {
  export default class SASLFactory {}
}
