// Everyday mail: invitations, training, office life, Camille's own messages and drafts, last year's archive,
// unwanted mail and the trash.
import { formatDay, formatDayMonth, formatHour, parisTime, workingDayFrom } from '../time';
import type { MailContext, MailSpec, ThreadSpec } from './plan';

const staff = { name: 'Agents de la Région', address: 'tous-agents@occitanie.demo' };

function officeLife(ctx: MailContext): ThreadSpec[] {
  const notices: [number, MailSpec][] = [
    [
      1,
      {
        from: 'emilie',
        to: [{ name: 'Direction du numérique', address: 'dnum-tous@occitanie.demo' }],
        greeting: 'Bonjour à toutes et à tous,',
        subject: 'Pot de départ de Jean-Pierre – vendredi 16 h',
        blocks: [
          'Après trente-deux ans au service de la Région, Jean-Pierre prend une retraite bien méritée !',
          'Nous vous attendons nombreux vendredi à 16 h dans la salle de convivialité du 2ᵉ étage. Une cagnotte est ouverte à l’accueil de la direction.',
        ],
      },
    ],
    [
      3,
      {
        from: { name: 'Réservation des salles', address: 'reservation-salles@occitanie.demo' },
        greeting: 'Bonjour,',
        subject: 'Confirmation de réservation – salle Garonne',
        blocks: [
          'Votre réservation de la salle Garonne (20 places, écran et visioconférence) est confirmée pour jeudi de 14 h à 16 h.',
          'Merci de libérer la salle à l’heure et de la laisser rangée.',
        ],
        closing: 'Service logistique',
        signature: ['Région Occitanie'],
        unread: false,
      },
    ],
    [
      5,
      {
        from: { name: 'Plateforme de formation', address: 'formation@occitanie.demo' },
        greeting: 'Bonjour Camille Durand,',
        subject: 'Inscription confirmée : « Rédiger un cahier des charges accessible »',
        blocks: [
          'Votre inscription à la formation « Rédiger un cahier des charges accessible » est confirmée. La session aura lieu sur deux demi-journées, en visioconférence.',
          'Le lien de connexion vous sera envoyé la veille.',
        ],
        closing: 'Le service formation',
        signature: ['Direction des ressources humaines, Région Occitanie'],
      },
    ],
    [
      10,
      {
        from: { name: 'Association des administrateurs territoriaux du numérique', address: 'contact@aatn.demo' },
        greeting: 'Madame,',
        subject: 'Invitation : rencontres régionales du numérique public',
        blocks: [
          'Nous avons le plaisir de vous inviter aux rencontres régionales du numérique public, qui se tiendront à Montpellier le mois prochain.',
          'Au programme : souveraineté des données, mutualisation entre collectivités, accessibilité et sobriété numérique. L’inscription est gratuite pour les agents publics.',
        ],
        closing: 'Bien cordialement,',
        signature: ['Le comité d’organisation'],
        html: true,
      },
    ],
    [
      14,
      {
        from: 'claire',
        to: [staff],
        greeting: 'Bonjour à toutes et à tous,',
        subject: 'Enquête : vos usages des outils collaboratifs',
        blocks: [
          'Afin d’améliorer les outils mis à votre disposition, nous lançons une courte enquête (cinq minutes) sur vos usages de la messagerie, des conversations et des espaces documentaires.',
          'Vos réponses sont anonymes. Merci d’avance pour votre participation !',
        ],
        unread: false,
      },
    ],
    [
      23,
      {
        from: 'emilie',
        subject: 'Note de frais – déplacement à Rodez',
        blocks: [
          'Ta note de frais pour le déplacement au lycée Causses-et-Vallées a été validée. Le remboursement apparaîtra sur ta prochaine paie.',
          'Pense à joindre les justificatifs de péage la prochaine fois.',
        ],
        unread: false,
      },
    ],
    [
      29,
      {
        from: 'vincent',
        subject: 'Ton nouveau poste de travail est prêt',
        blocks: [
          'Ton nouveau poste portable est prêt. Je peux passer l’installer mardi matin : la migration de tes fichiers prendra environ une heure.',
          'Pense à fermer toutes tes applications avant mon arrivée.',
        ],
        unread: false,
      },
    ],
  ];
  return notices.map(([daysAgo, mail]) => ({ folder: 'inbox', at: ctx.ago(daysAgo), mails: [mail] }));
}

function ownMessages(ctx: MailContext): ThreadSpec[] {
  const sent: [number, MailSpec][] = [
    [
      2,
      {
        from: 'camille',
        to: ['thomas'],
        subject: 'Planning de déploiement Wi-Fi – lot 2',
        blocks: [
          'Voici le planning du lot 2 mis à jour après l’échange avec le prestataire. J’ai décalé les lycées de l’Aude de trois semaines et avancé ceux des Pyrénées-Orientales.',
          'Peux-tu vérifier que les dates ne tombent pas pendant les épreuves du baccalauréat ?',
        ],
        attachments: [['Planning_deploiement_Wifi_lot2.ods', 54]],
      },
    ],
    [
      6,
      {
        from: 'camille',
        to: ['emilie'],
        subject: 'Réservation de salle pour le comité RGPD',
        blocks: [
          'Pourrais-tu réserver la salle Garonne pour le prochain comité RGPD, jeudi de 14 h à 16 h, avec la visioconférence ? Nous serons une douzaine.',
        ],
        closing: 'Merci beaucoup,',
      },
    ],
    [
      11,
      {
        from: 'camille',
        to: ['antoine'],
        subject: 'Compte rendu de la réunion du 3 – hébergement',
        blocks: [
          'Vous trouverez ci-joint le compte rendu de notre réunion de suivi. Les actions à votre charge :',
          {
            list: [
              'transmettre le rapport de disponibilité du trimestre ;',
              'proposer une date pour le test de restauration des sauvegardes ;',
              'mettre à jour la matrice des responsabilités.',
            ],
          },
        ],
        attachments: [['CR_reunion_suivi_hebergement.odt', 36]],
      },
    ],
    [
      20,
      {
        from: 'camille',
        to: ['sophie'],
        subject: 'Congés d’été',
        blocks: [
          'Je souhaiterais poser mes congés d’été du 28 juillet au 15 août. Thomas assurera mon intérim sur les sujets urgents.',
          'La demande est saisie dans l’application de gestion des temps.',
        ],
        closing: 'Bien cordialement,',
      },
    ],
    [
      25,
      {
        from: 'camille',
        to: ['nadia'],
        subject: 'Relance : fiches du registre à valider',
        blocks: [
          'Il reste deux fiches du registre en attente de ta validation (ENT des lycées et bourses régionales). Peux-tu y jeter un œil avant le comité ?',
        ],
      },
    ],
  ];
  const drafts: MailSpec[] = [
    {
      from: 'camille',
      to: ['guillaume'],
      cc: ['sophie'],
      subject: 'Fiche – déplacement au lycée des Garrigues',
      blocks: [
        'Vous trouverez ci-dessous les éléments pour votre déplacement :',
        {
          list: [
            'le lycée des Garrigues accueille 1 240 élèves et 110 enseignants ;',
            '64 bornes Wi-Fi installées pendant les vacances de printemps ;',
            'investissement de la Région : [à compléter avec Marc]',
          ],
        },
      ],
      closing: 'Bien cordialement,',
    },
    {
      from: 'camille',
      to: ['lea'],
      subject: 'RE : Atelier de sensibilisation RGPD des référents',
      blocks: [
        'Merci pour votre proposition. La première date nous conviendrait, sous réserve de la disponibilité de la salle. Je reviens vers vous',
      ],
      closing: '',
      signature: [],
    },
    {
      from: 'camille',
      to: ['marc'],
      subject: 'Crédits non consommés – programme Applications métier',
      blocks: ['Suite à votre message, voici les crédits qui ne seront pas consommés d’ici la fin de l’exercice :'],
      closing: '',
      signature: [],
    },
    {
      from: 'camille',
      to: ['anne'],
      subject: 'Interlocuteur inclusion numérique',
      blocks: [
        'Pour la rencontre sur l’inclusion numérique, l’interlocutrice de la Région sera Aurélie Nicolas, chargée de mission, en lien avec la direction de l’action territoriale.',
      ],
      closing: 'Bien cordialement,',
    },
  ];
  return [
    ...sent.map(([daysAgo, mail]): ThreadSpec => ({ folder: 'sent', at: ctx.ago(daysAgo), mails: [mail] })),
    ...drafts.map((mail, index): ThreadSpec => ({ folder: 'drafts', at: ctx.ago(index), mails: [mail] })),
  ];
}

function lastYear(ctx: MailContext): ThreadSpec[] {
  const year = ctx.year - 1;
  const at = (month: number, day: number, hour: number) => parisTime(workingDayFrom({ year, month, day }), hour, 12);
  const old: [Date, MailSpec][] = [
    [
      at(2, 12, 10),
      {
        from: 'sophie',
        subject: `Feuille de route de la Direction du numérique ${year}`,
        blocks: ['Vous trouverez ci-joint la feuille de route validée par le directeur général des services.'],
        attachments: [[`Feuille_de_route_DNUM_${year}.pdf`, 780]],
      },
    ],
    [
      at(3, 18, 14),
      {
        from: 'thomas',
        subject: 'Lancement du programme Lycées connectés',
        blocks: [
          'Le programme est officiellement lancé ! Premier COPIL le mois prochain. Je compte sur toi pour le suivi budgétaire et juridique.',
        ],
      },
    ],
    [
      at(4, 9, 9),
      {
        from: 'julien',
        subject: 'Bilan des marchés notifiés',
        blocks: [
          `Voici le bilan des marchés notifiés par la Direction du numérique en ${year - 1} : 23 marchés, 11,2 M€ HT.`,
        ],
        attachments: [[`Bilan_marches_${year - 1}.ods`, 64]],
      },
    ],
    [
      at(5, 22, 11),
      {
        from: 'nadia',
        subject: 'Cinq ans du RGPD : bilan de la Région',
        blocks: [
          'Pour les cinq ans de ma prise de fonction, je vous partage le bilan : 142 traitements inscrits au registre, 18 AIPD, 96 demandes d’exercice de droits traitées.',
        ],
        html: true,
      },
    ],
    [
      at(6, 27, 15),
      {
        from: 'claire',
        subject: 'Photos de la journée « Numérique responsable »',
        blocks: [
          'Les photos de la journée sont disponibles dans l’espace de la communication. Merci encore pour ton intervention !',
        ],
      },
    ],
    [
      at(7, 4, 9),
      {
        from: 'manon',
        subject: 'Votre demande de formation',
        blocks: [
          'Votre demande de formation « Piloter un projet numérique » a été acceptée. La session aura lieu en octobre.',
        ],
      },
    ],
    [
      at(9, 8, 8),
      {
        from: 'isabelle',
        subject: 'Rentrée : premiers retours sur le Wi-Fi',
        blocks: [
          'Les enseignants sont ravis du nouveau réseau Wi-Fi : les cours avec tablettes se déroulent enfin sans coupure. Merci à toute l’équipe !',
        ],
      },
    ],
    [
      at(10, 15, 16),
      {
        from: 'marc',
        subject: `Budget primitif ${year + 1} : calendrier`,
        blocks: [
          `Le calendrier de préparation du budget primitif ${year + 1} est joint. Les conférences budgétaires auront lieu en novembre.`,
        ],
        attachments: [[`Calendrier_BP_${year + 1}.pdf`, 102]],
      },
    ],
    [
      at(11, 20, 10),
      {
        from: 'laurent',
        subject: 'Bilan de l’audit de sécurité',
        blocks: [
          'L’audit de sécurité du portail des aides n’a relevé aucune vulnérabilité critique. Trois recommandations de niveau moyen sont à traiter avant la fin de l’année.',
        ],
      },
    ],
    [
      at(12, 18, 17),
      {
        from: 'sophie',
        to: [{ name: 'Direction du numérique', address: 'dnum-tous@occitanie.demo' }],
        greeting: 'Bonjour à toutes et à tous,',
        subject: 'Merci pour cette année',
        blocks: [
          'Avant les fêtes, je tiens à vous remercier pour votre engagement cette année : Lycées connectés, portail des aides, billettique, sécurité… Les résultats sont là.',
          'Je vous souhaite de belles fêtes de fin d’année.',
        ],
      },
    ],
  ];
  return old.map(([when, mail]) => ({ folder: 'archiveYear', at: when, mails: [{ ...mail, unread: false }] }));
}

function unwanted(ctx: MailContext): ThreadSpec[] {
  const junk: [number, MailSpec][] = [
    [
      2,
      {
        from: { name: 'Service Colis', address: 'suivi@colis-livraison.demo' },
        greeting: 'Bonjour,',
        subject: 'Votre colis est en attente : frais de réexpédition de 1,99 €',
        blocks: [
          'Votre colis n’a pas pu être livré. Veuillez régler les frais de réexpédition pour programmer une nouvelle livraison.',
        ],
        closing: '',
        signature: [],
      },
    ],
    [
      9,
      {
        from: { name: 'Webinaires Experts Cloud', address: 'events@experts-cloud.demo' },
        greeting: 'Madame,',
        subject: 'Dernières places : réussir votre migration vers le cloud en 45 minutes',
        blocks: ['Inscrivez-vous dès maintenant à notre webinaire exclusif réservé aux décideurs publics.'],
        closing: '',
        signature: [],
        html: true,
      },
    ],
    [
      17,
      {
        from: { name: 'Messagerie', address: 'admin@messagerie-quota.demo' },
        greeting: 'Cher utilisateur,',
        subject: 'Votre boîte aux lettres a atteint 99 % de son quota',
        blocks: ['Cliquez ici pour augmenter votre quota immédiatement, faute de quoi vos messages seront supprimés.'],
        closing: '',
        signature: [],
      },
    ],
  ];
  const trash: [number, MailSpec][] = [
    [
      4,
      {
        from: { name: 'Salon des collectivités connectées', address: 'info@salon-collectivites.demo' },
        greeting: 'Madame,',
        subject: 'Votre badge pour le Salon des collectivités connectées',
        blocks: ['Retrouvez plus de 200 exposants et 40 conférences. Téléchargez votre badge gratuit.'],
        closing: 'L’équipe du salon',
        signature: [],
      },
    ],
    [
      12,
      {
        from: 'emilie',
        to: [{ name: 'Direction du numérique', address: 'dnum-tous@occitanie.demo' }],
        greeting: 'Bonjour à tous,',
        subject: 'Réunion d’équipe décalée',
        blocks: ['La réunion d’équipe de jeudi est décalée à vendredi 10 h, même salle.'],
      },
    ],
    [
      16,
      {
        from: { name: 'Abonnements presse', address: 'presse@abonnements-pro.demo' },
        greeting: 'Bonjour,',
        subject: 'Offre spéciale : -50 % sur votre abonnement à la Gazette du numérique',
        blocks: ['Profitez de notre offre réservée aux agents publics.'],
        closing: '',
        signature: [],
      },
    ],
    [
      30,
      {
        from: 'vincent',
        subject: 'Intervention reportée',
        blocks: ['Désolé, je dois reporter l’installation de ton poste à la semaine prochaine.'],
      },
    ],
  ];
  return [
    ...junk.map(([daysAgo, mail]): ThreadSpec => ({ folder: 'junk', at: ctx.ago(daysAgo), mails: [mail] })),
    ...trash.map(([daysAgo, mail]): ThreadSpec => ({
      folder: 'trash',
      at: ctx.ago(daysAgo),
      mails: [{ ...mail, unread: false }],
    })),
  ];
}

const headlines = [
  'Lycées connectés : la Région a équipé son 40ᵉ établissement en Wi-Fi (La Dépêche du Midi)',
  'liO : fréquentation record sur la ligne Toulouse – Montauban (Actu Toulouse)',
  'Fibre optique : le Lot et l’Aveyron rattrapent leur retard (Centre Presse)',
  'Cybersécurité : les collectivités d’Occitanie se préparent (Midi Libre)',
  'Budget : la Région maintient ses investissements dans les lycées (La Gazette des communes)',
  'Inclusion numérique : 120 conseillers numériques sur le territoire (L’Indépendant)',
  'Ordinateurs reconditionnés : une seconde vie pour le matériel des lycées (France 3 Occitanie)',
  'Open data : les horaires des cars liO accessibles en temps réel (Le Petit Journal)',
  'Commission permanente : 48 M€ d’aides votés (La Dépêche du Midi)',
  'Numérique responsable : la Région adopte sa feuille de route (Objectif Languedoc-Roussillon)',
  'Visioconférence : la Région choisit une solution hébergée en France (Acteurs publics)',
  'Sète : le lycée du Littoral inaugure son laboratoire de fabrication numérique (Midi Libre)',
  'Données personnelles : la Région renforce la protection des usagers du TER (Actu Montpellier)',
  'Castelnaudary : des tablettes pour les élèves de la voie professionnelle (L’Indépendant)',
  'Emploi : le numérique recrute en Occitanie (La Tribune Toulouse)',
];

function pressReview(ctx: MailContext): ThreadSpec[] {
  return Array.from({ length: 30 }, (_, day) => {
    const at = ctx.ago(day, 8, 5);
    const items = [0, 1, 2].map((offset) => headlines[(day * 4 + offset * 7) % headlines.length] ?? '');
    return {
      folder: day < 10 ? 'inbox' : 'archive',
      at,
      mails: [
        {
          from: { name: 'Revue de presse', address: 'revue-de-presse@occitanie.demo' },
          to: [staff],
          greeting: 'Bonjour,',
          subject: `Revue de presse régionale du ${formatDay(at)}`,
          html: true,
          blocks: [
            'À la une ce matin :',
            { list: items },
            'Les articles complets sont disponibles sur l’intranet, rubrique « Revue de presse ».',
          ],
          closing: 'Bonne lecture,',
          signature: ['Direction de la communication, Région Occitanie'],
          unread: day === 0 ? undefined : false,
        },
      ],
    };
  });
}

const documentsToSign: [string, string][] = [
  ['Bon de commande BC-0417', 'licences de bureautique en ligne'],
  ['Bon de commande BC-0432', 'casques de visioconférence'],
  ['Ordre de service n° 3', 'marché de tierce maintenance applicative'],
  ['Bon de commande BC-0458', 'bornes Wi-Fi de remplacement'],
  ['Convention de stage', 'stagiaire développeuse, M2 informatique'],
  ['Bon de commande BC-0471', 'formation à l’accessibilité numérique'],
  ['Procès-verbal de réception', 'déploiement Wi-Fi du lycée Garonne'],
  ['Bon de commande BC-0489', 'certificats de sécurité des serveurs'],
];

function signatureBook(ctx: MailContext): ThreadSpec[] {
  return documentsToSign.map(([document, object], index) => ({
    folder: 'inbox',
    at: ctx.ago(index * 5, 7, 30),
    mails: [
      {
        from: { name: 'Parapheur électronique', address: 'parapheur@occitanie.demo' },
        greeting: 'Bonjour,',
        subject: `[Parapheur] ${document} à viser – ${object}`,
        blocks: [
          `Le document « ${document} – ${object} » est en attente de votre visa dans le parapheur électronique.`,
          'Il sera transmis au signataire suivant dès votre validation.',
        ],
        closing: 'Ce message est envoyé automatiquement, merci de ne pas y répondre.',
        signature: [],
        unread: index === 0 ? true : false,
      },
    ],
  }));
}

function invitations(ctx: MailContext): ThreadSpec[] {
  const meetings: [number, string, 'thomas' | 'olivier' | 'nadia' | 'aurelie' | 'mathieu', string][] = [
    [1, 'Point d’étape déploiement Wi-Fi lot 2', 'thomas', 'Salle Garonne et visioconférence'],
    [4, 'Recette billettique liO – bilan', 'olivier', 'Visioconférence'],
    [8, 'Comité RGPD trimestriel', 'nadia', 'Salle du Capitole'],
    [15, 'Préparation du dossier FEDER', 'aurelie', 'Bureau 312, bâtiment B'],
    [21, 'Atelier de conception – nouveau portail des aides', 'mathieu', 'Locaux de Numeris Conseil, Toulouse'],
  ];
  return meetings.map(([daysAgo, title, organizer, place]) => {
    const at = ctx.ago(daysAgo);
    const meeting = ctx.later(at, 3, 10, 0);
    return {
      folder: 'inbox',
      at,
      mails: [
        {
          from: organizer,
          subject: `Invitation : ${title} – ${formatDayMonth(meeting)} à ${formatHour(meeting)}`,
          greeting: 'Bonjour,',
          blocks: [
            `Vous êtes invitée à la réunion « ${title} », le ${formatDay(meeting)} de ${formatHour(meeting)} à ${formatHour(new Date(meeting.getTime() + 90 * 60_000))}.`,
            `Lieu : ${place}.`,
            'Merci d’accepter ou de refuser l’invitation depuis votre agenda.',
          ],
          unread: daysAgo <= 1 ? undefined : false,
        },
      ],
    };
  });
}

export function everydayMail(ctx: MailContext): ThreadSpec[] {
  return [
    ...officeLife(ctx),
    ...pressReview(ctx),
    ...signatureBook(ctx),
    ...invitations(ctx),
    ...ownMessages(ctx),
    ...lastYear(ctx),
    ...unwanted(ctx),
  ];
}
