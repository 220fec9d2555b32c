import { describe, expect, it } from 'vitest';
import { BastideRequestError } from '../../preload/contract';
import { toErrorInfo } from './api';

describe('errors as the renderer reads them', () => {
  it('agree with the contract: what BastideRequestError writes, the renderer reads back', () => {
    const info = { code: 'mail.recipientRejected', params: { address: 'x@example.test' } };
    // The context bridge hands the renderer a fresh Error with the message only.
    expect(toErrorInfo(new Error(new BastideRequestError(info).message))).toEqual(info);
    expect(toErrorInfo(new Error('No handler registered'))).toEqual({ code: 'network.unavailable' });
    expect(toErrorInfo('bastide-error:{broken')).toEqual({ code: 'network.unavailable' });
  });
});
