// The account kinds a user can add, each with the driver that signs it in.
import { bluemindDriver } from '../../connectors/bluemind/login';
import { caldavDriver } from '../../connectors/caldav/login';
import { exoDriver } from '../../connectors/exo/login';
import { imapSmtpDriver } from '../../connectors/imap-smtp/verify';
import { xmppDriver } from '../../connectors/xmpp/login';
import { zimbraDriver } from '../../connectors/zimbra/login';
import type { AccountKindDriver } from './driver';

export const accountKindDrivers: readonly AccountKindDriver[] = [
  bluemindDriver,
  zimbraDriver,
  exoDriver,
  imapSmtpDriver,
  xmppDriver,
  caldavDriver,
];
