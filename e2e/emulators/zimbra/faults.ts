// SOAP faults (brief §1.5, §9.2). A top-level fault is returned with HTTP 500; `Sender` = client fault (do not
// retry blindly), `Receiver` = server fault (retryable). Arguments travel as `Detail.Error.a[] = {n, t, _content}`.
import { randomBytes } from 'node:crypto';
import type { JsonObject } from './values';

export interface FaultArg {
  n: string;
  t: 'IID' | 'ITEMID' | 'STR' | 'NUM';
  _content: string;
}

export class ZimbraFault extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly receiver = false,
    readonly args: FaultArg[] = [],
  ) {
    super(reason);
  }
}

let traceCounter = 155736;

/** A trace id shaped like the real `<thread>:<millis>:<hex>` (brief F2). */
export function traceId(nowMs: number): string {
  traceCounter += 1;
  return `qtp366590980-${traceCounter}:${nowMs}:${randomBytes(8).toString('hex')}`;
}

export function faultBody(fault: ZimbraFault, nowMs: number): JsonObject {
  const error: JsonObject = { Code: fault.code, Trace: traceId(nowMs), _jsns: 'urn:zimbra' };
  if (fault.args.length > 0) error.a = fault.args.map((a) => ({ n: a.n, t: a.t, _content: a._content }));
  return {
    Code: { Value: fault.receiver ? 'soap:Receiver' : 'soap:Sender' },
    Reason: { Text: fault.reason },
    Detail: { Error: error },
  };
}

// Factories for the codes the emulator raises; Reason texts follow ServiceException / MailServiceException.
export const faults = {
  authRequired: () => new ZimbraFault('service.AUTH_REQUIRED', 'no valid authtoken present'),
  authExpired: () => new ZimbraFault('service.AUTH_EXPIRED', 'auth credentials have expired'),
  authFailed: (typed: string) => new ZimbraFault('account.AUTH_FAILED', `authentication failed for [${typed}]`),
  twoFactorFailed: (typed: string) =>
    new ZimbraFault('account.TWO_FACTOR_AUTH_FAILED', `two-factor authentication failed for [${typed}]`),
  twoFactorSetupRequired: () =>
    new ZimbraFault('account.TWO_FACTOR_SETUP_REQUIRED', 'two-factor authentication setup required'),
  changePassword: (name: string) => new ZimbraFault('account.CHANGE_PASSWORD', `must change password: ${name}`),
  maintenance: () => new ZimbraFault('account.MAINTENANCE_MODE', 'account is in maintenance mode', true),
  inactive: (name: string) => new ZimbraFault('account.ACCOUNT_INACTIVE', `account is not active: ${name}`),
  permDenied: (why: string) => new ZimbraFault('service.PERM_DENIED', `permission denied: ${why}`),
  invalidRequest: (why: string) => new ZimbraFault('service.INVALID_REQUEST', `invalid request: ${why}`),
  parseError: (why: string) => new ZimbraFault('service.PARSE_ERROR', `parse error: ${why}`),
  unknownDocument: (name: string) => new ZimbraFault('service.UNKNOWN_DOCUMENT', `unknown document: ${name}`),
  failure: (why: string) => new ZimbraFault('service.FAILURE', `system failure: ${why}`, true),
  noSuchItem: (id: string) =>
    new ZimbraFault('mail.NO_SUCH_ITEM', `no such item: ${id}`, false, [{ n: 'itemId', t: 'IID', _content: id }]),
  noSuchMsg: (id: string) =>
    new ZimbraFault('mail.NO_SUCH_MSG', `no such message: ${id}`, false, [{ n: 'itemId', t: 'IID', _content: id }]),
  noSuchConv: (id: string) =>
    new ZimbraFault('mail.NO_SUCH_CONV', `no such conversation: ${id}`, false, [
      { n: 'itemId', t: 'IID', _content: id },
    ]),
  noSuchFolder: (id: string) =>
    new ZimbraFault('mail.NO_SUCH_FOLDER', `no such folder id: ${id}`, false, [
      { n: 'itemId', t: 'IID', _content: id },
    ]),
  noSuchFolderPath: (path: string) =>
    new ZimbraFault('mail.NO_SUCH_FOLDER', `no such folder path: ${path}`, false, [
      { n: 'path', t: 'STR', _content: path },
    ]),
  noSuchDoc: (id: string) =>
    new ZimbraFault('mail.NO_SUCH_DOC', `no such document: ${id}`, false, [{ n: 'itemId', t: 'IID', _content: id }]),
  noSuchUpload: (aid: string) =>
    new ZimbraFault('mail.NO_SUCH_UPLOAD', `upload not found: ${aid}`, false, [{ n: 'id', t: 'STR', _content: aid }]),
  alreadyExists: (name: string, id: number, ver: number) =>
    new ZimbraFault('mail.ALREADY_EXISTS', `object with that name already exists: ${name}`, false, [
      { n: 'name', t: 'STR', _content: name },
      { n: 'id', t: 'IID', _content: String(id) },
      { n: 'ver', t: 'NUM', _content: String(ver) },
    ]),
  modifyConflict: (args: FaultArg[] = []) => new ZimbraFault('mail.MODIFY_CONFLICT', 'modify conflict', false, args),
  locked: (id: number, by: string) =>
    new ZimbraFault('mail.LOCKED', `item locked: ${id} by ${by}`, false, [
      { n: 'itemId', t: 'IID', _content: String(id) },
      { n: 'accountId', t: 'STR', _content: by },
    ]),
  cannotLock: (id: number) =>
    new ZimbraFault('mail.CANNOT_LOCK', `cannot lock item: ${id}`, false, [
      { n: 'itemId', t: 'IID', _content: String(id) },
    ]),
  cannotUnlock: (id: number) =>
    new ZimbraFault('mail.CANNOT_UNLOCK', `cannot unlock item: ${id}`, false, [
      { n: 'itemId', t: 'IID', _content: String(id) },
    ]),
  invalidName: (name: string) =>
    new ZimbraFault('mail.INVALID_NAME', `invalid name: ${name}`, false, [{ n: 'name', t: 'STR', _content: name }]),
  immutable: (id: number) =>
    new ZimbraFault('mail.IMMUTABLE_OBJECT', `cannot modify immutable object: ${id}`, false, [
      { n: 'itemId', t: 'IID', _content: String(id) },
    ]),
  mustResync: () => new ZimbraFault('mail.MUST_RESYNC', 'sync token too old; tombstones have already been expired'),
  invalidSyncToken: (token: string) =>
    new ZimbraFault('mail.INVALID_SYNC_TOKEN', `invalid sync token: ${token}`, false, [
      { n: 'token', t: 'STR', _content: token },
    ]),
  queryParse: (colNo: number, curTok: string, parserErr: string) =>
    new ZimbraFault('mail.QUERY_PARSE_ERROR', `couldn't parse query: ${parserErr}`, false, [
      { n: 'colNo', t: 'NUM', _content: String(colNo) },
      { n: 'curTok', t: 'STR', _content: curTok },
      { n: 'parserErr', t: 'STR', _content: parserErr },
    ]),
  noSuchWaitSet: (id: string) =>
    new ZimbraFault('admin.NO_SUCH_WAITSET', `no such waitset: ${id}`, false, [{ n: 'id', t: 'STR', _content: id }]),
  sendPending: () =>
    new ZimbraFault(
      'mail.SENDING_MESSAGE_IN_PENDING_STATE_TRY_AGAIN',
      'a message with the same send UID is still being sent; try again later',
      true,
    ),
};
