// The seeded organisation (deterministic for a given clock): users of the Région, spaces, posts, conversations,
// documents and agenda. Content is in French on purpose.
import type { Emu } from './context';
import { type Space, type User, personalDrivePath, userHomePath } from './state';
import { postActivity, postComment, likeActivity } from './social-ops';
import { addNotification } from './notifications';
import { createTeamRoom, ensureSpaceRoom, getOrCreateDirectRoom, markRead, writeMessage } from './chat-model';
import { ensureFolder, saveFile } from './documents';
import { addDays, dayInZone, utcFromZoned } from './util';

export const SEED_DOMAIN = 'example.test';

interface SeedUser {
  username: string;
  firstName: string;
  lastName: string;
  position: string;
  email?: string;
  isAdmin?: boolean;
  enabled?: boolean;
  chatRegistered?: boolean;
}

/** Passwords are `<username>pw` (alice/alicepw, bob/bobpw, carol/carolpw, …). */
export const SEED_USERS: SeedUser[] = [
  {
    username: 'root',
    firstName: 'Administrateur',
    lastName: 'Plateforme',
    position: 'Administrateur',
    isAdmin: true,
    chatRegistered: false,
  },
  { username: 'alice', firstName: 'Alice', lastName: 'Martin', position: 'Cheffe de projet transformation numérique' },
  { username: 'bob', firstName: 'Bob', lastName: 'Lefèvre', position: 'Développeur applications' },
  { username: 'carol', firstName: 'Carol', lastName: 'Dubois', position: 'Déléguée à la protection des données' },
  {
    username: 'jdupont',
    firstName: 'Jeanne',
    lastName: 'Dupont',
    position: 'Directrice du numérique',
    email: 'jeanne.dupont@example.test',
  },
  {
    username: 'mbernard',
    firstName: 'Mathieu',
    lastName: 'Bernard',
    position: 'Responsable infrastructures',
    email: 'mathieu.bernard@example.test',
  },
  {
    username: 'srousseau',
    firstName: 'Sophie',
    lastName: 'Rousseau',
    position: 'Chargée de mission lycées',
    email: 'sophie.rousseau@example.test',
  },
  // Never opened the chat: /chatServer answers 404 for him until /chat/api/1.0/user/settings is called.
  {
    username: 'lgarnier',
    firstName: 'Luc',
    lastName: 'Garnier',
    position: 'Juriste',
    email: 'luc.garnier@example.test',
    chatRegistered: false,
  },
  // Left the Région: disabled account.
  { username: 'pmoreau', firstName: 'Pierre', lastName: 'Moreau', position: 'Ancien chef de service', enabled: false },
];

interface SeedSpace {
  prettyName: string;
  displayName: string;
  description: string;
  visibility: Space['visibility'];
  subscription: Space['subscription'];
  managers: string[];
  members: string[];
}

export const SEED_SPACES: SeedSpace[] = [
  {
    prettyName: 'direction_du_numerique',
    displayName: 'Direction du numérique',
    description: 'Espace de travail de la Direction du numérique et des systèmes d’information.',
    visibility: 'private',
    subscription: 'validation',
    managers: ['jdupont', 'alice'],
    members: ['jdupont', 'alice', 'bob', 'carol', 'mbernard'],
  },
  {
    prettyName: 'projet_lycees_connectes',
    displayName: 'Projet Lycées connectés',
    description: 'Déploiement du Wi-Fi et de l’ENT dans les lycées de la Région.',
    visibility: 'private',
    subscription: 'open',
    managers: ['alice'],
    members: ['alice', 'bob', 'srousseau', 'mbernard'],
  },
  {
    prettyName: 'comite_rgpd',
    displayName: 'Comité RGPD',
    description: 'Conformité au règlement général sur la protection des données.',
    visibility: 'hidden',
    subscription: 'close',
    managers: ['carol'],
    members: ['carol', 'alice', 'lgarnier', 'jdupont'],
  },
  {
    prettyName: 'ressources_humaines',
    displayName: 'Ressources humaines',
    description: 'Espace réservé à la DRH.',
    visibility: 'hidden',
    subscription: 'close',
    managers: ['jdupont'],
    members: ['jdupont', 'lgarnier'],
  },
  {
    prettyName: 'vie_de_la_region',
    displayName: 'Vie de la Région',
    description: 'Actualités et vie interne de la Région.',
    visibility: 'public',
    subscription: 'open',
    managers: ['root'],
    members: ['root', 'alice', 'bob', 'carol', 'jdupont', 'mbernard', 'srousseau', 'lgarnier'],
  },
];

const PNG_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

export async function seedOrganisation(emu: Emu): Promise<void> {
  const state = emu.state;
  const tz = emu.opts.timeZone;
  const today = dayInZone(emu.nowMs(), tz);
  /** Instant of `hh:mm` local time, `days` from today. */
  const at = (days: number, hh: number, mm = 0): number => utcFromZoned(addDays(today, days), hh, mm, tz);
  const created = at(-400, 9);

  let identity = 0;
  for (const su of SEED_USERS) {
    identity++;
    const u: User = {
      username: su.username,
      password: `${su.username}pw`,
      firstName: su.firstName,
      lastName: su.lastName,
      email: su.email ?? `${su.username}@${SEED_DOMAIN}`,
      position: su.position,
      identityId: String(identity),
      isAdmin: su.isAdmin ?? false,
      enabled: su.enabled ?? true,
      external: false,
      createdAt: created,
      lastLoginTime: null,
      chatRegistered: su.chatRegistered ?? true,
      chatStatus: 'available',
      failedLogins: 0,
      lockedUntil: null,
      favoriteSpaces: new Set(),
      chatFavorites: new Set(),
    };
    state.users.set(u.username, u);
  }
  let spaceId = 0;
  for (const ss of SEED_SPACES) {
    spaceId++;
    identity++;
    state.spaces.set(String(spaceId), {
      id: String(spaceId),
      identityId: String(identity),
      prettyName: ss.prettyName,
      displayName: ss.displayName,
      description: ss.description,
      visibility: ss.visibility,
      subscription: ss.subscription,
      managers: ss.managers,
      members: ss.members,
      createdAt: created + spaceId * 86400000,
      lastUpdatedAt: created + spaceId * 86400000,
      chatEnabled: true,
    });
  }
  const sp = (pretty: string): Space => [...state.spaces.values()].find((s) => s.prettyName === pretty) as Space;
  const dn = sp('direction_du_numerique');
  const lyc = sp('projet_lycees_connectes');
  const rgpd = sp('comite_rgpd');
  const rh = sp('ressources_humaines');
  const vie = sp('vie_de_la_region');
  state.users.get('alice')?.favoriteSpaces.add(lyc.id);

  // ---- activity streams ----
  const post = (poster: string, space: Space | string, title: string, when: number) =>
    postActivity(emu, {
      poster,
      stream: typeof space === 'string' ? { type: 'user', username: space } : { type: 'space', spaceId: space.id },
      title,
      at: when,
      silent: true,
    });
  const comment = (poster: string, activityId: string, title: string, when: number, parentCommentId?: string) =>
    postComment(emu, { poster, activityId, title, at: when, silent: true, parentCommentId: parentCommentId ?? null });

  const e1 = post(
    'root',
    vie,
    '<p>Bienvenue sur le nouvel intranet de la Région ! N’hésitez pas à rejoindre les espaces de vos projets.</p>',
    at(-6, 8, 30),
  );
  for (const u of ['alice', 'bob', 'carol', 'srousseau']) likeActivity(emu, u, e1.id, true);
  const c1 = post(
    'carol',
    rgpd,
    '<p>Rappel : le registre des traitements doit être mis à jour avant la fin du trimestre. Chaque direction désigne un référent.</p>',
    at(-4, 11),
  );
  comment('lgarnier', c1.id, 'Pour la DRH, ce sera moi.', at(-4, 11, 40));
  likeActivity(emu, 'alice', c1.id, true);
  likeActivity(emu, 'jdupont', c1.id, true);
  post(
    'jdupont',
    rh,
    '<p>Campagne d’entretiens annuels : ouverture le 15, les supports sont dans les documents.</p>',
    at(-5, 9),
  );
  const a1 = post(
    'jdupont',
    dn,
    '<p>Bonjour à tous, le schéma directeur du numérique 2025-2028 est en ligne dans les documents de l’espace. Merci de vos retours avant vendredi @alice @mbernard.</p>',
    at(-3, 9, 15),
  );
  comment('alice', a1.id, 'Merci Jeanne, je relis la partie « services aux lycées » d’ici jeudi.', at(-3, 10, 2));
  comment('mbernard', a1.id, 'Je regarde le volet hébergement souverain.', at(-3, 11, 20));
  for (const u of ['alice', 'bob', 'carol']) likeActivity(emu, u, a1.id, true);
  const b1 = post(
    'srousseau',
    lyc,
    '<p>Les 42 lycées pilotes ont reçu leurs bornes Wi-Fi. Le planning de déploiement de l’ENT est dans les documents de l’espace.</p>',
    at(-2, 10),
  );
  comment('alice', b1.id, 'Bravo Sophie ! Peux-tu ajouter les lycées de l’Aude au planning ?', at(-2, 10, 30));
  comment('srousseau', b1.id, 'C’est fait, voir la version 2 du planning.', at(-2, 15, 10));
  const u1 = post(
    'alice',
    'alice',
    '<p>De retour de la conférence « Numérique responsable » à Montpellier, plein d’idées à partager !</p>',
    at(-2, 18),
  );
  comment('carol', u1.id, 'Hâte d’en savoir plus !', at(-2, 18, 45));
  const a2 = post(
    'alice',
    dn,
    '<p>Compte rendu du comité de pilotage : budget validé pour la migration de la messagerie. Prochaine étape : le marché d’hébergement.</p>',
    at(-1, 14, 2),
  );
  const a2c = comment('bob', a2.id, 'Super nouvelle !', at(-1, 15));
  comment('alice', a2.id, 'Oui, on en reparle en réunion d’équipe @bob.', at(-1, 15, 20), a2c.id);
  likeActivity(emu, 'jdupont', a2.id, true);
  post(
    'alice',
    lyc,
    '<p>Réunion de lancement avec les proviseurs le 3 : @srousseau peux-tu préparer l’ordre du jour ?</p>',
    at(-1, 16, 45),
  );
  post('bob', dn, '<p>Incident résolu sur le proxy sortant ce matin, tout est revenu à la normale.</p>', at(0, 8, 30));

  // ---- web notifications (alice) ----
  const n1 = addNotification(emu, {
    to: 'alice',
    plugin: 'ActivityMentionPlugin',
    from: 'jdupont',
    spaceId: dn.id,
    text: 'vous a mentionné(e).',
    parameters: { activityId: a1.id },
    link: `/portal/dw/activity?id=${a1.id}`,
    at: at(-3, 9, 15),
  });
  n1.read = true;
  n1.isNew = false;
  addNotification(emu, {
    to: 'alice',
    plugin: 'ActivityCommentPlugin',
    from: 'bob',
    spaceId: dn.id,
    text: 'a commenté votre activité.',
    parameters: { activityId: a2.id, commentId: a2c.id },
    link: `/portal/dw/activity?id=${a2.id}#comment-${a2c.id}`,
    at: at(-1, 15),
  });
  addNotification(emu, {
    to: 'alice',
    plugin: 'LikePlugin',
    from: 'jdupont',
    spaceId: dn.id,
    text: 'aime votre activité.',
    parameters: { activityId: a2.id },
    link: `/portal/dw/activity?id=${a2.id}`,
    at: at(-1, 17),
  });
  addNotification(emu, {
    to: 'alice',
    plugin: 'ActivityCommentPlugin',
    from: 'carol',
    text: 'a commenté votre activité.',
    parameters: { activityId: u1.id },
    link: `/portal/dw/activity?id=${u1.id}`,
    at: at(-2, 18, 45),
  });
  addNotification(emu, {
    to: 'bob',
    plugin: 'ActivityMentionPlugin',
    from: 'alice',
    spaceId: dn.id,
    text: 'vous a mentionné(e) dans un commentaire.',
    parameters: { activityId: a2.id },
    link: `/portal/dw/activity?id=${a2.id}`,
    at: at(-1, 15, 20),
  });

  // ---- chat ----
  for (const s of state.spaces.values()) ensureSpaceRoom(emu, s.id);
  const say = (sender: string, roomId: string, msg: string, when: number) =>
    writeMessage(emu, { sender, roomId, msg, at: when, silent: true });
  const ab = getOrCreateDirectRoom(emu, 'alice', 'bob').id;
  say('alice', ab, 'Salut Bob, tu as pu regarder le ticket sur le proxy ?', at(-1, 9));
  say(
    'bob',
    ab,
    'Oui, c’est la règle de filtrage qui bloquait les mises à jour. Je corrige demain matin.',
    at(-1, 9, 4),
  );
  say('alice', ab, 'Parfait, merci !', at(-1, 9, 5));
  say('bob', ab, 'C’est corrigé 👍', at(0, 8, 35));
  say('bob', ab, 'Tu peux me confirmer que ça marche de ton côté ?', at(0, 8, 36));
  const ac = getOrCreateDirectRoom(emu, 'alice', 'carol').id;
  say('carol', ac, 'Alice, tu pourras relire l’analyse d’impact RGPD de l’ENT ?', at(-2, 11));
  say('alice', ac, 'Oui, je m’en occupe demain.', at(-2, 11, 3));
  const bj = getOrCreateDirectRoom(emu, 'bob', 'jdupont').id;
  say('jdupont', bj, 'Bob, merci pour la résolution rapide de l’incident.', at(0, 9, 10));
  const team = createTeamRoom(emu, 'alice', 'Cellule de crise cyber', ['bob', 'carol', 'mbernard']);
  team.createdAt = at(-3, 8);
  writeMessage(emu, {
    sender: 'alice',
    roomId: team.id,
    msg: '',
    isSystem: true,
    options: {
      type: 'type-add-team-user',
      users: 'Bob Lefèvre; Carol Dubois; Mathieu Bernard',
      fullname: 'Alice Martin',
    },
    at: at(-3, 8),
    silent: true,
  });
  say('mbernard', team.id, 'Exercice de crise prévu mardi 14h, merci de bloquer le créneau.', at(-1, 11));
  say('carol', team.id, 'Noté, je préviens l’astreinte.', at(-1, 11, 12));
  state.users.get('alice')?.chatFavorites.add(team.id);
  say('jdupont', ensureSpaceRoom(emu, dn.id).id, 'Point d’équipe déplacé à 10h30 demain.', at(0, 9, 30));
  say(
    'srousseau',
    ensureSpaceRoom(emu, lyc.id).id,
    'Les photos de l’installation au lycée Joffre sont dans les documents.',
    at(-1, 17),
  );
  say('carol', ensureSpaceRoom(emu, rgpd.id).id, 'Prochaine réunion du comité le 20.', at(-2, 9));
  // Earlier exchanges were read; what remains unread is the last messages of each room.
  markRead(emu, 'alice', ac);
  markRead(emu, 'alice', ensureSpaceRoom(emu, rgpd.id).id);

  // ---- documents ----
  for (const p of ['/', '/Users', '/Groups', '/Groups/spaces']) await ensureFolder(emu, p, 'root');
  for (const u of state.users.values()) {
    await ensureFolder(emu, `${userHomePath(u.username)}/Public`, u.username);
    await ensureFolder(emu, `${personalDrivePath(u.username)}/Documents`, u.username);
  }
  for (const s of state.spaces.values())
    await ensureFolder(emu, `/Groups/spaces/${s.prettyName}/Documents`, s.managers[0] ?? 'root');
  const file = (path: string, text: string | Buffer, author: string) =>
    saveFile(emu, { path, data: typeof text === 'string' ? Buffer.from(text, 'utf8') : text, author });
  const alicePrivate = personalDrivePath('alice');
  await ensureFolder(emu, `${alicePrivate}/Notes`, 'alice');
  await file(
    `${alicePrivate}/Notes/Réunion DSI 2025-03.md`,
    '# Réunion DSI\n\n- Migration messagerie : budget validé\n- Hébergement : étude en cours\n',
    'alice',
  );
  await file(
    `${alicePrivate}/Budget prévisionnel 2025.csv`,
    'poste;montant\nlicences;120000\nhébergement;85000\nformation;15000\n',
    'alice',
  );
  await file(`${alicePrivate}/Présentation comité.odp`, 'présentation factice (contenu ODP simulé)', 'alice');
  await file(
    `${personalDrivePath('bob')}/Procédure proxy.txt`,
    'Redémarrer le service, vider le cache, vérifier les règles de filtrage.\n',
    'bob',
  );
  const dnDocs = `/Groups/spaces/${dn.prettyName}/Documents`;
  await file(
    `${dnDocs}/Schéma directeur du numérique 2025-2028.odt`,
    'Schéma directeur — version de travail 1',
    'jdupont',
  );
  await file(
    `${dnDocs}/Schéma directeur du numérique 2025-2028.odt`,
    'Schéma directeur — version de travail 2 (relecture Alice)',
    'alice',
  );
  await ensureFolder(emu, `${dnDocs}/Comptes rendus`, 'alice');
  await file(
    `${dnDocs}/Comptes rendus/CR COPIL.md`,
    '# Comité de pilotage\n\nBudget validé pour la migration de la messagerie.\n',
    'alice',
  );
  await ensureFolder(emu, `${dnDocs}/Architecture`, 'mbernard');
  await file(
    `${dnDocs}/Architecture/Hébergement souverain.txt`,
    'Étude des offres d’hébergement qualifiées SecNumCloud.\n',
    'mbernard',
  );
  const lycDocs = `/Groups/spaces/${lyc.prettyName}/Documents`;
  await file(`${lycDocs}/Planning déploiement ENT.csv`, 'lycée;date\nJoffre (Montpellier);2025-04-07\n', 'srousseau');
  await file(
    `${lycDocs}/Planning déploiement ENT.csv`,
    'lycée;date\nJoffre (Montpellier);2025-04-07\nJules Fil (Carcassonne);2025-04-14\n',
    'srousseau',
  );
  await ensureFolder(emu, `${lycDocs}/Photos`, 'srousseau');
  await file(`${lycDocs}/Photos/Lycée Joffre.png`, PNG_PHOTO, 'srousseau');
  const rgpdDocs = `/Groups/spaces/${rgpd.prettyName}/Documents`;
  await file(
    `${rgpdDocs}/Registre des traitements.csv`,
    'traitement;finalité;référent\nENT;pédagogie;alice\nPaie;gestion RH;lgarnier\n',
    'carol',
  );
  await file(`${rgpdDocs}/Modèle AIPD.odt`, 'Modèle d’analyse d’impact (contenu simulé)', 'carol');
  await file(
    `/Groups/spaces/${rh.prettyName}/Documents/Entretiens annuels 2025.odt`,
    'Support des entretiens annuels (contenu simulé)',
    'jdupont',
  );
  await file(
    `/Groups/spaces/${vie.prettyName}/Documents/Charte d’utilisation de l’intranet.pdf`,
    '%PDF-1.4\n% charte factice\n%%EOF\n',
    'root',
  );

  // ---- agenda ----
  let calId = 0;
  const calendarOf = new Map<string, number>();
  for (const u of state.users.values()) {
    calId++;
    state.calendars.push({
      id: calId,
      ownerIdentityId: u.identityId,
      title: `${u.firstName} ${u.lastName}`,
      color: '#578dc9',
    });
    calendarOf.set(u.username, calId);
  }
  for (const s of state.spaces.values()) {
    calId++;
    state.calendars.push({ id: calId, ownerIdentityId: s.identityId, title: s.displayName, color: '#f97575' });
    calendarOf.set(`space:${s.prettyName}`, calId);
  }
  const event = (
    owner: string,
    creator: string,
    summary: string,
    start: number,
    end: number,
    extra: Partial<{
      location: string;
      attendees: string[];
      allDay: boolean;
      conferenceUrl: string;
      description: string;
    }> = {},
  ) => {
    state.counters.event++;
    state.events.push({
      id: state.counters.event,
      calendarId: calendarOf.get(owner) ?? 0,
      creator,
      summary,
      description: extra.description ?? '',
      location: extra.location ?? '',
      start,
      end,
      allDay: extra.allDay ?? false,
      timeZoneId: tz,
      attendees: extra.attendees ?? [creator],
      created: at(-10, 9),
      updated: at(-7, 9),
      conferenceUrl: extra.conferenceUrl ?? null,
    });
  };
  event('alice', 'alice', 'Point hebdo avec Jeanne', at(0, 16), at(0, 16, 30), { attendees: ['alice', 'jdupont'] });
  event('space:direction_du_numerique', 'jdupont', 'Comité de pilotage numérique', at(1, 9, 30), at(1, 11), {
    location: 'Hôtel de Région, salle 3.12',
    attendees: ['jdupont', 'alice', 'bob', 'mbernard'],
  });
  event('bob', 'bob', 'Maintenance du proxy sortant', at(1, 20), at(1, 22));
  event('space:projet_lycees_connectes', 'alice', 'Réunion de lancement avec les proviseurs', at(2, 14), at(2, 16), {
    attendees: ['alice', 'srousseau', 'bob'],
    conferenceUrl: 'https://visio.example.test/lancement-lycees',
  });
  event('space:comite_rgpd', 'carol', 'Comité RGPD trimestriel', at(3, 10), at(3, 12), {
    location: 'Salle Garonne',
    attendees: ['carol', 'alice', 'lgarnier'],
  });
  event('alice', 'alice', 'Formation accessibilité numérique', at(4, 0), at(5, 0), { allDay: true });
}
