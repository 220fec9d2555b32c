// What the composer needs from the core beyond drafts: files staged by the renderer becoming a draft's
// attachments (moved, not copied; claimed once), the "send as a link" choice kept and written on the part, and
// per-account signatures.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, useTempProfiles } from '../testing/helpers';
import { parseMessageFile } from '../../connectors/bluemind/message-file';
import { writeMessage } from './compose';

describe('the composer through the core', () => {
  const profiles = useTempProfiles();

  it('adopts staged files as attachments, once, and keeps the link choice', async () => {
    const profileDir = profiles.makeDir();
    const core = await profiles.openCore({ profileDir });
    const draft = await call(core, 'drafts:create', { accountId: 'demo' });
    const content = Buffer.from('Ordre du jour : budget 2027\n');
    const { stagingId } = await call(core, 'files:stage', { name: 'ordre du jour.txt', size: content.length });
    await call(core, 'files:stageChunk', { stagingId, offset: 0, data: content.toString('base64') });

    const saved = await call(core, 'drafts:save', {
      id: draft.id,
      attachments: [{ stagingId, name: 'ordre du jour.txt', sendAsLink: true }],
    });
    expect(saved.attachments).toEqual([
      {
        id: expect.any(String),
        name: 'ordre du jour.txt',
        size: content.length,
        mimeType: 'text/plain',
        sendAsLink: true,
      },
    ]);
    const attachmentId = saved.attachments[0]!.id;
    const dir = join(profileDir, 'mail', 'drafts', draft.id);
    expect(readFileSync(join(dir, attachmentId))).toEqual(content);
    // Moved out of staging: the same staging id cannot be claimed twice.
    await expect(call(core, 'drafts:save', { id: draft.id, attachments: [{ stagingId }] })).rejects.toMatchObject({
      code: 'notFound',
    });

    // Kept by id: the choice follows what the composer says on each save.
    const kept = await call(core, 'drafts:save', { id: draft.id, attachments: [{ id: attachmentId }] });
    expect(kept.attachments).toEqual([expect.not.objectContaining({ sendAsLink: true })]);
    const removed = await call(core, 'drafts:save', { id: draft.id, attachments: [] });
    expect(removed.attachments).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a staged file that is not complete', async () => {
    const core = await profiles.openCore();
    const draft = await call(core, 'drafts:create', { accountId: 'demo' });
    const { stagingId } = await call(core, 'files:stage', { name: 'moitié.txt', size: 10 });
    await call(core, 'files:stageChunk', { stagingId, offset: 0, data: Buffer.from('12345').toString('base64') });
    await expect(call(core, 'drafts:save', { id: draft.id, attachments: [{ stagingId }] })).rejects.toMatchObject({
      code: 'files.stagingIncomplete',
    });
  });

  it('keeps a signature per account', async () => {
    const core = await profiles.openCore();
    expect(await call(core, 'mail:signature', { accountId: 'demo' })).toBe('');
    expect(await call(core, 'mail:setSignature', { accountId: 'demo', signature: 'Camille\r\nMairie  \n\n' })).toBe(
      'Camille\nMairie',
    );
    expect(await call(core, 'mail:signature', { accountId: 'demo' })).toBe('Camille\nMairie');
    await expect(call(core, 'mail:signature', { accountId: 'nobody' })).rejects.toMatchObject({ code: 'notFound' });
  });
});

describe('the message file', () => {
  it('marks the attachments chosen to leave as links, and only those', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bastide-compose-'));
    await writeFile(join(dir, 'a'), 'petit');
    await writeFile(join(dir, 'b'), 'grand');
    const file = join(dir, 'out.eml');
    await writeMessage(file, {
      from: { address: 'alice@example.test' },
      content: {
        to: [{ address: 'bob@example.test' }],
        cc: [],
        bcc: [],
        subject: 'Fichiers',
        bodyText: 'Voici.',
        bodyHtml: null,
        attachments: [
          { id: 'a', name: 'petit.txt', size: 5, mimeType: 'text/plain' },
          { id: 'b', name: 'grand.txt', size: 5, mimeType: 'text/plain', sendAsLink: true },
        ],
        inReplyTo: null,
        references: [],
      },
      messageId: '<x@example.test>',
      date: new Date('2026-03-10T09:00:00Z'),
      attachmentPath: (id) => join(dir, id),
      keepBcc: false,
    });
    // What the connectors of file-hosting servers read back: only the chosen file leaves as a link.
    const parsed = await parseMessageFile(readFileSync(file));
    expect(parsed.files.map((f) => f.name)).toEqual(['petit.txt', 'grand.txt']);
    expect(parsed.linkKeys).toEqual([parsed.files[1]!.key]);
  });
});
