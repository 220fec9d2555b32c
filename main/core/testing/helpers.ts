// Test helpers shared by the core, store and demo tests: temporary profiles, a fixed clock, typed calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { channels, type Channel, type RequestOf, type ResponseOf } from '../../../preload/contract';
import { createCore, type CoreOptions } from '../index';
import type { DeepLink } from '../model';
import type { CoreService } from '../service';

/** A Thursday morning in Paris (11:30 CET): the demo's week is Monday 9 to Friday 13 March 2026. */
export const FIXED_NOW = new Date('2026-03-12T10:30:00Z');
export const fixedClock = () => FIXED_NOW;

/** Temporary directories and cores, removed and closed after each test. */
export function useTempProfiles() {
  const dirs: string[] = [];
  const cores: CoreService[] = [];
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const makeDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'bastide-test-'));
    dirs.push(dir);
    return dir;
  };
  return {
    makeDir,
    async openCore(options: Partial<CoreOptions> = {}): Promise<CoreService> {
      const core = await createCore({ profileDir: options.profileDir ?? makeDir(), now: fixedClock, ...options });
      cores.push(core);
      return core;
    },
  };
}

/** Calls a channel as a host would: the raw request goes through the contract's schema (and its defaults). */
export async function call<C extends Channel>(
  core: CoreService,
  channel: C,
  ...request: Partial<Record<never, never>> extends RequestOf<C> ? [RequestOf<C>?] : [RequestOf<C>]
): Promise<ResponseOf<C>> {
  const parsed = channels[channel].request.parse(request[0] ?? {});
  return core.handle(channel, parsed as never) as Promise<ResponseOf<C>>;
}

/** Whether a deep link points at an item the core can show (the way the renderer would open it). */
export async function resolveDeepLink(core: CoreService, link: DeepLink): Promise<boolean> {
  switch (link.app) {
    case 'mail': {
      const message = await call(core, 'mail:get', { id: link.id });
      return link.parentId === undefined || message.folderId === link.parentId;
    }
    case 'chat': {
      if (link.parentId === undefined) {
        const conversations = await call(core, 'chat:conversations');
        return conversations.some((conversation) => conversation.id === link.id);
      }
      const messages = await call(core, 'chat:messages', { conversationId: link.parentId, limit: 500 });
      return messages.some((message) => message.id === link.id);
    }
    case 'teams': {
      if (link.parentId === undefined) return false;
      const posts = await call(core, 'spaces:posts', { spaceId: link.parentId });
      return posts.some((post) => post.id === link.id);
    }
    case 'files': {
      const file = await call(core, 'files:get', { id: link.id });
      return link.parentId === undefined || file.parentId === link.parentId;
    }
    case 'calendar': {
      const events = await call(core, 'calendar:events', {
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
      });
      return events.some((event) => event.id === link.id);
    }
    case 'activity':
      return false;
  }
}
