import { describe, expect, it } from 'vitest';
import { BastideRequestError, errorInfoOf, validateRequest } from './contract';

describe('contract', () => {
  it('refuses unknown channels and invalid payloads, and applies defaults to valid ones', () => {
    expect(validateRequest('fs:read', {})).toEqual({ ok: false, error: { code: 'ipc.unknownChannel' } });
    expect(validateRequest('__proto__', {})).toMatchObject({ ok: false });
    expect(validateRequest('mail:list', { folderId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalidRequest', params: { channel: 'mail:list', field: 'folderId' } },
    });
    expect(validateRequest('app:info', { extra: true })).toMatchObject({ ok: false });
    expect(validateRequest('mail:list', { folderId: 'a:1' })).toEqual({
      ok: true,
      value: { folderId: 'a:1', offset: 0, limit: 100 },
    });
  });

  it('carries error codes and params through an error message alone', () => {
    const error = new BastideRequestError({ code: 'auth.wrongPassword', params: { host: 'mail.example.test' } });
    expect(errorInfoOf(new Error(error.message))).toEqual(error.info);
    expect(errorInfoOf(new Error('boom'))).toEqual({ code: 'internal' });
    expect(errorInfoOf('bastide-error:{not json')).toEqual({ code: 'internal' });
  });
});
