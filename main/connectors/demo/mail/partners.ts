// Mail with the rest of the Région and its partners: data protection, budget, regional transport (liO),
// the prefecture, European funds, legal advice, suppliers.
import { formatDay, formatHour, formatMonth } from '../time';
import type { MailContext, ThreadSpec } from './plan';

function dataProtection(ctx: MailContext): ThreadSpec[] {
  const processings = [
    'le portail des aides',
    'la billettique liO',
    'l’ENT des lycées',
    'la gestion des bourses régionales',
    'la vidéoprotection des lycées',
  ];
  const registry: ThreadSpec[] = processings.map((processing, index) => ({
    folder: 'inbox',
    at: ctx.ago(4 + index * 12, 10, 30),
    mails: [
      {
        from: 'nadia',
        subject: `Registre des traitements : mise à jour de la fiche « ${processing} »`,
        blocks: [
          `La fiche du registre relative à ${processing} doit être mise à jour : les destinataires, les durées de conservation et les mesures de sécurité ont évolué depuis la dernière révision.`,
          'Peux-tu compléter les rubriques surlignées dans le document joint ? Je souhaite présenter la version à jour au prochain comité RGPD.',
        ],
        attachments: [[`Fiche_registre_${index + 1}.odt`, 58 + index * 4]],
        ...(index === 0 ? { flagged: true } : {}),
      },
      ...(index % 2 === 1
        ? [
            {
              from: 'camille' as const,
              after: 26,
              blocks: [
                'C’est fait : j’ai complété les rubriques et ajouté le sous-traitant chargé de l’hébergement. Il reste à confirmer la durée de conservation des journaux techniques avec Laurent.',
              ],
              attachments: [[`Fiche_registre_${index + 1}_completee.odt`, 61 + index * 4] as const],
            },
          ]
        : []),
    ],
  }));
  return [
    ...registry,
    {
      folder: 'inbox',
      at: ctx.ago(16, 9, 5),
      mails: [
        {
          from: 'nadia',
          cc: ['lea'],
          subject: 'AIPD de la billettique liO : relecture avant le comité RGPD',
          blocks: [
            'Numeris Conseil nous a remis la version 2 de l’analyse d’impact relative à la protection des données (AIPD) de la future billettique liO sur smartphone.',
            'Les points d’attention portent sur la géolocalisation des validations et la durée de conservation de l’historique des trajets. Peux-tu relire les parties 3 et 4 avant jeudi ?',
          ],
          attachments: [['AIPD_billettique_liO_v2.pdf', 1240]],
          flagged: true,
        },
        {
          from: 'camille',
          after: 30,
          cc: ['lea'],
          blocks: [
            'J’ai relu les parties 3 et 4. Deux remarques :',
            {
              list: [
                'la géolocalisation des validations n’est pas nécessaire au service : un simple identifiant d’arrêt suffit ;',
                'la durée de conservation de l’historique (trois ans) me paraît excessive : douze mois suffiraient pour le service après-vente.',
              ],
            },
          ],
        },
        {
          from: 'lea',
          to: ['nadia', 'camille'],
          after: 20,
          greeting: 'Bonjour Mesdames,',
          blocks: [
            'Merci pour ces remarques, que nous intégrons dans la version 3. Nous proposons de ramener la conservation à douze mois et de supprimer la géolocalisation fine.',
            'La version 3 vous sera transmise en début de semaine prochaine.',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(0, 8, 35),
      mails: [
        {
          from: 'nadia',
          subject: 'Demande d’exercice du droit d’accès – dossier n° DPO-2318',
          blocks: [
            'Un usager du réseau liO demande la communication de l’ensemble des données le concernant (article 15 du RGPD). Le délai de réponse est d’un mois.',
            'Peux-tu vérifier avec Olivier Blanc quelles données sont conservées dans la billettique actuelle ? Je me charge de la réponse à l’usager.',
          ],
          unread: true,
        },
      ],
    },
  ];
}

function budget(ctx: MailContext): ThreadSpec[] {
  const next = ctx.year + 1;
  return [
    {
      folder: 'inbox',
      at: ctx.ago(42, 9, 0),
      mails: [
        {
          from: 'marc',
          to: [{ name: 'Directeurs et référents budgétaires', address: 'referents-budget@occitanie.demo' }],
          greeting: 'Madame, Monsieur,',
          subject: `Budget primitif ${next} : lettre de cadrage`,
          blocks: [
            `Vous trouverez ci-joint la lettre de cadrage du budget primitif ${next}, signée par le directeur général des services.`,
            'Les dépenses de fonctionnement devront être stabilisées en valeur ; les nouvelles dépenses d’investissement devront être gagées par des économies ou des recettes identifiées.',
            'Les fiches de demande sont à saisir dans l’application budgétaire avant la fin du mois prochain.',
          ],
          attachments: [[`Lettre_cadrage_BP_${next}.pdf`, 388]],
          unread: false,
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(18, 14, 20),
      mails: [
        {
          from: 'marc',
          cc: ['sophie'],
          subject: `BP ${next} – Direction du numérique : synthèse des demandes`,
          html: true,
          blocks: [
            'Voici la synthèse des demandes de la Direction du numérique telles que saisies dans l’application budgétaire :',
            {
              table: {
                head: ['Programme', `BP ${next - 1}`, `Demande ${next}`, 'Écart'],
                rows: [
                  ['Lycées connectés (investissement)', '12,4 M€', '14,1 M€', '+13,7 %'],
                  ['Infrastructures et hébergement', '3,2 M€', '3,6 M€', '+12,5 %'],
                  ['Applications métier', '2,8 M€', '2,7 M€', '−3,6 %'],
                  ['Fonctionnement courant', '1,9 M€', '1,9 M€', '0 %'],
                ],
              },
            },
            'L’augmentation sur les lycées dépasse le cadrage : merci de me transmettre une note de justification avant la réunion d’arbitrage.',
          ],
          flagged: true,
        },
        {
          from: 'camille',
          after: 28,
          cc: ['sophie'],
          blocks: [
            'Vous trouverez ci-joint la note de justification. L’augmentation s’explique par l’avancement du lot 2 du déploiement Wi-Fi, reporté de l’exercice précédent, et par le renouvellement des ordinateurs de plus de sept ans.',
            'Une partie du programme (1,1 M€) est éligible au FEDER : nous attendons la confirmation de la direction des affaires européennes.',
          ],
          attachments: [[`Note_justification_BP_${next}_Lycees.odt`, 74]],
        },
        {
          from: 'marc',
          after: 24,
          blocks: ['Merci, la note est claire. Je la joins au dossier d’arbitrage de mardi.'],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(8, 16, 45),
      mails: [
        {
          from: 'marc',
          to: [{ name: 'Référents budgétaires', address: 'referents-budget@occitanie.demo' }],
          greeting: 'Bonjour,',
          subject: `Suivi de la consommation des crédits – fin ${formatMonth(ctx.ago(8))}`,
          blocks: [
            'Le tableau de suivi de la consommation des crédits est disponible dans l’espace « Budget ». Le taux d’engagement de la Direction du numérique atteint 64 % en investissement et 71 % en fonctionnement.',
            'Merci de signaler avant vendredi les crédits qui ne seront pas consommés d’ici la fin de l’exercice, afin de préparer la décision modificative.',
          ],
          attachments: [['Suivi_credits_DNUM.ods', 132]],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(28, 11, 10),
      mails: [
        {
          from: 'marc',
          subject: 'Décision modificative n° 2 : virement de crédits',
          blocks: [
            'Le virement de 150 000 € du programme « Applications métier » vers « Infrastructures et hébergement » a été inscrit dans le projet de décision modificative n° 2.',
            'Il sera soumis à l’Assemblée plénière.',
          ],
          unread: false,
        },
      ],
    },
  ];
}

function transport(ctx: MailContext): ThreadSpec[] {
  const lines = [
    'ligne TER Toulouse – Montauban – Brive',
    'ligne de car liO 350 Albi – Rodez',
    'ligne TER Nîmes – Alès',
    'ligne de car liO 801 Carcassonne – Quillan',
  ];
  const disruptions: ThreadSpec[] = lines.map((line, index) => {
    const at = ctx.ago(3 + index * 14, 7 + (index % 2), 50);
    return {
      folder: 'inbox',
      at,
      mails: [
        {
          from: 'helene',
          to: [{ name: 'Diffusion information voyageurs liO', address: 'info-voyageurs-lio@occitanie.demo' }],
          greeting: 'Bonjour à tous,',
          subject: `liO – perturbations sur la ${line}`,
          blocks: [
            `En raison de travaux sur les voies, la circulation sera perturbée sur la ${line} à partir du ${formatDay(ctx.later(at, 3))}. Des cars de substitution seront mis en place.`,
            'Les horaires adaptés sont publiés sur le site et l’application liO ; le flux open data est mis à jour ce jour.',
          ],
          unread: index === 0 ? undefined : false,
        },
      ],
    };
  });
  return [
    ...disruptions,
    {
      folder: 'inbox',
      at: ctx.ago(6, 14, 0),
      mails: [
        {
          from: 'olivier',
          cc: ['helene'],
          subject: 'Billettique liO sur smartphone : recette de la version 1.4',
          blocks: [
            'La version 1.4 de l’application de billettique est disponible sur l’environnement de recette. Elle corrige l’affichage des titres hors connexion et ajoute l’abonnement solidaire.',
            'Pourrais-tu réaliser les tests du cahier de recette (parcours 12 à 18) d’ici mercredi ? Les anomalies sont à saisir dans l’outil de suivi.',
          ],
          attachments: [['Cahier_recette_billettique_v1.4.ods', 96]],
        },
        {
          from: 'camille',
          after: 45,
          blocks: [
            'Tests terminés : les parcours 12 à 16 sont conformes. Deux anomalies sur le parcours 17 (achat d’un abonnement solidaire) : le justificatif ne se télécharge pas sous Android, et le tarif affiché n’est pas le bon. Tout est saisi dans l’outil.',
          ],
        },
        {
          from: 'olivier',
          after: 3,
          blocks: [
            'Merci ! Le prestataire corrige pour vendredi ; la mise en production reste prévue à la fin du mois.',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(22, 10, 40),
      mails: [
        {
          from: 'bruno',
          cc: ['helene'],
          subject: 'Équipement des cars liO en valideurs sans contact',
          blocks: [
            'Nous avons reçu les 45 valideurs destinés aux cars de l’agence de Castelnaudary. L’installation pourra être faite pendant les vacances scolaires, lorsque le service est réduit.',
            'Pouvez-vous nous confirmer que la configuration réseau des valideurs sera fournie par la Région ?',
          ],
        },
        {
          from: 'camille',
          after: 5,
          cc: ['helene', 'olivier'],
          blocks: [
            'Merci pour votre message. Je vous confirme que la configuration réseau sera fournie par nos équipes : Olivier Blanc vous transmettra le dossier technique la semaine prochaine.',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(35, 16, 15),
      mails: [
        {
          from: 'helene',
          subject: 'Open data : publication des horaires liO au format GTFS',
          blocks: [
            'Les horaires théoriques du réseau liO sont désormais publiés chaque nuit au format GTFS sur le portail open data de la Région, sous licence ouverte.',
            'Le flux temps réel suivra au prochain trimestre. Merci pour ton aide sur la fiche de présentation du jeu de données !',
          ],
          unread: false,
        },
      ],
    },
  ];
}

function prefecture(ctx: MailContext): ThreadSpec[] {
  const year = ctx.year;
  return [
    {
      folder: 'inbox',
      at: ctx.ago(12, 11, 20),
      mails: [
        {
          from: 'francois',
          cc: ['anne'],
          subject: `CPER 2021-2027 : revue à mi-parcours du volet numérique`,
          blocks: [
            'Dans le cadre de la revue à mi-parcours du contrat de plan État-Région, je vous remercie de nous transmettre l’état d’avancement des opérations du volet numérique : montants engagés, mandatés, indicateurs de réalisation.',
            'Un tableau type est joint. Une réunion de travail pourrait être organisée en préfecture de région le mois prochain.',
          ],
          attachments: [[`Tableau_suivi_CPER_numerique_${year}.ods`, 88]],
        },
        {
          from: 'camille',
          after: 50,
          cc: ['sophie'],
          blocks: [
            'Vous trouverez ci-joint le tableau complété. Le taux d’engagement du volet numérique atteint 58 %, principalement grâce au programme Lycées connectés et aux réseaux d’initiative publique.',
            'Nous sommes disponibles pour une réunion de travail ; Sophie Martin, directrice du numérique, y participera.',
          ],
          attachments: [[`Tableau_suivi_CPER_numerique_${year}_Region.ods`, 92]],
        },
        {
          from: 'anne',
          to: ['camille', 'sophie'],
          after: 40,
          greeting: 'Mesdames,',
          blocks: [
            'Merci pour ces éléments très complets. Je vous propose une réunion le mardi de la semaine prochaine à 14 h 30, en préfecture de région (salle Jean-Moulin).',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(26, 15, 0),
      mails: [
        {
          from: 'anne',
          subject: 'Réunion État-Région sur l’inclusion numérique',
          greeting: 'Madame,',
          blocks: [
            'Le préfet de région et la présidente de la Région souhaitent réunir les acteurs de l’inclusion numérique (conseillers numériques, France services, associations) au cours du trimestre.',
            'Pourriez-vous nous indiquer l’interlocuteur de la Région pour préparer cette rencontre ?',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(52, 10, 0),
      mails: [
        {
          from: 'francois',
          subject: 'Plan France Très Haut Débit : remontée des indicateurs',
          blocks: [
            'Je vous remercie de nous transmettre avant la fin du mois les indicateurs de déploiement de la fibre optique sur les réseaux d’initiative publique de la région.',
          ],
          unread: false,
        },
      ],
    },
  ];
}

function europeanFunds(ctx: MailContext): ThreadSpec[] {
  return [
    {
      folder: 'inbox',
      at: ctx.ago(9, 10, 50),
      mails: [
        {
          from: 'aurelie',
          subject: 'FEDER : éligibilité du programme Lycées connectés',
          blocks: [
            'Bonne nouvelle : l’autorité de gestion confirme l’éligibilité d’une partie du programme Lycées connectés (équipements Wi-Fi) à l’axe « Numérique » du programme FEDER-FSE+.',
            'Le taux de cofinancement serait de 50 %. Il faudra conserver toutes les pièces (marchés, factures, preuves de publicité européenne) pendant la durée réglementaire.',
            'Pouvons-nous faire un point la semaine prochaine pour préparer le dossier de demande ?',
          ],
          flagged: true,
        },
        {
          from: 'camille',
          after: 2,
          blocks: [
            'Excellente nouvelle, merci ! Je suis disponible mardi après-midi ou jeudi matin. Je préviens Marc Fabre pour le volet budgétaire.',
          ],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(40, 14, 35),
      mails: [
        {
          from: 'aurelie',
          to: [{ name: 'Porteurs de projets FEDER', address: 'porteurs-feder@occitanie.demo' }],
          greeting: 'Bonjour à toutes et à tous,',
          subject: 'Obligations de publicité des opérations cofinancées par l’Union européenne',
          blocks: [
            'Je vous rappelle que toute opération cofinancée par le FEDER doit afficher l’emblème de l’Union européenne et la mention du cofinancement sur les documents, les sites internet et les équipements.',
            'Le guide des obligations de communication est joint.',
          ],
          attachments: [['Guide_publicite_FEDER.pdf', 1480]],
          unread: false,
        },
      ],
    },
  ];
}

function legal(ctx: MailContext): ThreadSpec[] {
  return [
    {
      folder: 'inbox',
      at: ctx.ago(19, 15, 30),
      mails: [
        {
          from: 'camille',
          to: ['celine'],
          subject: 'Demande d’avis : clause de réversibilité du marché d’hébergement',
          blocks: [
            'Dans le cadre du futur marché d’hébergement, pourriez-vous nous donner votre avis sur la rédaction de la clause de réversibilité (article 7 du CCTP) ?',
            'Nous souhaitons garantir la restitution des données dans un format ouvert et une assistance du titulaire pendant trois mois.',
          ],
          attachments: [['Extrait_CCTP_article_7.odt', 22]],
        },
        {
          from: 'celine',
          after: 48,
          blocks: [
            'La clause est globalement satisfaisante. Je vous suggère de préciser le délai de restitution (trente jours à compter de la demande), de prévoir une pénalité en cas de retard et d’exiger la suppression des données chez le titulaire avec un procès-verbal.',
            'Ma proposition de rédaction figure dans le document joint, en mode suivi des modifications.',
          ],
          attachments: [['Extrait_CCTP_article_7_avis_DAJ.odt', 25]],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(32, 11, 0),
      mails: [
        {
          from: 'celine',
          subject: 'Convention de partenariat avec les académies : relecture',
          blocks: [
            'J’ai relu le projet de convention avec les académies pour l’équipement numérique des lycées. Quelques observations sur la propriété des équipements et la responsabilité en cas de vol figurent en commentaire.',
            'La convention pourra être présentée à la commission permanente après intégration de ces remarques.',
          ],
          attachments: [['Convention_academies_relue.odt', 64]],
        },
      ],
    },
  ];
}

function suppliers(ctx: MailContext): ThreadSpec[] {
  return [
    {
      folder: 'inbox',
      at: ctx.ago(7, 9, 15),
      mails: [
        {
          from: 'mathieu',
          subject: 'TMA portail des aides : rapport mensuel d’activité',
          blocks: [
            `Veuillez trouver ci-joint le rapport d’activité du mois de ${formatMonth(ctx.ago(22))} pour la tierce maintenance applicative du portail des aides.`,
            'Faits marquants : 14 anomalies corrigées dont 2 bloquantes, livraison de la version 3.2 en recette, temps de réponse moyen du portail de 0,8 seconde.',
          ],
          attachments: [['Rapport_mensuel_TMA.pdf', 356]],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(17, 16, 5),
      mails: [
        {
          from: 'antoine',
          subject: 'Plan de continuité : test de bascule du site de secours',
          blocks: [
            'Comme prévu au contrat, nous réaliserons le test annuel de bascule vers le site de secours le premier samedi du mois prochain, de 6 h à 12 h.',
            'Les applications hébergées resteront accessibles ; de courtes coupures (moins de cinq minutes) sont possibles au moment de la bascule.',
          ],
        },
        {
          from: 'camille',
          after: 20,
          cc: ['laurent'],
          blocks: [
            'Merci pour l’information. Laurent Mercier, notre RSSI, suivra le test de notre côté. Pourrez-vous nous transmettre le procès-verbal à l’issue ?',
          ],
        },
        {
          from: 'antoine',
          after: 3,
          blocks: ['Bien entendu, le procès-verbal vous sera transmis sous 48 heures.'],
        },
      ],
    },
    {
      folder: 'inbox',
      at: ctx.ago(2, 14, 10),
      mails: [
        {
          from: 'lea',
          subject: 'Atelier de sensibilisation RGPD des référents : proposition de dates',
          blocks: [
            'Dans le cadre de notre mission d’accompagnement, nous vous proposons d’animer deux ateliers de sensibilisation pour les référents RGPD des directions.',
            `Nous pourrions intervenir le ${formatDay(ctx.later(ctx.ago(2), 8))} ou le ${formatDay(ctx.later(ctx.ago(2), 10))}, à ${formatHour(ctx.later(ctx.ago(2), 8, 9, 30))}, pour une durée de trois heures.`,
          ],
        },
      ],
    },
  ];
}

function electedOfficial(ctx: MailContext): ThreadSpec[] {
  return [
    {
      folder: 'inbox',
      at: ctx.ago(1, 19, 0),
      mails: [
        {
          from: 'guillaume',
          to: ['sophie', 'camille'],
          greeting: 'Bonjour,',
          subject: 'Déplacement au lycée des Garrigues – éléments de langage',
          blocks: [
            'Je me rendrai au lycée des Garrigues, à Nîmes, la semaine prochaine pour inaugurer le nouveau réseau Wi-Fi.',
            'Pouvez-vous me préparer une fiche d’une page : chiffres clés du programme dans le Gard, montant investi par la Région, témoignages d’enseignants si possible ?',
          ],
          flagged: true,
          unread: true,
        },
      ],
    },
  ];
}

export function partnerMail(ctx: MailContext): ThreadSpec[] {
  return [
    ...dataProtection(ctx),
    ...budget(ctx),
    ...transport(ctx),
    ...prefecture(ctx),
    ...europeanFunds(ctx),
    ...legal(ctx),
    ...suppliers(ctx),
    ...electedOfficial(ctx),
  ];
}
