// The regional council's cycle: monthly standing committees (commission permanente), plenary sessions,
// draft deliberations and their adoption.
import { formatDay, formatHour, formatMonth } from '../time';
import type { MailContext, ThreadSpec } from './plan';

const deliberations = (year: number) => [
  'Convention de partenariat avec les académies de Toulouse et de Montpellier pour l’équipement numérique des lycées',
  'Attribution de subventions au titre du dispositif « Territoires connectés »',
  `Schéma pluriannuel de mise en accessibilité numérique ${year}-${year + 2}`,
  'Tarification solidaire du réseau liO pour les demandeurs d’emploi',
  'Avenant n° 2 au marché de tierce maintenance applicative du portail des aides',
  'Programme FEDER-FSE+ : attribution d’aides au titre de l’axe « Numérique »',
  'Convention avec l’État relative au volet numérique du contrat de plan État-Région',
  'Adhésion de la Région à l’association des collectivités pour les logiciels libres',
  'Dotation d’équipements numériques aux centres de formation d’apprentis',
  'Règlement d’intervention « Inclusion numérique » : modification',
];

const SECRETARIAT = 'pauline';
const ELECTED_SERVICES = {
  name: 'Directeurs et chargés de mission rapporteurs',
  address: 'rapporteurs-cp@occitanie.demo',
};

function standingCommittees(ctx: MailContext): ThreadSpec[] {
  const topics = deliberations(ctx.year);
  const threads: ThreadSpec[] = [];
  for (let session = 0; session < 4; session++) {
    // Sessions roughly every four weeks; session 0 is the one coming up.
    const convocationAt = ctx.ago(3 + session * 20, 9, 0);
    const sessionAt = ctx.later(convocationAt, 8, 10, 0);
    const month = formatMonth(sessionAt);
    const reference = `CP/${sessionAt.toISOString().slice(0, 7)}`;
    const agenda = [0, 1, 2, 3].map((offset) => topics[(session * 3 + offset) % topics.length] ?? '');

    threads.push({
      folder: 'conseil',
      at: ctx.ago(10 + session * 20, 14, 0),
      mails: [
        {
          from: SECRETARIAT,
          to: [ELECTED_SERVICES],
          greeting: 'Madame, Monsieur,',
          subject: `Commission permanente de ${month} : dépôt des projets de délibération`,
          blocks: [
            `Les projets de délibération destinés à la commission permanente du ${formatDay(sessionAt)} doivent être déposés dans l’application de gestion des assemblées au plus tard dans cinq jours ouvrés, à midi.`,
            'Chaque projet doit être accompagné de son rapport de présentation, de l’avis de la direction des finances lorsqu’il a une incidence budgétaire et, le cas échéant, de la convention annexée.',
          ],
          unread: false,
        },
      ],
    });

    threads.push({
      folder: 'conseil',
      at: convocationAt,
      mails: [
        {
          from: SECRETARIAT,
          to: [ELECTED_SERVICES],
          greeting: 'Madame, Monsieur,',
          subject: `Convocation – Commission permanente du ${formatDay(sessionAt)}`,
          html: true,
          blocks: [
            `La commission permanente se réunira le ${formatDay(sessionAt)} à ${formatHour(sessionAt)}, salle de l’Assemblée, hôtel de Région, Toulouse. La séance sera retransmise en direct sur le site de la Région.`,
            'Rapports de la Direction du numérique inscrits à l’ordre du jour :',
            { list: agenda.map((title, index) => `${reference}/${String(index + 12).padStart(2, '0')} – ${title}`) },
            'Les rapporteurs sont invités à se tenir disponibles pendant toute la durée de la séance.',
          ],
          attachments: [[`Ordre_du_jour_${reference.replace('/', '_')}.pdf`, 156 + session * 11]],
          flagged: session === 0 ? true : undefined,
        },
      ],
    });

    if (session > 0) {
      threads.push({
        folder: 'conseil',
        at: ctx.later(sessionAt, 2, 16, 30),
        mails: [
          {
            from: SECRETARIAT,
            to: [ELECTED_SERVICES],
            greeting: 'Madame, Monsieur,',
            subject: `Délibérations adoptées – Commission permanente du ${formatDay(sessionAt)}`,
            blocks: [
              'Vous trouverez ci-dessous la liste des délibérations adoptées relevant de votre direction. Elles ont été transmises au contrôle de légalité et sont exécutoires dès leur publication.',
              {
                list: agenda
                  .slice(0, 3)
                  .map((title, index) => `${reference}/${String(index + 12).padStart(2, '0')} – ${title} : adoptée`),
              },
              `La délibération ${reference}/${String(15).padStart(2, '0')} a été reportée à une séance ultérieure.`,
            ],
            html: true,
            unread: false,
          },
        ],
      });
    }
  }
  return threads;
}

function plenarySessions(ctx: MailContext): ThreadSpec[] {
  return [0, 1].map((index) => {
    const at = ctx.ago(7 + index * 55, 11, 30);
    const sessionAt = ctx.later(at, 12, 9, 30);
    return {
      folder: 'conseil',
      at,
      mails: [
        {
          from: SECRETARIAT,
          to: [ELECTED_SERVICES],
          greeting: 'Madame, Monsieur,',
          subject: `Assemblée plénière du ${formatDay(sessionAt)} : calendrier de préparation`,
          blocks: [
            `L’Assemblée plénière se réunira le ${formatDay(sessionAt)} à ${formatHour(sessionAt)} à Montpellier.`,
            'Calendrier de préparation :',
            {
              list: [
                'J-20 : dépôt des rapports dans l’application de gestion des assemblées',
                'J-15 : examen en commissions sectorielles',
                'J-12 : envoi des rapports aux conseillers régionaux',
                'J-2 : réunion de préparation avec les rapporteurs',
              ],
            },
          ],
          unread: index === 0 ? undefined : false,
        },
      ],
    };
  });
}

function strategyReport(ctx: MailContext): ThreadSpec[] {
  const year = ctx.year;
  return [
    {
      folder: 'conseil',
      at: ctx.ago(14, 9, 20),
      mails: [
        {
          from: 'sophie',
          cc: ['guillaume'],
          subject: `Rapport à l’Assemblée : feuille de route du numérique responsable ${year}-${year + 3}`,
          blocks: [
            'Le vice-président souhaite présenter la feuille de route du numérique responsable lors de la prochaine Assemblée plénière.',
            'Pourriez-vous préparer le projet de rapport en vous appuyant sur le diagnostic réalisé au printemps ? Il faudrait une quinzaine de pages, avec un tableau des actions, des indicateurs et des coûts.',
            'Je souhaite une première version pour la fin de la semaine prochaine.',
          ],
          flagged: true,
        },
        {
          from: 'camille',
          after: 3,
          blocks: [
            'C’est noté. Je vous propose le plan suivant :',
            {
              list: [
                'le diagnostic : parc, usages, empreinte environnementale ;',
                'quatre axes : achats, allongement de la durée de vie, sobriété des services, sensibilisation ;',
                'le plan d’action chiffré et ses indicateurs ;',
                'la gouvernance et le calendrier.',
              ],
            },
            'Je prends contact avec la direction des finances pour le chiffrage.',
          ],
        },
        {
          from: 'sophie',
          after: 2,
          blocks: ['Ce plan me convient. Pensez à associer Claire pour la partie sensibilisation.'],
        },
        {
          from: 'camille',
          after: 60,
          cc: ['claire'],
          blocks: [
            'Vous trouverez ci-joint la première version du rapport. Les chiffrages sont provisoires dans l’attente du retour de Marc Fabre.',
          ],
          attachments: [[`Rapport_numerique_responsable_${year}_v1.odt`, 412]],
        },
        {
          from: 'guillaume',
          to: ['sophie', 'camille'],
          after: 26,
          greeting: 'Bonjour,',
          blocks: [
            'Merci pour ce travail de qualité. Deux demandes : ajouter un indicateur sur le nombre d’équipements reconditionnés remis aux associations, et une carte des lycées concernés par le plan.',
            'Je souhaite que le rapport soit prêt pour la réunion de groupe du mois prochain.',
          ],
          unread: true,
          flagged: true,
        },
      ],
    },
    {
      folder: 'conseil',
      at: ctx.ago(31, 15, 40),
      mails: [
        {
          from: SECRETARIAT,
          subject: 'Question écrite relative à la couverture Wi-Fi des lycées',
          greeting: 'Madame,',
          blocks: [
            'Un groupe d’élus a déposé une question écrite sur le calendrier de couverture Wi-Fi des lycées et le coût du programme.',
            'Pourriez-vous rédiger un projet de réponse d’une page, à valider par votre directrice, sous quinze jours ?',
          ],
          attachments: [['Question_ecrite_Wifi_lycees.pdf', 64]],
        },
        {
          from: 'camille',
          after: 48,
          cc: ['sophie', 'thomas'],
          blocks: [
            'Voici le projet de réponse validé par Sophie Martin. Les chiffres sont ceux du dernier comité de pilotage.',
          ],
          attachments: [['Reponse_question_ecrite_Wifi.odt', 38]],
        },
      ],
    },
  ];
}

export function assemblyMail(ctx: MailContext): ThreadSpec[] {
  return [...standingCommittees(ctx), ...plenarySessions(ctx), ...strategyReport(ctx)];
}
