// The « Lycées connectés » programme: Wi-Fi roll-out, equipment, incidents reported by the schools, steering
// committees.
import type { PersonKey } from '../people';
import { formatDay, formatHour } from '../time';
import type { MailContext, ThreadSpec } from './plan';

interface School {
  name: string;
  city: string;
  contact: PersonKey;
  buildings: string[];
}

const schools: School[] = [
  { name: 'lycée des Garrigues', city: 'Nîmes', contact: 'isabelle', buildings: ['A', 'C', 'internat'] },
  { name: 'lycée Canal-du-Midi', city: 'Castelnaudary', contact: 'patrick', buildings: ['B', 'ateliers'] },
  { name: 'lycée Garonne', city: 'Toulouse', contact: 'sandrine', buildings: ['principal', 'CDI', 'D'] },
  { name: 'lycée Causses-et-Vallées', city: 'Rodez', contact: 'karim', buildings: ['sciences', 'E'] },
];

function incidents(ctx: MailContext): ThreadSpec[] {
  return schools.flatMap((school, index) => {
    const building = school.buildings[index % school.buildings.length] ?? 'A';
    return [
      {
        folder: 'lycees' as const,
        at: ctx.ago(2 + index * 9, 8, 40),
        mails: [
          {
            from: school.contact,
            cc: ['thomas'],
            subject: `${capitalise(school.name)} (${school.city}) : Wi-Fi hors service au bâtiment ${building}`,
            blocks: [
              `Depuis ce matin, le réseau Wi-Fi ne fonctionne plus dans le bâtiment ${building}. Les enseignants ne peuvent pas utiliser les tablettes ni accéder à l’ENT en classe.`,
              'Le technicien de l’établissement a redémarré les bornes sans succès. Les épreuves d’entraînement au baccalauréat commencent la semaine prochaine : pourriez-vous intervenir rapidement ?',
            ],
            flagged: index === 0 ? true : undefined,
          },
          {
            from: 'camille',
            after: 1,
            cc: ['thomas', 'vincent'],
            blocks: [
              'Merci pour votre signalement. Un ticket a été ouvert auprès du centre de services et le prestataire de maintenance a été sollicité en priorité haute.',
              'Un technicien devrait intervenir dans les quarante-huit heures. Je vous tiens informée.',
            ],
          },
          {
            from: school.contact,
            after: 30,
            blocks: [
              'Le technicien est passé ce matin : un commutateur défectueux a été remplacé et le Wi-Fi fonctionne de nouveau. Merci pour votre réactivité.',
            ],
          },
        ],
      },
    ];
  });
}

function equipment(ctx: MailContext): ThreadSpec[] {
  return schools.map((school, index) => {
    const at = ctx.ago(20 + index * 11, 10, 15);
    const delivery = ctx.later(at, 10, 8, 30);
    return {
      folder: 'lycees',
      at,
      mails: [
        {
          from: 'thomas',
          to: [school.contact],
          cc: ['camille'],
          subject: `Dotation d’équipements numériques – ${school.name}, ${school.city}`,
          html: true,
          blocks: [
            `Dans le cadre du programme Lycées connectés, le ${school.name} recevra la dotation suivante :`,
            {
              table: {
                head: ['Équipement', 'Quantité', 'Livraison'],
                rows: [
                  ['Ordinateurs portables élèves', String(120 + index * 35), formatDay(delivery)],
                  ['Tablettes enseignants', String(24 + index * 6), formatDay(delivery)],
                  ['Chariots de recharge', String(4 + index), formatDay(delivery)],
                  ['Bornes Wi-Fi', String(18 + index * 4), 'pendant les vacances'],
                ],
              },
            },
            `La livraison est prévue à partir de ${formatHour(delivery)}. Merci de prévoir une salle fermant à clé pour le stockage et la présence de votre référent numérique.`,
          ],
          attachments: [[`Bon_de_livraison_${school.city.replace(/\W+/g, '_')}.pdf`, 92]],
        },
        {
          from: school.contact,
          to: ['thomas'],
          cc: ['camille'],
          after: 22,
          blocks: [
            'Merci pour ces informations. La salle 104 sera réservée pour le stockage et notre référent numérique sera présent.',
            'Pourrions-nous obtenir quelques tablettes supplémentaires pour la section BTS ? Je vous transmets une demande motivée.',
          ],
        },
      ],
    };
  });
}

function steering(ctx: MailContext): ThreadSpec[] {
  return [0, 1, 2].map((index) => {
    const at = ctx.ago(6 + index * 22, 17, 20);
    const next = ctx.later(at, 20, 14, 0);
    return {
      folder: 'lycees',
      at,
      mails: [
        {
          from: 'thomas',
          to: ['camille', 'sophie', 'isabelle', 'patrick', 'sandrine', 'karim'],
          subject: `COPIL Lycées connectés n° ${9 - index} – compte rendu`,
          html: true,
          blocks: [
            'Vous trouverez ci-joint le compte rendu du comité de pilotage de ce jour. Principaux points :',
            {
              list: [
                `${42 - index * 7} lycées équipés en Wi-Fi sur 78 prévus ; ${1850 - index * 320} bornes installées`,
                'retard de trois semaines sur le lot 2 (Aude et Pyrénées-Orientales) lié aux approvisionnements',
                'enquête de satisfaction auprès des enseignants : 81 % de satisfaits',
                'formation des référents numériques : deux nouvelles sessions à programmer',
              ],
            },
            `Prochain comité de pilotage : ${formatDay(next)} à ${formatHour(next)}.`,
          ],
          attachments: [
            [`CR_COPIL_Lycees_connectes_${9 - index}.pdf`, 240],
            [`COPIL_Lycees_connectes_${9 - index}.odp`, 2860],
          ],
          unread: index === 0 ? undefined : false,
        },
      ],
    };
  });
}

function schoolRequests(ctx: MailContext): ThreadSpec[] {
  return [
    {
      folder: 'lycees',
      at: ctx.ago(5, 11, 5),
      mails: [
        {
          from: 'karim',
          subject: 'Inventaire des équipements numériques – lycée Causses-et-Vallées',
          blocks: [
            'Comme demandé, vous trouverez ci-joint l’inventaire des équipements numériques de l’établissement, arrêté au 1er du mois.',
            'Trente-deux ordinateurs de la salle informatique ont plus de sept ans et ne peuvent plus recevoir les mises à jour : nous souhaiterions qu’ils soient inscrits au prochain plan de renouvellement.',
          ],
          attachments: [['Inventaire_numerique_Causses_et_Vallees.ods', 76]],
        },
      ],
    },
    {
      folder: 'lycees',
      at: ctx.ago(13, 14, 50),
      mails: [
        {
          from: 'sandrine',
          subject: 'Facturation des abonnements Internet – lycée Garonne',
          blocks: [
            'Nous avons reçu une facture de l’opérateur pour l’abonnement Internet du lycée, alors que celui-ci est pris en charge par la Région depuis le 1er janvier.',
            'Pourriez-vous me confirmer la procédure à suivre ? Je vous joins la facture.',
          ],
          attachments: [['Facture_operateur_lycee_Garonne.pdf', 118]],
        },
        {
          from: 'camille',
          after: 6,
          blocks: [
            'Vous avez raison : l’abonnement est bien pris en charge par la Région. La facture vous a été adressée par erreur ; je la transmets au service financier, qui demandera un avoir à l’opérateur.',
            'Vous n’avez rien à payer.',
          ],
        },
      ],
    },
    {
      folder: 'lycees',
      at: ctx.ago(24, 10, 0),
      mails: [
        {
          from: 'isabelle',
          subject: 'Demande de renouvellement des vidéoprojecteurs',
          blocks: [
            'Les vidéoprojecteurs de douze salles de classe sont en fin de vie (lampes hors d’usage, pièces introuvables).',
            'Serait-il possible de les remplacer par des écrans numériques interactifs dans le cadre du programme Lycées connectés ?',
          ],
        },
      ],
    },
    {
      folder: 'lycees',
      at: ctx.ago(36, 9, 30),
      mails: [
        {
          from: 'patrick',
          subject: 'ENT : comptes des nouveaux élèves non créés',
          blocks: [
            'Une quarantaine d’élèves arrivés en cours d’année n’ont toujours pas de compte sur l’ENT. Les familles ne peuvent pas consulter le cahier de textes.',
            'L’import depuis la base élèves semble bloqué depuis trois semaines.',
          ],
        },
        {
          from: 'camille',
          after: 4,
          cc: ['romain'],
          blocks: [
            'Merci pour l’alerte. Romain a identifié un problème de format dans l’export de la base élèves ; l’import a été relancé cette nuit.',
            'Les comptes devraient être disponibles dès demain matin. N’hésitez pas à me signaler tout élève encore absent.',
          ],
        },
      ],
    },
  ];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function schoolMail(ctx: MailContext): ThreadSpec[] {
  return [...incidents(ctx), ...equipment(ctx), ...steering(ctx), ...schoolRequests(ctx)];
}
