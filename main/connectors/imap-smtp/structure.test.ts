import type { ListResponse, MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { toRemoteFolders } from './folders';
import { uidSet } from './folder-sync';
import { layoutOf } from './structure';

const text = (
  part: string,
  type = 'text/plain',
  extra: Partial<MessageStructureObject> = {},
): MessageStructureObject => ({
  part,
  type,
  size: 100,
  ...extra,
});

describe('message layout from BODYSTRUCTURE', () => {
  it('finds the text and HTML alternatives and lists the attachments', () => {
    const layout = layoutOf({
      type: 'multipart/mixed',
      childNodes: [
        { type: 'multipart/alternative', part: '1', childNodes: [text('1.1'), text('1.2', 'text/html')] },
        text('2', 'application/pdf', {
          disposition: 'attachment',
          dispositionParameters: { filename: 'budget 2026.pdf' },
          encoding: 'base64',
          size: 4_000,
        }),
        text('3', 'image/png', { id: '<logo@x>', size: 40 }),
      ],
    });
    expect(layout.bodyParts).toEqual({ text: '1.1', html: '1.2' });
    expect(layout.attachments).toEqual([
      { part: '2', name: 'budget 2026.pdf', size: 3_000, mimeType: 'application/pdf', contentId: null, inline: false },
      { part: '3', name: 'piece-jointe-3.png', size: 40, mimeType: 'image/png', contentId: 'logo@x', inline: true },
    ]);
  });

  it('reads a single-part message as its part 1', () => {
    expect(layoutOf(text(undefined as never)).bodyParts).toEqual({ text: '1' });
    expect(layoutOf({ type: 'application/octet-stream' }).attachments[0]).toMatchObject({ part: '1' });
  });

  it('names an attached message after its subject and keeps file names harmless', () => {
    const layout = layoutOf({
      type: 'multipart/mixed',
      childNodes: [
        text('1'),
        { part: '2', type: 'message/rfc822', envelope: { subject: 'Compte rendu' } },
        text('3', 'text/plain', { parameters: { name: '../../etc/passwd' } }),
      ],
    });
    expect(layout.attachments.map((attachment) => attachment.name)).toEqual(['Compte rendu.eml', '.._.._etc_passwd']);
  });

  it('bounds absurd nesting and part counts', () => {
    let deep: MessageStructureObject = text('x');
    for (let level = 0; level < 1_000; level++) deep = { type: 'multipart/mixed', childNodes: [deep] };
    expect(layoutOf(deep)).toEqual({ bodyParts: {}, attachments: [] });
    const wide = layoutOf({
      type: 'multipart/mixed',
      childNodes: Array.from({ length: 5_000 }, (_, n) => text(String(n + 1), 'application/octet-stream')),
    });
    expect(wide.attachments.length).toBeLessThan(500);
  });
});

describe('folder roles', () => {
  const entry = (path: string, extra: Partial<ListResponse> = {}): ListResponse => ({
    path,
    pathAsListed: path,
    name: path.split('/').at(-1)!,
    delimiter: '/',
    parent: path.split('/').slice(0, -1),
    parentPath: path.split('/').slice(0, -1).join('/'),
    flags: new Set(),
    listed: true,
    subscribed: true,
    ...extra,
  });

  it('takes SPECIAL-USE first, then names (French ones too), never in other users’ or shared folders', () => {
    const folders = toRemoteFolders(
      [
        entry('INBOX'),
        entry('Éléments envoyés'),
        entry('Envoyés', { specialUse: '\\Sent', specialUseSource: 'extension' }),
        entry('Corbeille', { specialUse: '\\Trash', specialUseSource: 'name' }),
        entry('Pourriel'),
        entry("Boîte d'envoi"),
        entry('Autres utilisateurs', { flags: new Set(['\\Noselect']) }),
        entry('Autres utilisateurs/jdupont/Sent', { specialUse: '\\Sent', specialUseSource: 'extension' }),
        entry('Dossiers partagés/accueil/Brouillons', { specialUse: '\\Drafts', specialUseSource: 'name' }),
      ],
      {
        personal: [{ prefix: '', delimiter: '/' }],
        other: [{ prefix: 'Autres utilisateurs/', delimiter: '/' }],
        shared: [{ prefix: 'Dossiers partagés/', delimiter: '/' }],
      },
    );
    const roles = Object.fromEntries(folders.map((folder) => [folder.path, folder.role]));
    expect(roles).toEqual({
      INBOX: 'inbox',
      'Éléments envoyés': null,
      Envoyés: 'sent',
      Corbeille: 'trash',
      Pourriel: 'junk',
      "Boîte d'envoi": 'outbox',
      'Autres utilisateurs': null,
      'Autres utilisateurs/jdupont/Sent': null,
      'Dossiers partagés/accueil/Brouillons': null,
    });
    expect(folders.find((folder) => folder.path === 'Autres utilisateurs')?.selectable).toBe(false);
    expect(folders.find((folder) => folder.path === 'Autres utilisateurs/jdupont/Sent')?.parentPath).toBe(
      'Autres utilisateurs/jdupont',
    );
  });
});

describe('UID sets', () => {
  it('compresses runs', () => {
    expect(uidSet([7, 1, 2, 3, 9, 10, 12, 3])).toBe('1:3,7,9:10,12');
  });
});
