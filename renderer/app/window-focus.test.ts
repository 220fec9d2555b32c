// @vitest-environment jsdom
import { afterEach, expect, it, vi } from 'vitest';
import type { BastideApi } from '../../preload/contract';
import { startWindowFocusReport } from './window-focus';

const invoke = vi.fn(async (_channel: string, _request: unknown) => undefined);
Object.defineProperty(window, 'bastide', { value: { invoke, on: () => () => {} } as unknown as BastideApi });

let stop = () => {};
afterEach(() => {
  stop();
  invoke.mockClear();
  vi.restoreAllMocks();
});

it('reports the focus at start and each change of it, once per change, until stopped', () => {
  vi.spyOn(document, 'hasFocus').mockReturnValue(true);
  stop = startWindowFocusReport();
  window.dispatchEvent(new Event('blur'));
  window.dispatchEvent(new Event('blur'));
  window.dispatchEvent(new Event('focus'));
  stop();
  window.dispatchEvent(new Event('blur'));
  expect(invoke.mock.calls).toEqual([
    ['app:focus', { focused: true }],
    ['app:focus', { focused: false }],
    ['app:focus', { focused: true }],
  ]);
});
