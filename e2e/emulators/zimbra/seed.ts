// Deterministic seed: the Région's agents in `example.test`, their mailboxes, a Briefcase, a week of appointments
// (Europe/Paris, plus one meeting held in La Réunion's zone) and the GAL. Dates are relative to the emulator's
// `now()` at start-up, so a fixed `now` gives a fixed organisation.
import { createHash } from 'node:crypto';
import { addDays, isoWeekday, utcToLocal } from './calendar';
import {
  FOLDER,
  type Account,
  type Address,
  type Appointment,
  type Attachment,
  type Contact,
  type DocVersion,
  type Document,
  type Folder,
  type Mailbox,
  type Message,
  type MutationTx,
  type Tag,
} from './state';

export interface GalEntry {
  id: string;
  email: string;
  fullName: string;
  firstName?: string;
  lastName?: string;
  type: 'account' | 'resource' | 'group';
  title?: string;
  department?: string;
  phone?: string;
  /** GAL change counter value of the last change (SyncGalRequest tokens). */
  changed: number;
  deleted?: boolean;
}

export function deterministicUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Person {
  local: string;
  password: string;
  first: string;
  last: string;
  title: string;
  department: string;
  phone: string;
  chat: boolean;
}

export const PEOPLE: Person[] = [
  {
    local: 'alice',
    password: 'alicepw',
    first: 'Alice',
    last: 'Lefèvre',
    title: 'Cheffe de projet Bastide',
    department: 'Direction du numérique',
    phone: '+33 5 61 33 50 01',
    chat: true,
  },
  {
    local: 'bob',
    password: 'bobpw',
    first: 'Bob',
    last: 'Garnier',
    title: 'Administrateur systèmes',
    department: 'Direction du numérique',
    phone: '+33 5 61 33 50 02',
    chat: true,
  },
  {
    local: 'carol',
    password: 'carolpw',
    first: 'Carol',
    last: 'Dubois',
    title: 'Responsable des ressources humaines',
    department: 'Direction des ressources humaines',
    phone: '+33 5 61 33 50 03',
    chat: false,
  },
  {
    local: 'elodie.martin',
    password: 'elodiepw',
    first: 'Élodie',
    last: 'Martin',
    title: 'Directrice de cabinet adjointe',
    department: 'Cabinet de la Présidente',
    phone: '+33 5 61 33 50 10',
    chat: false,
  },
  {
    local: 'francois.dupont',
    password: 'francoispw',
    first: 'François',
    last: 'Dupont',
    title: 'Juriste marchés publics',
    department: 'Direction des affaires juridiques',
    phone: '+33 4 67 22 80 11',
    chat: false,
  },
  {
    local: 'helene.bernard',
    password: 'helenepw',
    first: 'Hélène',
    last: 'Bernard',
    title: 'Déléguée à la protection des données',
    department: 'Direction des affaires juridiques',
    phone: '+33 5 61 33 50 12',
    chat: false,
  },
  {
    local: 'jerome.petit',
    password: 'jeromepw',
    first: 'Jérôme',
    last: 'Petit',
    title: 'Technicien réseau',
    department: 'Direction du numérique — site de Montpellier',
    phone: '+33 4 67 22 80 13',
    chat: false,
  },
  {
    local: 'amelie.rousseau',
    password: 'ameliepw',
    first: 'Amélie',
    last: 'Rousseau',
    title: 'Chargée de communication',
    department: 'Direction de la communication',
    phone: '+33 5 61 33 50 14',
    chat: false,
  },
];

export function buildAccounts(domain: string): Account[] {
  return PEOPLE.map((p) => ({
    id: deterministicUuid(`account:${p.local}@${domain}`),
    name: `${p.local}@${domain}`,
    local: p.local,
    password: p.password,
    displayName: `${p.first} ${p.last}`,
    firstName: p.first,
    lastName: p.last,
    title: p.title,
    department: p.department,
    phone: p.phone,
    status: 'active',
    mustChangePassword: false,
    tokenValidity: 1,
    prefs: {
      zimbraPrefTimeZoneId: 'Europe/Paris',
      zimbraPrefLocale: 'fr',
      zimbraPrefSaveToSent: 'TRUE',
      zimbraPrefFromDisplay: `${p.first} ${p.last}`,
      zimbraPrefMailPollingInterval: '5m',
      zimbraPrefIncludeTrashInSearch: 'FALSE',
      zimbraPrefIncludeSpamInSearch: 'FALSE',
      zimbraPrefGroupMailBy: 'conversation',
      zimbraPrefCalendarFirstDayOfWeek: '1',
      zimbraPrefMailSignature: `${p.first} ${p.last}\n${p.title}\nRégion Occitanie`,
    },
    attrs: {
      zimbraDisplayName: `${p.first} ${p.last}`,
      zimbraFeatureBriefcasesEnabled: 'TRUE',
      zimbraFeatureCalendarEnabled: 'TRUE',
      zimbraFeatureContactsEnabled: 'TRUE',
      zimbraFeatureChatEnabled: p.chat ? 'TRUE' : 'FALSE',
      zimbraFeatureMailSendLaterEnabled: 'FALSE',
      zimbraFeatureGalEnabled: 'TRUE',
      zimbraFeatureGalAutoCompleteEnabled: 'TRUE',
      zimbraFeatureGalSyncEnabled: 'TRUE',
      zimbraFeatureTwoFactorAuthAvailable: 'FALSE',
      zimbraFeatureTwoFactorAuthRequired: 'FALSE',
      zimbraContactAutoCompleteMaxResults: '20',
      zimbraAuthTokenLifetime: '2d',
      zimbraMailQuota: '0',
      zimbraPasswordMinLength: '6',
      zimbraMailTrashLifetime: '30d',
    },
  }));
}

export function buildGal(accounts: Account[], domain: string): GalEntry[] {
  const gal: GalEntry[] = accounts.map((a, i) => ({
    id: `uid=${a.local},ou=people,dc=example,dc=test`,
    email: a.name,
    fullName: a.displayName,
    firstName: a.firstName,
    lastName: a.lastName,
    type: 'account',
    title: a.title,
    department: a.department,
    phone: a.phone,
    changed: i + 1,
  }));
  gal.push(
    {
      id: 'uid=salle.garonne,ou=resources,dc=example,dc=test',
      email: `salle.garonne@${domain}`,
      fullName: 'Salle Garonne (Hôtel de Région, Toulouse)',
      type: 'resource',
      changed: gal.length + 1,
    },
    {
      id: 'uid=salle.lez,ou=resources,dc=example,dc=test',
      email: `salle.lez@${domain}`,
      fullName: 'Salle du Lez (site de Montpellier)',
      type: 'resource',
      changed: gal.length + 2,
    },
    {
      id: 'uid=dsi,ou=groups,dc=example,dc=test',
      email: `dsi@${domain}`,
      fullName: 'Direction du numérique (liste)',
      type: 'group',
      changed: gal.length + 3,
    },
  );
  return gal;
}

// ---------------------------------------------------------------------------------------------------------------

const SYSTEM_FOLDERS: [number, string, number, Folder['view'] | undefined][] = [
  [FOLDER.ROOT, 'USER_ROOT', FOLDER.MAILBOX_ROOT, undefined],
  [FOLDER.TAGS, 'Tags', FOLDER.MAILBOX_ROOT, undefined],
  [FOLDER.CONVERSATIONS, 'Conversations', FOLDER.MAILBOX_ROOT, undefined],
  [FOLDER.INBOX, 'Inbox', FOLDER.ROOT, 'message'],
  [FOLDER.TRASH, 'Trash', FOLDER.ROOT, undefined],
  [FOLDER.JUNK, 'Junk', FOLDER.ROOT, 'message'],
  [FOLDER.SENT, 'Sent', FOLDER.ROOT, 'message'],
  [FOLDER.DRAFTS, 'Drafts', FOLDER.ROOT, 'message'],
  [FOLDER.CONTACTS, 'Contacts', FOLDER.ROOT, 'contact'],
  [FOLDER.CALENDAR, 'Calendar', FOLDER.ROOT, 'appointment'],
  [FOLDER.EMAILED_CONTACTS, 'Emailed Contacts', FOLDER.ROOT, 'contact'],
  [FOLDER.CHATS, 'Chats', FOLDER.ROOT, 'message'],
  [FOLDER.TASKS, 'Tasks', FOLDER.ROOT, 'task'],
  [FOLDER.BRIEFCASE, 'Briefcase', FOLDER.ROOT, 'document'],
];

function base(mbox: Mailbox, id: number, folderId: number) {
  return {
    id,
    uuid: deterministicUuid(`${mbox.account.id}:${id}`),
    folderId,
    flags: '',
    tags: [] as string[],
    ms: 0,
    rev: 0,
    changedAt: 0,
  };
}

export function newFolder(
  mbox: Mailbox,
  tx: MutationTx,
  name: string,
  parentId: number,
  view: Folder['view'] | undefined,
  id = tx.nextId(),
  system = false,
): Folder {
  return tx.create<Folder>({ ...base(mbox, id, parentId), kind: 'folder', name, view, system, i4next: id + 1 });
}

export interface NewMessage {
  folderId?: number;
  from: Address;
  to: Address[];
  cc?: Address[];
  subject: string;
  text: string;
  html?: string;
  date: number;
  flags?: string;
  attachments?: Attachment[];
  inReplyTo?: string;
  messageId?: string;
}

/** A Message-ID unique per mailbox item, stable for a given seed. */
export function newMessageId(mbox: Mailbox, id: number, date: number): string {
  const domain = mbox.account.name.split('@')[1]!;
  return `<${date.toString(36)}.${id}.${mbox.account.local}@${domain}>`;
}

/** Creates a message, joining the conversation of the message it replies to (creating a real conversation). */
export function addMessage(mbox: Mailbox, tx: MutationTx, m: NewMessage): Message {
  const flags = (m.flags ?? '') + ((m.attachments?.some((a) => !a.inline) ?? false) ? 'a' : '');
  const id = tx.nextId();
  const msg: Message = {
    ...base(mbox, id, m.folderId ?? FOLDER.INBOX),
    kind: 'message',
    flags,
    convId: null,
    date: m.date,
    sentDate: m.date - 4000,
    subject: m.subject,
    from: m.from,
    to: m.to,
    cc: m.cc ?? [],
    bcc: [],
    messageId: m.messageId ?? newMessageId(mbox, id, m.date),
    inReplyTo: m.inReplyTo,
    text: m.text,
    html: m.html,
    attachments: m.attachments ?? [],
  };
  if (m.inReplyTo) {
    const parent = mbox.list('message').find((x) => x.messageId === m.inReplyTo);
    if (parent) {
      if (parent.convId === null) {
        const conv = tx.create({
          ...base(mbox, tx.nextId(), FOLDER.CONVERSATIONS),
          kind: 'conversation' as const,
          subject: normalizeSubject(parent.subject),
        });
        parent.convId = conv.id;
        tx.touch(parent, ['cid']);
      }
      msg.convId = parent.convId;
    }
  }
  return tx.create(msg);
}

export function normalizeSubject(s: string): string {
  return s.replace(/^((re|fwd?|tr)\s*:\s*)+/i, '').trim();
}

export function newDocument(
  mbox: Mailbox,
  tx: MutationTx,
  folderId: number,
  name: string,
  versions: Omit<DocVersion, 'ver'>[],
  desc?: string,
): Document {
  const first = versions[0]!;
  const doc: Document = {
    ...base(mbox, tx.nextId(), folderId),
    kind: 'document',
    name,
    createdAt: first.date,
    creator: first.editor.email,
    versions: versions.map((v, i) => ({
      ...v,
      ver: i + 1,
      desc: i === versions.length - 1 ? (desc ?? v.desc) : v.desc,
    })),
    descEnabled: true,
  };
  if (doc.versions.length > 1) doc.flags = '/';
  return tx.create(doc);
}

// A 1×1 transparent PNG and tiny-but-plausible PDF / ODT bodies.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
function pdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
function odt(text: string): Buffer {
  return Buffer.concat([
    Buffer.from('PK\u0003\u0004mimetypeapplication/vnd.oasis.opendocument.text', 'latin1'),
    Buffer.from(text),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------

export interface SeedContext {
  domain: string;
  now: number;
  accounts: Map<string, Account>; // by local part
}

function addr(ctx: SeedContext, local: string): Address {
  const a = ctx.accounts.get(local)!;
  return { a: a.name, p: a.displayName };
}

/** Monday 00:00 (Europe/Paris wall clock) of the week containing `now`. */
export function mondayOf(now: number): { y: number; mo: number; d: number } {
  const local = utcToLocal('Europe/Paris', now);
  return addDays({ y: local.y, mo: local.mo, d: local.d }, 1 - isoWeekday(local));
}

export function seedMailbox(mbox: Mailbox, ctx: SeedContext): void {
  mbox.mutate((tx) => {
    for (const [id, name, parent, view] of SYSTEM_FOLDERS) newFolder(mbox, tx, name, parent, view, id, true);
    const tag: Tag = { ...base(mbox, 64, FOLDER.TAGS), kind: 'tag', name: 'Urgent', color: 5 };
    tx.create(tag);
  });
  const me = mbox.account.local;
  const hour = 3600_000;
  const day = 24 * hour;
  const now = ctx.now;
  mbox.mutate((tx) => {
    addMessage(mbox, tx, {
      from: { a: `ne-pas-repondre@${ctx.domain}`, p: 'Direction du numérique' },
      to: [{ a: mbox.account.name, p: mbox.account.displayName }],
      subject: 'Bienvenue dans votre messagerie régionale',
      text:
        `Bonjour ${mbox.account.firstName},\n\nVotre boîte aux lettres est prête. Vous retrouverez vos documents ` +
        `dans le Porte-documents et votre agenda dans l'onglet Calendrier.\n\nLa Direction du numérique`,
      date: now - 30 * day,
      flags: '',
    });
  });
  if (me === 'alice') seedAlice(mbox, ctx);
  if (me === 'bob') seedBob(mbox, ctx);
  if (me === 'carol') seedCarol(mbox, ctx);
}

function seedAlice(mbox: Mailbox, ctx: SeedContext): void {
  const now = ctx.now;
  const min = 60_000;
  const hour = 60 * min;
  const day = 24 * hour;
  const alice = addr(ctx, 'alice');
  const bob = addr(ctx, 'bob');
  const carol = addr(ctx, 'carol');
  const elodie = addr(ctx, 'elodie.martin');
  const francois = addr(ctx, 'francois.dupont');
  const helene = addr(ctx, 'helene.bernard');
  const jerome = addr(ctx, 'jerome.petit');
  const me = { id: mbox.account.id, email: alice.a, name: alice.p! };
  const bobEditor = { id: ctx.accounts.get('bob')!.id, email: bob.a, name: bob.p! };

  let projets = 0;
  let marches = 0;
  let modeles = 0;
  mbox.mutate((tx) => {
    projets = newFolder(mbox, tx, 'Projets', FOLDER.ROOT, 'message').id;
    marches = newFolder(mbox, tx, 'Marchés publics', projets, 'message').id;
    modeles = newFolder(mbox, tx, 'Modèles', FOLDER.BRIEFCASE, 'document').id;
  });

  mbox.mutate((tx) => {
    addMessage(mbox, tx, {
      from: elodie,
      to: [alice],
      cc: [bob],
      subject: 'Ordre du jour du COPIL de mardi',
      text:
        "Bonjour Alice,\n\nVous trouverez ci-joint l'ordre du jour du comité de pilotage de mardi. Merci de préparer " +
        "un point d'avancement sur le déploiement de Bastide (5 minutes).\n\nBien cordialement,\nÉlodie Martin",
      date: now - 2 * hour,
      flags: 'u',
      attachments: [{ filename: 'ODJ_COPIL.pdf', ct: 'application/pdf', content: pdf('Ordre du jour COPIL') }],
    });
    const first = addMessage(mbox, tx, {
      from: bob,
      to: [alice],
      subject: 'Déploiement de Bastide sur les postes de la DSI',
      text:
        'Salut Alice,\n\nLe paquet MSI est prêt. Je propose de commencer le déploiement par les 40 postes de la DSI ' +
        'lundi prochain, puis le site de Montpellier. Ça te va ?\n\nBob',
      date: now - 3 * day,
      flags: '',
    });
    const reply = addMessage(mbox, tx, {
      folderId: FOLDER.SENT,
      from: alice,
      to: [bob],
      subject: 'Re: Déploiement de Bastide sur les postes de la DSI',
      text: 'Parfait pour lundi. Pense à prévenir Jérôme pour Montpellier.\n\nAlice',
      date: now - 3 * day + 2 * hour,
      flags: 's',
      inReplyTo: first.messageId,
    });
    addMessage(mbox, tx, {
      from: bob,
      to: [alice],
      cc: [jerome],
      subject: 'Re: Déploiement de Bastide sur les postes de la DSI',
      text: "C'est fait, Jérôme est au courant. On se cale un point jeudi ?\n\nBob",
      date: now - 2 * day,
      flags: 'u',
      inReplyTo: reply.messageId,
    });
    addMessage(mbox, tx, {
      from: carol,
      to: [alice],
      subject: "Congés d'été : merci de poser vos dates",
      text:
        'Bonjour à toutes et à tous,\n\nMerci de saisir vos demandes de congés pour juillet et août avant le 15 mai ' +
        "dans l'outil RH.\n\nCarol Dubois\nDirection des ressources humaines",
      date: now - 4 * day,
      flags: 'f',
    });
    addMessage(mbox, tx, {
      from: francois,
      to: [alice],
      subject: 'Convention de partenariat – version signée',
      text:
        "Bonjour,\n\nVeuillez trouver ci-jointe la convention de partenariat avec l'université, signée par les deux " +
        'parties.\n\nFrançois Dupont\nJuriste marchés publics',
      date: now - 5 * day,
      flags: '',
      attachments: [
        { filename: 'Convention_partenariat_signée.pdf', ct: 'application/pdf', content: pdf('Convention signée') },
      ],
    });
    addMessage(mbox, tx, {
      from: helene,
      to: [alice, bob, carol],
      subject: 'Rappel : formation RGPD mercredi',
      text: 'Bonjour,\n\nPetit rappel : la formation RGPD a lieu mercredi toute la journée en salle Garonne.\n\nHélène',
      html:
        '<html><body><p>Bonjour,</p><p>Petit rappel : la <b>formation RGPD</b> a lieu mercredi toute la journée en ' +
        'salle Garonne.</p><p><img src="https://intranet.example.test/rgpd.png" alt="RGPD"></p><p>Hélène</p></body></html>',
      date: now - 1 * day,
      flags: 'u',
    });
    addMessage(mbox, tx, {
      from: { a: 'lettre@numerique-occitanie.example', p: 'La lettre du numérique en Occitanie' },
      to: [alice],
      subject: 'La lettre du numérique en Occitanie – mars',
      text: 'Au sommaire : le très haut débit dans le Gers, les tiers-lieux du Tarn, et Bastide en préproduction.',
      html:
        '<html><body><h1>La lettre du numérique</h1><p>Au sommaire : le très haut débit dans le Gers, les tiers-lieux ' +
        'du Tarn, et Bastide en préproduction.</p></body></html>',
      date: now - 6 * day,
      flags: '',
    });
    addMessage(mbox, tx, {
      from: jerome,
      to: [alice],
      subject: 'Accès VPN depuis Montpellier',
      text:
        "Bonjour Alice,\n\nLe VPN du site de Montpellier coupe toutes les 30 minutes depuis la mise à jour d'hier. " +
        "J'ai ouvert un ticket chez l'opérateur.\n\nJérôme",
      date: now - 30 * min,
      flags: 'u',
    });
    addMessage(mbox, tx, {
      folderId: FOLDER.JUNK,
      from: { a: 'promo@gagnant.example', p: 'Service Clients' },
      to: [alice],
      subject: 'Félicitations, vous avez gagné un smartphone !',
      text: 'Cliquez ici pour recevoir votre cadeau.',
      date: now - 2 * day,
      flags: 'u',
    });
    addMessage(mbox, tx, {
      folderId: FOLDER.TRASH,
      from: alice,
      to: [alice],
      subject: 'Test',
      text: 'test',
      date: now - 9 * day,
      flags: 's',
    });
    addMessage(mbox, tx, {
      folderId: FOLDER.DRAFTS,
      from: alice,
      to: [elodie],
      subject: 'Note au directeur général des services',
      text: 'Monsieur le Directeur général,\n\nSuite au comité de pilotage, je vous propose…',
      date: now - 1 * day,
      flags: 'd',
    });
    addMessage(mbox, tx, {
      folderId: marches,
      from: francois,
      to: [alice],
      subject: "Appel d'offres maintenance réseau – questions des candidats",
      text: 'Trois candidats ont posé des questions sur le lot 2 (sites distants). Réponse attendue avant vendredi.',
      date: now - 8 * day,
      flags: '',
    });
    addMessage(mbox, tx, {
      folderId: marches,
      from: alice,
      to: [francois],
      subject: "Re: Appel d'offres maintenance réseau – questions des candidats",
      text: 'Je vous envoie les éléments techniques demain matin.',
      date: now - 7 * day,
      flags: 's',
    });
  });

  mbox.mutate((tx) => {
    const contact = (folderId: number, attrs: Record<string, string>) =>
      tx.create<Contact>({ ...base(mbox, tx.nextId(), folderId), kind: 'contact', attrs });
    contact(FOLDER.CONTACTS, {
      firstName: 'Bérénice',
      lastName: 'Fabre',
      email: 'berenice.fabre@prefecture-occitanie.example',
      company: 'Préfecture de la région Occitanie',
      jobTitle: 'Secrétaire générale pour les affaires régionales',
      fileAs: '1',
    });
    contact(FOLDER.CONTACTS, {
      firstName: 'Yannick',
      lastName: 'Le Gall',
      email: 'yannick.legall@rennes-metropole.example',
      company: 'Rennes Métropole',
      fileAs: '1',
    });
    contact(FOLDER.CONTACTS, {
      firstName: 'Bob',
      lastName: 'Garnier',
      nickname: 'Bobby',
      email: bob.a,
      email2: 'bob.garnier@perso.example',
      fileAs: '1',
    });
    contact(FOLDER.EMAILED_CONTACTS, {
      firstName: 'Nathalie',
      lastName: 'Roux',
      email: 'nathalie.roux@toulouse-metropole.example',
      fileAs: '1',
    });
  });

  mbox.mutate((tx) => {
    newDocument(
      mbox,
      tx,
      FOLDER.BRIEFCASE,
      'Note de cadrage Bastide.txt',
      [
        {
          content: Buffer.from(
            'Note de cadrage — version 1\n\nObjectif : un poste de travail unifié pour les agents.\n',
          ),
          ct: 'text/plain',
          date: now - 20 * day,
          editor: me,
        },
        {
          content: Buffer.from(
            'Note de cadrage — version 2\n\nObjectif : un poste de travail unifié pour les agents.\nPérimètre : messagerie, conversations, documents.\n',
          ),
          ct: 'text/plain',
          date: now - 12 * day,
          editor: bobEditor,
          desc: 'Ajout du périmètre',
        },
        {
          content: Buffer.from(
            'Note de cadrage — version 3\n\nObjectif : un poste de travail unifié pour les agents.\nPérimètre : messagerie, conversations, documents.\nCalendrier : pilote au printemps, généralisation à la rentrée.\n',
          ),
          ct: 'text/plain',
          date: now - 4 * day,
          editor: me,
        },
      ],
      'Calendrier du projet ajouté',
    );
    newDocument(mbox, tx, FOLDER.BRIEFCASE, 'Planning déploiement 2025.csv', [
      {
        content: Buffer.from(
          'site;date;postes\nToulouse DSI;2025-04-07;40\nMontpellier;2025-04-22;65\nHôtel de Région;2025-05-12;320\n',
        ),
        ct: 'text/csv',
        date: now - 10 * day,
        editor: me,
      },
    ]);
    newDocument(
      mbox,
      tx,
      FOLDER.BRIEFCASE,
      'Logo Région Occitanie.png',
      [{ content: PNG, ct: 'image/png', date: now - 40 * day, editor: me }],
      'Logo officiel (usage interne)',
    );
    newDocument(mbox, tx, FOLDER.BRIEFCASE, 'Compte rendu COPIL.odt', [
      {
        content: odt('Compte rendu du comité de pilotage : décisions sur le calendrier de déploiement.'),
        ct: 'application/vnd.oasis.opendocument.text',
        date: now - 6 * day,
        editor: me,
      },
    ]);
    newDocument(mbox, tx, modeles, 'Modèle de courrier.txt', [
      {
        content: Buffer.from(
          'Région Occitanie\nHôtel de Région\n22, boulevard du Maréchal-Juin\n31406 Toulouse Cedex 9\n\nObjet : \n\nMadame, Monsieur,\n',
        ),
        ct: 'text/plain',
        date: now - 60 * day,
        editor: me,
      },
    ]);
  });

  seedWeek(mbox, ctx, [
    {
      name: "Point d'équipe hebdomadaire",
      location: 'Salle du Lez / visio',
      dayOffset: 0,
      h: 9,
      mi: 30,
      minutes: 60,
      recur: { freq: 'WEEKLY', count: 12 },
      startWeeksBefore: 2,
      organizer: alice,
      attendees: [bob, jerome],
    },
    {
      name: 'Stand-up projet Bastide',
      location: 'Visio',
      dayOffset: 0,
      h: 9,
      mi: 0,
      minutes: 15,
      recur: { freq: 'DAILY', byDay: [1, 2, 3, 4, 5], count: 20 },
      organizer: bob,
      attendees: [alice],
      ptst: 'AC',
    },
    {
      name: 'Comité de pilotage SI',
      location: 'Salle Garonne, Hôtel de Région, Toulouse',
      dayOffset: 1,
      h: 14,
      mi: 0,
      minutes: 120,
      organizer: elodie,
      attendees: [alice, bob, francois],
      ptst: 'AC',
      description: 'Ordre du jour joint au courriel du cabinet.',
    },
    {
      name: 'Formation RGPD',
      location: 'Salle Garonne',
      dayOffset: 2,
      allDay: true,
      organizer: helene,
      attendees: [alice, bob, carol],
      ptst: 'AC',
      fba: 'B',
    },
    {
      name: 'Visio avec la Maison de la Région à La Réunion',
      location: 'Visio',
      dayOffset: 3,
      h: 14,
      mi: 0,
      minutes: 60,
      tz: 'Indian/Reunion',
      organizer: alice,
      attendees: [francois],
    },
    {
      name: 'Déjeuner de service',
      location: 'Restaurant administratif',
      dayOffset: 4,
      h: 12,
      mi: 30,
      minutes: 90,
      organizer: carol,
      attendees: [alice, bob],
      status: 'TENT',
      ptst: 'NE',
      fba: 'T',
    },
    {
      name: 'Réunion annulée : revue budgétaire',
      location: 'Bureau 312',
      dayOffset: 4,
      h: 16,
      mi: 0,
      minutes: 60,
      organizer: elodie,
      attendees: [alice],
      status: 'CANC',
      ptst: 'AC',
    },
  ]);
}

function seedBob(mbox: Mailbox, ctx: SeedContext): void {
  const now = ctx.now;
  const alice = addr(ctx, 'alice');
  const bob = addr(ctx, 'bob');
  mbox.mutate((tx) => {
    addMessage(mbox, tx, {
      from: alice,
      to: [bob],
      subject: 'Re: Déploiement de Bastide sur les postes de la DSI',
      text: 'Parfait pour lundi. Pense à prévenir Jérôme pour Montpellier.\n\nAlice',
      date: now - 3 * 86400_000 + 7200_000,
      flags: '',
    });
    newDocument(mbox, tx, FOLDER.BRIEFCASE, 'Procédure de sauvegarde.txt', [
      {
        content: Buffer.from('1. Arrêter le service\n2. Sauvegarder /opt/zimbra\n3. Redémarrer\n'),
        ct: 'text/plain',
        date: now - 15 * 86400_000,
        editor: { id: mbox.account.id, email: bob.a, name: bob.p! },
      },
    ]);
  });
  seedWeek(mbox, ctx, [
    {
      name: 'Stand-up projet Bastide',
      location: 'Visio',
      dayOffset: 0,
      h: 9,
      mi: 0,
      minutes: 15,
      recur: { freq: 'DAILY', byDay: [1, 2, 3, 4, 5], count: 20 },
      organizer: bob,
      attendees: [alice],
    },
    {
      name: 'Maintenance serveurs de messagerie',
      location: 'Salle serveurs',
      dayOffset: 3,
      h: 20,
      mi: 0,
      minutes: 180,
      organizer: bob,
      attendees: [],
    },
  ]);
}

function seedCarol(mbox: Mailbox, ctx: SeedContext): void {
  const carol = addr(ctx, 'carol');
  mbox.mutate((tx) => {
    newDocument(mbox, tx, FOLDER.BRIEFCASE, 'Calendrier des congés.csv', [
      {
        content: Buffer.from('agent;du;au\nAlice Lefèvre;2025-07-14;2025-08-01\n'),
        ct: 'text/csv',
        date: ctx.now - 3 * 86400_000,
        editor: { id: mbox.account.id, email: carol.a, name: carol.p! },
      },
    ]);
  });
  seedWeek(mbox, ctx, [
    {
      name: 'Entretiens annuels',
      location: 'Bureau RH 104',
      dayOffset: 1,
      h: 10,
      mi: 0,
      minutes: 240,
      organizer: carol,
      attendees: [],
    },
  ]);
}

interface SeedAppt {
  name: string;
  location: string;
  dayOffset: number;
  h?: number;
  mi?: number;
  minutes?: number;
  allDay?: boolean;
  tz?: string;
  recur?: Appointment['recur'];
  startWeeksBefore?: number;
  organizer: Address;
  attendees: Address[];
  status?: Appointment['status'];
  ptst?: Appointment['ptst'];
  fba?: Appointment['fba'];
  description?: string;
}

function seedWeek(mbox: Mailbox, ctx: SeedContext, appts: SeedAppt[]): void {
  const monday = mondayOf(ctx.now);
  mbox.mutate((tx) => {
    for (const a of appts) {
      const date = addDays(monday, a.dayOffset - 7 * (a.startWeeksBefore ?? 0));
      const id = tx.nextId();
      const isOrg = a.organizer.a === mbox.account.name;
      tx.create<Appointment>({
        ...base(mbox, id, FOLDER.CALENDAR),
        kind: 'appointment',
        invId: id + 1,
        uid: deterministicUuid(`appt:${a.name}:${a.organizer.a}`),
        name: a.name,
        location: a.location,
        description: a.description ?? '',
        tz: a.tz ?? 'Europe/Paris',
        start: { ...date, h: a.h ?? 0, mi: a.mi ?? 0 },
        durationMs: a.allDay ? 86400_000 : (a.minutes ?? 60) * 60_000,
        allDay: a.allDay ?? false,
        recur: a.recur,
        fba: a.fba ?? (a.status === 'CANC' ? 'F' : 'B'),
        transp: 'O',
        status: a.status ?? 'CONF',
        ptst: isOrg ? 'AC' : (a.ptst ?? 'NE'),
        organizer: a.organizer,
        attendees: a.attendees,
        alarmMinutes: a.allDay ? undefined : 15,
      });
      tx.nextId(); // the invite id (`invId` = "<apptId>-<invId>")
    }
  });
}
