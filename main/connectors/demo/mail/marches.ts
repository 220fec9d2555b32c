// Public procurement: each consultation moves through its steps over the weeks, from the notice to the
// kick-off meeting, with the buyer, the legal department and the suppliers.
import { formatDay, formatHour } from '../time';
import type { MailContext, MailSpec, ThreadSpec } from './plan';

interface Consultation {
  number: string;
  subject: string;
  short: string;
  /** Working days since the notice was published. */
  startedAgo: number;
  /** How many of the steps have happened. */
  steps: number;
  candidates: string[];
  amount: string;
  /** Candidates' questions and the answers Camille drafts. */
  questions: [question: string, answer: string][];
}

const consultations = (year: number): Consultation[] => [
  {
    number: `${year}-DN-014`,
    subject: 'hébergement souverain des applications régionales',
    short: 'hébergement souverain',
    startedAgo: 62,
    steps: 6,
    candidates: ['Occitel Solutions', 'Nuage Occitan', 'Datacentre du Midi'],
    amount: '1,8 M€ HT sur quatre ans',
    questions: [
      [
        'la réversibilité des données en fin de marché est-elle à chiffrer dans le prix global ?',
        'oui, elle est incluse dans le prix global (article 7 du CCTP) ;',
      ],
      [
        'les centres de données doivent-ils être situés en France ?',
        'oui, et qualifiés SecNumCloud, comme le précise l’article 4.1 ;',
      ],
      [
        'une visite des salles techniques actuelles est-elle prévue ?',
        'non, les schémas d’architecture figurent en annexe 3.',
      ],
    ],
  },
  {
    number: `${year}-DN-021`,
    subject: 'fourniture de 4 000 ordinateurs portables pour les lycées',
    short: 'ordinateurs portables lycées',
    startedAgo: 48,
    steps: 5,
    candidates: ['Informatique Sud Distribution', 'ReConditionnés d’Oc', 'Groupe Médiane'],
    amount: '2,4 M€ HT',
    questions: [
      [
        'les ordinateurs reconditionnés sont-ils admis ?',
        'oui, pour le lot 2, sous réserve d’une garantie de trois ans ;',
      ],
      [
        'la livraison se fait-elle dans chaque lycée ou sur un site central ?',
        'dans chaque lycée, selon le calendrier de l’annexe 2 ;',
      ],
      ['le masterisage est-il à la charge du titulaire ?', 'oui, à partir de l’image fournie par la Région.'],
    ],
  },
  {
    number: `${year}-DN-009`,
    subject: 'tierce maintenance applicative du portail des aides',
    short: 'TMA portail des aides',
    startedAgo: 85,
    steps: 6,
    candidates: ['Numeris Conseil', 'Logiciels du Sud-Ouest'],
    amount: '640 000 € HT sur trois ans',
    questions: [
      [
        'le code source du portail est-il consultable avant la remise des offres ?',
        'oui, sur demande, après signature d’un engagement de confidentialité ;',
      ],
      [
        'quel est le volume annuel de demandes d’évolution ?',
        'environ 300 jours-homme par an, indiqués à titre indicatif ;',
      ],
      [
        'une phase de réversibilité avec le titulaire sortant est-elle prévue ?',
        'oui, deux mois, décrits à l’article 9 du CCTP.',
      ],
    ],
  },
  {
    number: `${year}-DN-027`,
    subject: 'accompagnement à la mise en conformité RGPD',
    short: 'accompagnement RGPD',
    startedAgo: 30,
    steps: 4,
    candidates: ['Numeris Conseil', 'Cabinet Garrigue Avocats', 'Privacité'],
    amount: '180 000 € HT',
    questions: [
      ['combien de traitements sont inscrits au registre ?', 'cent quarante-deux à ce jour ;'],
      [
        'des analyses d’impact (AIPD) sont-elles à réaliser ?',
        'oui, au moins six sur la durée du marché, sur bons de commande ;',
      ],
      [
        'la prestation de DPO externalisé est-elle attendue ?',
        'non, la Région dispose d’une déléguée à la protection des données.',
      ],
    ],
  },
  {
    number: `${year}-DN-032`,
    subject: 'fourniture et pose de bornes Wi-Fi dans les lycées',
    short: 'bornes Wi-Fi lycées',
    startedAgo: 18,
    steps: 2,
    candidates: ['Réseaux Pyrénées', 'Occitel Solutions'],
    amount: '950 000 € HT',
    questions: [
      [
        'les lycées disposent-ils d’un câblage de catégorie 6 ?',
        'la liste des établissements et de leur câblage figure en annexe 4 ;',
      ],
      [
        'les travaux peuvent-ils avoir lieu pendant les cours ?',
        'non, uniquement pendant les vacances scolaires et le mercredi après-midi ;',
      ],
      ['la supervision des bornes est-elle incluse ?', 'oui, pendant toute la durée de la garantie.'],
    ],
  },
  {
    number: `${year}-DN-005`,
    subject: 'licences et hébergement d’une solution de visioconférence souveraine',
    short: 'visioconférence souveraine',
    startedAgo: 110,
    steps: 6,
    candidates: ['Occitel Solutions', 'Visio Libre'],
    amount: '220 000 € HT par an',
    questions: [
      ['combien de participants simultanés faut-il prévoir ?', 'jusqu’à 3 000, dont 500 dans une même réunion ;'],
      ['l’accès depuis un navigateur sans installation est-il exigé ?', 'oui, c’est une exigence de l’article 3.2 ;'],
      ['l’enregistrement des réunions est-il attendu ?', 'oui, avec stockage en France et purge après trente jours.'],
    ],
  },
];

function steps(ctx: MailContext, c: Consultation): { daysAfter: number; thread: (at: Date) => MailSpec[] }[] {
  const code = c.number;
  const file = (prefix: string, ext = 'pdf') => `${prefix}_${code}.${ext}`;
  return [
    {
      daysAfter: 0,
      thread: () => [
        {
          from: 'julien',
          cc: ['celine'],
          subject: `Marché ${code} – ${c.subject} : publication de l’avis`,
          blocks: [
            `L’avis d’appel public à la concurrence pour le marché ${code} (${c.subject}) a été publié ce matin au BOAMP et au JOUE, ainsi que sur la plateforme de dématérialisation.`,
            `Montant estimé : ${c.amount}. La date limite de remise des offres est fixée à trente-cinq jours.`,
            'Les questions des candidats arriveront par la plateforme : je te les transmettrai au fil de l’eau pour les réponses techniques.',
          ],
          attachments: [
            [file('RC'), 210],
            [file('CCTP'), 540],
          ],
        },
      ],
    },
    {
      daysAfter: 9,
      thread: () => [
        {
          from: 'julien',
          subject: `Marché ${code} – questions des candidats`,
          blocks: [
            `Nous avons reçu ${c.questions.length} questions sur le marché ${c.short} :`,
            { list: c.questions.map(([question]) => question) },
            'Peux-tu me proposer des éléments de réponse d’ici vendredi ? Les réponses doivent être publiées au moins six jours avant la date limite.',
          ],
        },
        {
          from: 'camille',
          blocks: [
            'Voici mes propositions de réponses, dans l’ordre des questions :',
            { list: c.questions.map(([, answer]) => answer) },
            'Céline, peux-tu valider la formulation de la dernière réponse ?',
          ],
          cc: ['celine'],
        },
        {
          from: 'celine',
          to: ['camille', 'julien'],
          greeting: 'Bonjour,',
          blocks: [
            'La formulation me convient. Je suggère seulement de citer l’article précis du règlement de la consultation dans chaque réponse, pour éviter toute ambiguïté.',
          ],
        },
      ],
    },
    {
      daysAfter: 26,
      thread: (at) => {
        const opening = ctx.later(at, 3, 10, 0);
        return [
          {
            from: 'julien',
            to: ['camille', 'sophie'],
            subject: `Marché ${code} – ouverture des plis le ${formatDay(opening)}`,
            blocks: [
              `L’ouverture des plis du marché ${c.short} aura lieu le ${formatDay(opening)} à ${formatHour(opening)}, en visioconférence.`,
              `${c.candidates.length} offres ont été déposées dans les délais : ${c.candidates.join(', ')}.`,
            ],
          },
        ];
      },
    },
    {
      daysAfter: 34,
      thread: () => [
        {
          from: 'julien',
          subject: `Marché ${code} – rapport d’analyse des offres à valider`,
          blocks: [
            'Tu trouveras ci-joint le projet de rapport d’analyse des offres, avec la notation technique que tu nous as transmise et la notation financière.',
            `Au vu des critères (60 % valeur technique, 40 % prix), l’offre la mieux classée est celle de ${c.candidates[0]}.`,
            'Merci de me faire part de tes remarques avant la commission d’appel d’offres.',
          ],
          attachments: [
            [file('Rapport_analyse_offres', 'odt'), 186],
            [file('Grille_notation', 'ods'), 48],
          ],
          flagged: true,
        },
        {
          from: 'camille',
          blocks: [
            'J’ai relu le rapport : deux corrections mineures sur la notation du critère « niveau de service » (page 7), intégrées en mode suivi des modifications.',
            'Pour le reste, c’est bon pour moi.',
          ],
          attachments: [[file('Rapport_analyse_offres_relu', 'odt'), 190]],
        },
      ],
    },
    {
      daysAfter: 45,
      thread: () => [
        {
          from: 'julien',
          cc: ['sophie'],
          subject: `Marché ${code} – attribution et notification`,
          blocks: [
            `La commission d’appel d’offres a attribué le marché ${c.short} à ${c.candidates[0]}. Les candidats évincés ont été informés et le délai de suspension de onze jours est écoulé.`,
            'Le marché a été notifié ce jour : la date de notification fait courir les délais d’exécution.',
          ],
          attachments: [[file('Acte_engagement_signe'), 320]],
        },
      ],
    },
    {
      daysAfter: 52,
      thread: () => [
        {
          from: c.candidates[0] === 'Occitel Solutions' ? 'antoine' : 'mathieu',
          cc: ['julien'],
          subject: `Marché ${code} – réunion de lancement`,
          blocks: [
            `Suite à la notification du marché ${code}, nous vous proposons d’organiser la réunion de lancement dans les quinze jours.`,
            'Nous vous transmettrons le plan d’assurance qualité et le planning détaillé une semaine avant la réunion.',
            'Pourriez-vous nous indiquer vos disponibilités ?',
          ],
        },
        {
          from: 'camille',
          blocks: [
            'Merci pour votre message. Je vous propose mardi ou jeudi de la semaine prochaine, à 10 h, dans nos locaux de l’hôtel de Région à Toulouse ou en visioconférence.',
          ],
        },
      ],
    },
  ];
}

export function procurementMail(ctx: MailContext): ThreadSpec[] {
  return consultations(ctx.year).flatMap((consultation) =>
    steps(ctx, consultation)
      .slice(0, consultation.steps)
      .map((step) => {
        const at = ctx.ago(Math.max(consultation.startedAgo - step.daysAfter, 0), ctx.rng.int(8, 16));
        return { folder: 'marches' as const, at, mails: step.thread(at) };
      }),
  );
}
