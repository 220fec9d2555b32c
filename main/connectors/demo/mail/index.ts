import type { MailFolderRecord, MailMessageRecord } from '../../../core/ports';
import type { DemoClock } from '../clock';
import { assemblyMail } from './assemblees';
import { directionMail } from './direction';
import { demoFolders } from './folders';
import { schoolMail } from './lycees';
import { procurementMail } from './marches';
import { everydayMail } from './misc';
import { partnerMail } from './partners';
import { planMail } from './plan';

export interface DemoMail {
  folders: MailFolderRecord[];
  messages: MailMessageRecord[];
}

export function buildMail(ctx: DemoClock): DemoMail {
  const { records: folders, ids } = demoFolders(ctx.year);
  const threads = [
    ...directionMail(ctx),
    ...procurementMail(ctx),
    ...assemblyMail(ctx),
    ...schoolMail(ctx),
    ...partnerMail(ctx),
    ...everydayMail(ctx),
  ];
  return { folders, messages: planMail(ctx, threads, ids) };
}
