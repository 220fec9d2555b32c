import { validateRequest, type Envelope } from '../../preload/contract';
import { CoreError } from './errors';
import type { CoreService } from './service';

/**
 * Validates a raw request and runs it. Never throws: failures come back as translatable error data.
 * Unexpected errors are logged by name only (a message could carry user data) and reported as `internal`.
 */
export async function dispatch(core: CoreService, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
  const checked = validateRequest(channel, payload);
  if (!checked.ok) return checked;
  try {
    const value = await core.handle(channel as never, checked.value as never);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof CoreError) return { ok: false, error: error.toInfo() };
    console.error(`[core] ${String(channel)} failed: ${error instanceof Error ? error.name : typeof error}`);
    return { ok: false, error: { code: 'internal' } };
  }
}
