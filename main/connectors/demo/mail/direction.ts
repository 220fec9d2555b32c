// Mail from inside the Direction du numérique: weekly meetings, steering committees, security, HR,
// the service desk, internal communication.
import { formatDay, formatDayMonth, formatHour } from '../time';
import type { MailContext, ThreadSpec } from './plan';

const TEAM = ['camille', 'thomas', 'romain', 'laurent', 'vincent', 'emilie'] as const;

const weeklyTopics = (next: number) => [
  'Lycées connectés : avancement du déploiement Wi-Fi (Thomas)',
  'Sécurité : retour sur la campagne de sensibilisation à l’hameçonnage (Laurent)',
  'Marché d’hébergement souverain : calendrier de la consultation (Camille)',
  'Centre de services : statistiques des tickets du mois (Vincent)',
  'Portail des aides : mise en production de la version 3.2 (Romain)',
  `Budget ${next} : arbitrages sur les fiches de demande`,
  'RGPD : mise à jour du registre des traitements (Camille)',
  'Transports liO : bascule de la billettique, Olivier Blanc invité',
  'Télétravail : nouvelles modalités de déclaration',
  'Préparation de la prochaine commission permanente',
  'Visioconférence souveraine : bilan du pilote',
  'Accessibilité numérique : schéma pluriannuel à publier',
];

function weeklyMeetings(ctx: MailContext): ThreadSpec[] {
  const topics = weeklyTopics(ctx.year + 1);
  return Array.from({ length: 16 }, (_, week) => {
    const at = ctx.mondayAgo(week, 8, ctx.rng.int(2, 40));
    const items = [0, 1, 2, 3].map((offset) => topics[(week * 3 + offset * 5) % topics.length] ?? '');
    const thread: ThreadSpec = {
      folder: week < 3 ? 'inbox' : 'archive',
      at,
      mails: [
        {
          from: 'sophie',
          to: [...TEAM],
          subject: `Point hebdomadaire DNUM – semaine du ${formatDayMonth(at)}`,
          html: true,
          blocks: [
            `Voici l’ordre du jour de notre point de ce matin, à 9 h 30 en salle Garonne (et en visio pour les collègues en télétravail) :`,
            { list: [...items, 'Tour de table et congés à venir'] },
            'Merci de m’envoyer vos éléments d’avancement avant 9 h si vous ne pouvez pas être présents.',
          ],
          closing: 'Bonne semaine à tous,',
          unread: week === 0 ? undefined : false,
        },
      ],
    };
    if (week === 1 || week === 6) {
      thread.mails.push({
        from: 'camille',
        to: ['sophie'],
        after: 1,
        blocks: [
          'Je serai en déplacement au lycée Garonne avec Thomas ce matin : je ne pourrai pas assister au point.',
          'Pour le registre RGPD, trois fiches de traitement ont été mises à jour cette semaine ; il reste celle du portail des aides, que je relis avec Nadia jeudi.',
        ],
        closing: 'Bonne réunion,',
      });
    }
    return thread;
  });
}

function steeringCommittees(ctx: MailContext): ThreadSpec[] {
  return [2, 12, 24, 36, 48, 60].map((daysAgo, index) => {
    const at = ctx.ago(daysAgo, 11, 15);
    const meeting = ctx.later(at, 6, 14, 0);
    return {
      folder: index < 2 ? 'inbox' : 'archive',
      at,
      mails: [
        {
          from: 'emilie',
          cc: ['sophie'],
          subject: `Convocation : comité de direction du ${formatDay(meeting)}`,
          blocks: [
            `Le prochain comité de direction de la Direction du numérique se tiendra le ${formatDay(meeting)} à ${formatHour(meeting)}, salle du Capitole (bâtiment B, 3ᵉ étage).`,
            'Vous trouverez ci-joint l’ordre du jour. Les supports de présentation sont à déposer dans l’espace « Direction du numérique » au plus tard la veille à midi.',
            'Merci de me confirmer votre présence.',
          ],
          attachments: [[`Ordre_du_jour_CODIR_${meeting.toISOString().slice(0, 10)}.pdf`, 84 + index * 7]],
          flagged: index === 0 ? true : undefined,
        },
      ],
    };
  });
}

function security(ctx: MailContext): ThreadSpec[] {
  const notices: [number, string, string[]][] = [
    [
      0,
      '[Sécurité] Alerte : courriels frauduleux imitant le service de paie',
      [
        'Depuis ce matin, plusieurs agents ont reçu un courriel se présentant comme le service de paie et invitant à « vérifier ses coordonnées bancaires » via un lien externe.',
        'Ce message est frauduleux. Ne cliquez pas sur le lien et ne saisissez aucun identifiant. Si vous l’avez fait, contactez immédiatement le centre de services au 05 36 49 10 40.',
        'Vous pouvez signaler tout message suspect avec le bouton « Signaler » de votre messagerie.',
      ],
    ],
    [
      9,
      '[Sécurité] Campagne de sensibilisation à l’hameçonnage : résultats',
      [
        'La campagne de sensibilisation menée le mois dernier auprès de 1 200 agents est terminée : 14 % des destinataires ont cliqué sur le lien piégé, contre 22 % l’an dernier.',
        'Un module d’autoformation de vingt minutes est désormais disponible sur la plateforme de formation. Je vous remercie de le relayer auprès de vos équipes.',
      ],
    ],
    [
      21,
      '[Sécurité] Mise à jour des postes de travail – redémarrage nécessaire',
      [
        'Une mise à jour de sécurité critique sera déployée ce soir sur l’ensemble des postes de travail.',
        'Merci de redémarrer votre poste avant de partir et de ne pas l’éteindre pendant l’installation, qui peut durer une quinzaine de minutes.',
      ],
    ],
    [
      33,
      '[Sécurité] Renouvellement des mots de passe des comptes de service',
      [
        'Dans le cadre de la politique de sécurité, les mots de passe des comptes de service applicatifs doivent être renouvelés avant la fin du mois.',
        'Les référents applicatifs recevront la liste des comptes concernés. Aucun mot de passe ne doit transiter par courriel : utilisez le coffre-fort de mots de passe de la direction.',
      ],
    ],
    [
      47,
      '[Sécurité] Exercice de gestion de crise cyber',
      [
        'Un exercice de gestion de crise cyber, organisé avec l’appui du CSIRT régional, aura lieu le mois prochain. Il simulera une attaque par rançongiciel sur le système d’information des lycées.',
        'Les membres de la cellule de crise recevront une convocation séparée. Les autres agents ne seront pas sollicités.',
      ],
    ],
    [
      58,
      '[Sécurité] Double authentification obligatoire pour l’accès à distance',
      [
        'À compter du 1er du mois prochain, l’accès au réseau de la Région depuis l’extérieur nécessitera une double authentification.',
        'Le guide d’enrôlement est joint à ce message. Le centre de services tiendra des permanences dans le hall du bâtiment A pour accompagner les agents.',
      ],
    ],
  ];
  return notices.map(([daysAgo, subject, blocks], index) => ({
    folder: 'inbox',
    at: ctx.ago(daysAgo, 9 + (index % 3), 10),
    mails: [
      {
        from: 'laurent',
        to: [{ name: 'Tous les agents de la Direction du numérique', address: 'dnum-tous@occitanie.demo' }],
        greeting: 'Bonjour à toutes et à tous,',
        subject,
        blocks,
        attachments: index === 5 ? [['Guide_double_authentification.pdf', 612]] : undefined,
        flagged: index === 0 ? true : undefined,
        unread: index === 0 ? true : undefined,
      },
    ],
  }));
}

function humanResources(ctx: MailContext): ThreadSpec[] {
  const year = ctx.year;
  return [
    {
      folder: 'inbox',
      at: ctx.ago(4, 10, 5),
      mails: [
        {
          from: 'manon',
          to: [{ name: 'Encadrants et agents du pôle ressources', address: 'pole-ressources@occitanie.demo' }],
          greeting: 'Bonjour à toutes et à tous,',
          subject: 'Télétravail : rappel des modalités de déclaration',
          blocks: [
            'Je vous rappelle que les jours de télétravail doivent être déclarés dans l’application de gestion des temps au plus tard le vendredi précédant la semaine concernée.',
            'Le télétravail reste plafonné à deux jours par semaine pour un temps plein, avec un jour de présence commun défini par chaque service.',
            'La charte du télétravail mise à jour est disponible dans l’espace documentaire RH.',
          ],
          attachments: [[`Charte_teletravail_${year}.pdf`, 356]],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(15, 14, 30),
      mails: [
        {
          from: 'manon',
          subject: 'Avenant à votre convention de télétravail',
          blocks: [
            'Votre demande de passage à deux jours de télétravail par semaine (mardi et jeudi) a reçu un avis favorable de votre responsable.',
            'Vous trouverez ci-joint l’avenant à votre convention. Merci de me le retourner signé, par courriel ou par le parapheur électronique.',
          ],
          attachments: [['Avenant_convention_teletravail_DURAND.pdf', 142]],
          flagged: true,
        },
        {
          from: 'camille',
          after: 20,
          blocks: ['Merci beaucoup. Je vous retourne l’avenant signé via le parapheur électronique dès ce matin.'],
          closing: 'Bien cordialement,',
        },
        {
          from: 'manon',
          after: 4,
          blocks: ['C’est bien reçu, merci. L’avenant prendra effet au 1er du mois prochain.'],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(27, 9, 45),
      mails: [
        {
          from: 'manon',
          to: [{ name: 'Agents de la Région', address: 'tous-agents@occitanie.demo' }],
          greeting: 'Madame, Monsieur,',
          subject: `Campagne des entretiens professionnels ${year}`,
          blocks: [
            `La campagne des entretiens professionnels ${year} est ouverte jusqu’à la fin du mois prochain.`,
            'Les comptes rendus sont à saisir dans le module dédié du portail RH. Un guide de l’évaluateur et un guide de l’agent sont disponibles en téléchargement.',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(39, 16, 0),
      mails: [
        {
          from: 'manon',
          to: [{ name: 'Agents de la Région', address: 'tous-agents@occitanie.demo' }],
          greeting: 'Madame, Monsieur,',
          subject: 'Jours de télétravail exceptionnels pendant l’épisode de forte chaleur',
          blocks: [
            'En raison de l’épisode de forte chaleur annoncé par Météo-France, les agents dont les missions le permettent sont autorisés à télétravailler jusqu’à vendredi, au-delà du quota habituel.',
            'Les agents présents sur site sont invités à adapter leurs horaires. Des bouteilles d’eau sont à disposition à l’accueil de chaque bâtiment.',
          ],
        },
      ],
    },
  ];
}

const tickets: [string, string][] = [
  [
    'Imprimante du 2ᵉ étage hors service',
    'Le technicien est intervenu : le module de fusion a été remplacé. L’imprimante est de nouveau opérationnelle.',
  ],
  [
    'Accès au dossier partagé « Marchés »',
    'Les droits d’accès en lecture et écriture ont été ajoutés à votre compte. Ils seront effectifs à votre prochaine connexion.',
  ],
  ['Écran secondaire non détecté', 'Le câble HDMI défectueux a été remplacé et le pilote graphique mis à jour.'],
  [
    'Installation de LibreOffice sur le poste portable',
    'LibreOffice 24.8 est désormais installé sur votre poste portable via le magasin d’applications.',
  ],
  [
    'Casque de visioconférence défectueux',
    'Un casque neuf vous attend à l’accueil du centre de services (bâtiment A, rez-de-chaussée).',
  ],
  [
    'Lenteurs de la messagerie',
    'Le ralentissement provenait d’une saturation du serveur de messagerie, corrigée dans la nuit. Merci de nous signaler tout nouveau problème.',
  ],
  ['Badge d’accès au parking', 'Votre badge a été réactivé. Il fonctionnera à nouveau dès demain matin.'],
  [
    'Réinitialisation du code PIN de la carte agent',
    'Votre code PIN a été réinitialisé. Le nouveau code provisoire vous a été transmis par SMS.',
  ],
  [
    'Demande de poste portable pour un stagiaire',
    'Le poste portable est prêt : il peut être retiré au centre de services à partir de lundi, sur présentation de la convention de stage.',
  ],
  [
    'Synchronisation de l’agenda sur le téléphone',
    'La configuration de votre téléphone a été corrigée : l’agenda se synchronise de nouveau.',
  ],
  [
    'Accès VPN impossible depuis le domicile',
    'Votre certificat VPN avait expiré. Un nouveau certificat a été déployé sur votre poste.',
  ],
  [
    'Création d’une liste de diffusion « COPIL Lycées connectés »',
    'La liste copil-lycees-connectes@occitanie.demo a été créée. Vous en êtes la gestionnaire.',
  ],
];

function serviceDesk(ctx: MailContext): ThreadSpec[] {
  return tickets.map(([subject, resolution], index) => {
    const number = 48_213 + index * 137;
    return {
      folder: 'inbox',
      at: ctx.ago(1 + index * 6, 10 + (index % 6), 20),
      mails: [
        {
          from: { name: 'Centre de services numériques', address: 'centre-de-services@occitanie.demo' },
          subject: `[Ticket n° ${number}] ${subject} – résolu`,
          greeting: 'Bonjour,',
          blocks: [
            `Votre demande n° ${number} « ${subject} » a été traitée par ${index % 2 ? 'Vincent Robert' : 'l’équipe de proximité'}.`,
            resolution,
            'Si le problème persiste, répondez simplement à ce message pour rouvrir la demande.',
          ],
          closing: 'Le centre de services numériques',
          signature: ['Tél. 05 36 49 10 40 – du lundi au vendredi, de 8 h à 18 h'],
          unread: false,
        },
      ],
    };
  });
}

function communication(ctx: MailContext): ThreadSpec[] {
  const issues = [
    {
      topic: 'Le numérique au service des lycéens',
      items: [
        'Lycées connectés : 42 établissements équipés en Wi-Fi depuis la rentrée',
        'Portrait : l’équipe du centre de services numériques',
        'Trois questions à Nadia Benali, déléguée à la protection des données',
        'Agenda : les prochains ateliers « Bien débuter avec la visio »',
      ],
    },
    {
      topic: 'Mobilités : liO passe au numérique',
      items: [
        'Le titre de transport liO bientôt sur smartphone',
        'Open data : les horaires du réseau liO publiés en temps réel',
        'Retour en images sur la journée « Numérique responsable »',
      ],
    },
    {
      topic: 'Sobriété numérique',
      items: [
        'Dix gestes simples pour réduire l’empreinte de nos messageries',
        'Reconditionnement : 3 000 ordinateurs des lycées ont trouvé une seconde vie',
        'Le schéma d’accessibilité numérique adopté en commission permanente',
      ],
    },
    {
      topic: 'Données publiques',
      items: [
        'Le portail open data de la Région fait peau neuve',
        'Hackathon « Données et territoires » : les lauréats',
        'RGPD : ce qui change pour les formulaires en ligne',
      ],
    },
  ];
  const letters: ThreadSpec[] = issues.map((issue, index) => ({
    folder: index === 0 ? 'inbox' : index < 3 ? 'archive' : 'trash',
    at: ctx.ago(3 + index * 20, 11, 0),
    mails: [
      {
        from: { name: 'La Lettre du numérique', address: 'lettre-numerique@occitanie.demo' },
        to: [{ name: 'Agents de la Région', address: 'tous-agents@occitanie.demo' }],
        subject: `La Lettre du numérique n° ${38 - (issues.length - index)} – ${issue.topic}`,
        greeting: 'Bonjour,',
        html: true,
        blocks: [
          'Au sommaire de ce numéro :',
          { list: issue.items },
          'Bonne lecture ! Vos idées de sujets sont les bienvenues : écrivez à lettre-numerique@occitanie.demo.',
        ],
        closing: 'L’équipe de la communication interne',
        signature: ['Direction de la communication, Région Occitanie'],
        unread: index === 0 ? true : false,
      },
    ],
  }));
  return [
    ...letters,
    {
      folder: 'inbox',
      at: ctx.ago(8, 15, 10),
      mails: [
        {
          from: 'claire',
          subject: 'Article sur le projet Lycées connectés pour l’intranet',
          blocks: [
            'Nous préparons un article sur le déploiement du Wi-Fi dans les lycées pour la une de l’intranet.',
            'Pourrais-tu me transmettre quelques chiffres clés (nombre d’établissements, de bornes, calendrier) et, si possible, une photo prise lors d’une installation ?',
          ],
        },
        {
          from: 'camille',
          after: 3,
          blocks: [
            'Avec plaisir. Je te transmets ci-joint la fiche de synthèse validée au dernier COPIL : 42 lycées équipés, 1 850 bornes installées, fin du déploiement prévue en juin.',
            'Pour la photo, Thomas en a pris au lycée Garonne : je lui demande de te les envoyer.',
          ],
          attachments: [['Synthese_Lycees_connectes_COPIL.pdf', 298]],
        },
        {
          from: 'claire',
          after: 2,
          blocks: ['Parfait, merci ! Je te soumets le texte avant publication.'],
        },
      ],
    },
  ];
}

function development(ctx: MailContext): ThreadSpec[] {
  return [
    {
      folder: 'inbox',
      at: ctx.ago(1, 17, 45),
      mails: [
        {
          from: 'romain',
          to: ['camille', 'sophie', 'vincent'],
          subject: 'Mise en production du portail des aides 3.2 – jeudi soir',
          blocks: [
            'La version 3.2 du portail des aides sera mise en production jeudi à partir de 19 h. Le portail sera indisponible environ une heure.',
            'Principales nouveautés :',
            {
              list: [
                'dépôt des pièces justificatives par glisser-déposer',
                'suivi de l’instruction en temps réel pour les porteurs de projet',
                'formulaires conformes au RGAA 4.1',
              ],
            },
            'Le bandeau d’information sera affiché sur le portail dès demain.',
          ],
          html: true,
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(11, 10, 30),
      mails: [
        {
          from: 'romain',
          subject: 'Question sur la durée de conservation des pièces justificatives',
          blocks: [
            'Pour le portail des aides, nous devons paramétrer la purge automatique des pièces justificatives.',
            'Sais-tu quelle durée de conservation a été retenue dans le registre des traitements ? Je lis « durée de l’instruction + 10 ans » mais je préfère vérifier avec toi avant de coder quoi que ce soit.',
          ],
        },
        {
          from: 'camille',
          after: 2,
          blocks: [
            'Bonne question : c’est bien dix ans après le versement du solde de l’aide, pour les contrôles de la chambre régionale des comptes et, pour les aides européennes, la durée fixée par le règlement FEDER.',
            'Je mets Nadia en copie pour qu’elle confirme.',
          ],
          cc: ['nadia'],
        },
        {
          from: 'nadia',
          to: ['romain', 'camille'],
          after: 5,
          blocks: [
            'Je confirme : dix ans après le versement du solde. Pour les dossiers rejetés, en revanche, la conservation est limitée à deux ans après la décision.',
            'Pensez à prévoir une purge distincte pour ces deux cas.',
          ],
          greeting: 'Bonjour à tous les deux,',
        },
      ],
    },
    {
      folder: 'archive',
      at: ctx.ago(45, 9, 10),
      mails: [
        {
          from: 'romain',
          subject: 'Migration du serveur de fichiers – week-end prochain',
          blocks: [
            'La migration du serveur de fichiers de la direction aura lieu samedi. Les dossiers partagés seront en lecture seule à partir de vendredi 17 h.',
            'Rien à faire de ton côté, les raccourcis seront mis à jour automatiquement.',
          ],
          unread: false,
        },
      ],
    },
  ];
}

export function directionMail(ctx: MailContext): ThreadSpec[] {
  return [
    ...weeklyMeetings(ctx),
    ...steeringCommittees(ctx),
    ...security(ctx),
    ...humanResources(ctx),
    ...serviceDesk(ctx),
    ...communication(ctx),
    ...development(ctx),
  ];
}
