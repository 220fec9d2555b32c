// What was said in each conversation: short exchanges on different days, as people chat at work.
import type { ConversationKind } from '../../../core/model';
import type { PersonKey } from '../people';

export type Line = readonly [PersonKey, string];

export interface Exchange {
  /** Working days before today. */
  daysAgo: number;
  hour: number;
  minute: number;
  lines: readonly Line[];
}

export interface ConversationScript {
  key: string;
  kind: ConversationKind;
  /** Direct conversations are titled after the other person. */
  title?: string;
  members: readonly PersonKey[];
  /** Whether the messages after Camille's last one are still unread. */
  unreadTail: boolean;
  exchanges: readonly Exchange[];
}

export const conversationScripts = (): ConversationScript[] => [
  {
    key: 'sophie',
    kind: 'direct',
    members: ['camille', 'sophie'],
    unreadTail: true,
    exchanges: [
      {
        daysAgo: 12,
        hour: 9,
        minute: 5,
        lines: [
          ['sophie', 'Bonjour Camille, avez-vous pu avancer sur la note pour le comité de direction ?'],
          ['camille', 'Bonjour Sophie, oui, elle est presque terminée. Je vous l’envoie avant midi.'],
          ['sophie', 'Parfait, merci. Pensez à ajouter le calendrier du marché d’hébergement.'],
          ['camille', 'C’est prévu, avec les dates de la commission d’appel d’offres.'],
        ],
      },
      {
        daysAgo: 7,
        hour: 17,
        minute: 40,
        lines: [
          ['sophie', 'Le vice-président a apprécié la fiche sur les lycées. Bravo !'],
          ['camille', 'Merci beaucoup, je transmets à Thomas, c’est aussi son travail.'],
          ['sophie', 'Il aimerait que nous présentions le bilan du programme à la prochaine réunion de l’exécutif.'],
          ['camille', 'Entendu. Je prépare une version courte, dix diapositives maximum ?'],
          ['sophie', 'Oui, c’est parfait.'],
        ],
      },
      {
        daysAgo: 3,
        hour: 11,
        minute: 20,
        lines: [
          ['camille', 'Sophie, la préfecture propose une réunion sur le CPER mardi à 14 h 30. Êtes-vous disponible ?'],
          ['sophie', 'Je regarde… oui, je peux me libérer. Vous confirmez pour nous deux ?'],
          ['camille', 'Je confirme et je vous envoie l’invitation.'],
        ],
      },
      {
        daysAgo: 0,
        hour: 8,
        minute: 50,
        lines: [
          ['sophie', 'Bonjour Camille, pouvez-vous passer me voir avant la réunion de 10 h ? Cinq minutes suffiront.'],
          ['sophie', 'C’est au sujet du rapport sur le numérique responsable.'],
        ],
      },
    ],
  },
  {
    key: 'thomas',
    kind: 'direct',
    members: ['camille', 'thomas'],
    unreadTail: true,
    exchanges: [
      {
        daysAgo: 30,
        hour: 9,
        minute: 40,
        lines: [
          ['thomas', 'Tu as eu le temps de regarder la grille d’analyse pour les ordinateurs portables ?'],
          ['camille', 'Oui, je pense qu’on doit pondérer davantage la durée de garantie.'],
          ['thomas', '40 % technique dont 10 % garantie ?'],
          ['camille', 'Ça me va. Je l’indique à Julien.'],
        ],
      },
      {
        daysAgo: 24,
        hour: 15,
        minute: 10,
        lines: [
          ['thomas', 'Karim voudrait qu’on vienne voir la salle informatique de Rodez, tu serais partante ?'],
          ['camille', 'Oui ! Plutôt dans deux semaines, j’ai la commission permanente avant.'],
          ['thomas', 'Je lui propose le jeudi.'],
        ],
      },
      {
        daysAgo: 19,
        hour: 11,
        minute: 25,
        lines: [
          ['thomas', 'Les chiffres de l’enquête de satisfaction sont tombés : 81 % de satisfaits !'],
          ['camille', 'Excellent 🎉 On les met dans le prochain COPIL.'],
          ['thomas', 'Et dans la fiche pour le vice-président.'],
        ],
      },
      {
        daysAgo: 15,
        hour: 10,
        minute: 12,
        lines: [
          ['thomas', 'Salut ! Tu as vu le retour du prestataire sur le lot 2 ?'],
          ['camille', 'Oui, trois semaines de retard… Ça décale l’Aude après les vacances.'],
          ['thomas', 'Je propose qu’on avance les Pyrénées-Orientales pour ne pas perdre la fenêtre des vacances.'],
          ['camille', 'Bonne idée. Je mets à jour le planning et je te l’envoie.'],
          ['thomas', 'Top, merci 👍'],
        ],
      },
      {
        daysAgo: 9,
        hour: 14,
        minute: 3,
        lines: [
          ['thomas', 'On part à quelle heure pour Rodez jeudi ?'],
          ['camille', '7 h 30 devant le garage de l’hôtel de Région ? J’ai réservé une voiture de service.'],
          ['thomas', 'Ça marche. Karim nous attend à 10 h au lycée.'],
          ['camille', 'Je prends l’inventaire imprimé, il veut qu’on regarde la salle informatique ensemble.'],
        ],
      },
      {
        daysAgo: 6,
        hour: 16,
        minute: 45,
        lines: [
          ['thomas', 'Claire m’a demandé des photos de l’installation au lycée Garonne, tu sais pour quoi ?'],
          [
            'camille',
            'Pour l’article de l’intranet sur Lycées connectés. Envoie-lui celles avec les élèves de BTS, elles sont super.',
          ],
          ['thomas', 'Il faut les autorisations de droit à l’image, non ?'],
          ['camille', 'Oui ! Sandrine les a récupérées, elles sont dans le dossier du lycée sur l’espace projet.'],
          ['thomas', 'Parfait, je lui envoie tout ça.'],
        ],
      },
      {
        daysAgo: 2,
        hour: 9,
        minute: 30,
        lines: [
          ['thomas', 'Tu peux relire le compte rendu du COPIL avant que je le diffuse ?'],
          ['camille', 'Je regarde ça dans la matinée.'],
          ['camille', 'C’est bon pour moi, juste une coquille page 2 : « 1 850 bornes » et pas « 1 580 ».'],
          ['thomas', 'Bien vu, merci ! Je corrige et je diffuse.'],
        ],
      },
      {
        daysAgo: 0,
        hour: 10,
        minute: 5,
        lines: [
          ['thomas', 'Le lycée des Garrigues signale encore une coupure du Wi-Fi au bâtiment C 😕'],
          ['thomas', 'Je t’ajoute au ticket, on en parle à 14 h ?'],
        ],
      },
    ],
  },
  {
    key: 'nadia',
    kind: 'direct',
    members: ['camille', 'nadia'],
    unreadTail: false,
    exchanges: [
      {
        daysAgo: 14,
        hour: 11,
        minute: 0,
        lines: [
          ['nadia', 'Coucou Camille, tu as une minute pour parler de l’AIPD billettique ?'],
          ['camille', 'Oui, appelle-moi quand tu veux.'],
          [
            'nadia',
            'En fait, c’est rapide : tu es d’accord pour qu’on demande à Numeris de supprimer la géolocalisation fine ?',
          ],
          ['camille', 'Complètement d’accord, elle ne sert à rien pour le service après-vente.'],
          ['nadia', 'Super, je leur écris.'],
        ],
      },
      {
        daysAgo: 8,
        hour: 15,
        minute: 25,
        lines: [
          ['nadia', 'Le comité RGPD est confirmé jeudi 14 h, salle Garonne. Tu présentes le point sur le registre ?'],
          ['camille', 'Oui, avec l’état d’avancement des fiches et les trois traitements à créer.'],
          ['nadia', 'Parfait. Léa Chevalier sera là aussi pour l’atelier des référents.'],
        ],
      },
      {
        daysAgo: 4,
        hour: 12,
        minute: 10,
        lines: [
          ['nadia', 'On déjeune ensemble ? Le restaurant administratif propose un couscous aujourd’hui 😄'],
          ['camille', 'Avec plaisir ! 12 h 30 au rez-de-chaussée ?'],
          ['nadia', 'Vendu.'],
        ],
      },
      {
        daysAgo: 1,
        hour: 16,
        minute: 15,
        lines: [
          ['nadia', 'Tu as pu voir Olivier pour la demande de droit d’accès ?'],
          [
            'camille',
            'Oui : la billettique actuelle conserve les validations pendant dix-huit mois, avec le numéro de carte. Il t’envoie l’extraction demain.',
          ],
          ['nadia', 'Merci beaucoup ! Je pourrai répondre à l’usager dans les délais.'],
          ['camille', 'Avec plaisir 🙂'],
        ],
      },
    ],
  },
  {
    key: 'romain',
    kind: 'direct',
    members: ['camille', 'romain'],
    unreadTail: false,
    exchanges: [
      {
        daysAgo: 10,
        hour: 14,
        minute: 40,
        lines: [
          ['romain', 'Tu aurais un jeu de données de test anonymisé pour le portail des aides ?'],
          [
            'camille',
            'Oui, celui préparé pour la recette de la 3.1. Il est dans l’espace documentaire, dossier « Recette ».',
          ],
          ['romain', 'Trouvé, merci !'],
        ],
      },
      {
        daysAgo: 5,
        hour: 18,
        minute: 5,
        lines: [
          ['romain', 'La mise en prod de jeudi, tu peux être joignable vers 19 h au cas où ?'],
          ['camille', 'Oui, je reste connectée jusqu’à 20 h.'],
          ['romain', 'Merci. Normalement tout est prêt, la recette est passée sans anomalie bloquante.'],
        ],
      },
      {
        daysAgo: 1,
        hour: 19,
        minute: 55,
        lines: [
          ['romain', 'Mise en production terminée ✅ Le portail est de nouveau en ligne.'],
          ['camille', 'Bravo ! Je vérifie le dépôt d’un dossier test.'],
          ['camille', 'Tout fonctionne, y compris le glisser-déposer des pièces. Merci Romain !'],
          ['romain', 'Bonne soirée !'],
        ],
      },
    ],
  },
  {
    key: 'julien',
    kind: 'direct',
    members: ['camille', 'julien'],
    unreadTail: true,
    exchanges: [
      {
        daysAgo: 11,
        hour: 10,
        minute: 30,
        lines: [
          [
            'julien',
            'Salut Camille, pour le marché Wi-Fi, on publie lundi ou tu veux relire le CCTP une dernière fois ?',
          ],
          ['camille', 'Je le relis ce soir, tu peux publier lundi.'],
          ['julien', 'Parfait.'],
        ],
      },
      {
        daysAgo: 3,
        hour: 15,
        minute: 50,
        lines: [
          ['julien', 'La CAO pour l’hébergement est fixée au 24. Tu pourras présenter l’analyse technique ?'],
          ['camille', 'Oui, pas de souci. Dix minutes, ça suffit ?'],
          ['julien', 'Oui, les élus aiment quand c’est court 😉'],
        ],
      },
      {
        daysAgo: 0,
        hour: 9,
        minute: 40,
        lines: [
          ['julien', 'Je t’ai envoyé le rapport d’analyse des offres pour l’accompagnement RGPD, c’est assez urgent.'],
          ['julien', 'Il me faut ton retour avant jeudi midi si possible.'],
        ],
      },
    ],
  },
  {
    key: 'equipe',
    kind: 'group',
    title: 'Équipe Direction du numérique',
    members: ['camille', 'sophie', 'thomas', 'romain', 'emilie', 'laurent', 'vincent'],
    unreadTail: true,
    exchanges: [
      {
        daysAgo: 16,
        hour: 8,
        minute: 45,
        lines: [
          ['emilie', 'Bonjour à tous ! Petit rappel : les congés d’été sont à saisir avant la fin du mois.'],
          ['thomas', 'Merci Émilie !'],
          ['vincent', 'C’est fait pour moi.'],
        ],
      },
      {
        daysAgo: 13,
        hour: 13,
        minute: 55,
        lines: [
          [
            'laurent',
            'Attention : une campagne d’hameçonnage imitant le service de paie est en cours. Ne cliquez sur rien !',
          ],
          ['romain', 'Reçu à l’instant, signalé 👍'],
          ['camille', 'Pareil, signalé.'],
          ['laurent', 'Merci ! J’envoie un message à tous les agents.'],
        ],
      },
      {
        daysAgo: 11,
        hour: 16,
        minute: 30,
        lines: [
          ['vincent', 'La salle Garonne a un nouvel écran pour la visio, il est branché et testé.'],
          ['sophie', 'Merci Vincent, c’est une très bonne nouvelle.'],
          ['thomas', 'Enfin ! 🎉'],
        ],
      },
      {
        daysAgo: 9,
        hour: 9,
        minute: 10,
        lines: [
          ['sophie', 'Bonjour à tous. Point hebdo décalé à 10 h aujourd’hui, j’ai une réunion au cabinet.'],
          ['emilie', 'C’est noté, je décale la réservation de la salle.'],
          ['romain', 'Ok pour moi.'],
          ['camille', 'Je serai en visio, je suis en télétravail aujourd’hui.'],
        ],
      },
      {
        daysAgo: 8,
        hour: 12,
        minute: 5,
        lines: [
          ['thomas', 'Qui descend déjeuner ?'],
          ['romain', 'Moi, dans cinq minutes.'],
          ['vincent', 'Je vous rejoins.'],
          ['camille', 'Je finis un mail et j’arrive.'],
        ],
      },
      {
        daysAgo: 6,
        hour: 10,
        minute: 15,
        lines: [
          ['laurent', 'Rappel : redémarrez vos postes ce soir pour la mise à jour de sécurité.'],
          ['emilie', 'Merci Laurent.'],
          ['thomas', 'Ça prend combien de temps ?'],
          ['laurent', 'Un quart d’heure environ. Lancez-le en partant.'],
        ],
      },
      {
        daysAgo: 5,
        hour: 15,
        minute: 0,
        lines: [
          ['emilie', 'Pot de départ de Jean-Pierre vendredi à 16 h ! La cagnotte est à l’accueil.'],
          ['sophie', 'Merci Émilie. Je dirai quelques mots.'],
          ['vincent', 'Je m’occupe de la sono 🎶'],
          ['camille', 'Je participe à la cagnotte ce midi.'],
        ],
      },
      {
        daysAgo: 2,
        hour: 17,
        minute: 20,
        lines: [
          ['romain', 'Mise en production du portail des aides 3.2 jeudi soir, le bandeau d’information est en ligne.'],
          ['sophie', 'Merci Romain. Prévenez le cabinet de la présidente, ils ont un dossier en cours de dépôt.'],
          ['romain', 'C’est fait, je les ai appelés.'],
        ],
      },
      {
        daysAgo: 0,
        hour: 9,
        minute: 15,
        lines: [
          ['vincent', 'Bonjour ! Le serveur d’impression du 2ᵉ étage est en maintenance jusqu’à 11 h.'],
          ['emilie', 'Merci de l’info !'],
          ['laurent', 'Et n’oubliez pas l’exercice de crise cyber la semaine prochaine, les convocations arrivent.'],
        ],
      },
    ],
  },
  {
    key: 'hebergement',
    kind: 'group',
    title: 'Cellule hébergement souverain',
    members: ['camille', 'julien', 'celine', 'laurent'],
    unreadTail: false,
    exchanges: [
      {
        daysAgo: 20,
        hour: 11,
        minute: 0,
        lines: [
          [
            'camille',
            'Bonjour à tous, je crée ce fil pour suivre le marché d’hébergement souverain jusqu’à la notification.',
          ],
          ['julien', 'Bonne idée. L’avis est prêt, je publie lundi.'],
          ['laurent', 'J’ai ajouté au CCTP l’exigence de qualification SecNumCloud pour les données sensibles.'],
          ['celine', 'Parfait. Je relis la clause de réversibilité d’ici vendredi.'],
        ],
      },
      {
        daysAgo: 14,
        hour: 14,
        minute: 30,
        lines: [
          ['julien', 'Première question d’un candidat : la réversibilité est-elle incluse dans le prix global ?'],
          ['camille', 'Oui, article 7 du CCTP. Je rédige la réponse.'],
          ['celine', 'Pensez à citer l’article exact du règlement de la consultation.'],
          ['camille', 'Noté, merci Céline.'],
        ],
      },
      {
        daysAgo: 7,
        hour: 10,
        minute: 20,
        lines: [
          ['julien', 'Trois offres reçues dans les délais 🎉'],
          ['laurent', 'Je commence l’analyse des plans d’assurance sécurité demain.'],
          ['camille', 'Je prends la partie fonctionnelle et les niveaux de service.'],
          ['julien', 'Rapport d’analyse attendu pour le 20, la CAO est le 24.'],
        ],
      },
      {
        daysAgo: 2,
        hour: 16,
        minute: 10,
        lines: [
          [
            'laurent',
            'Analyse sécurité terminée : une offre ne fournit pas l’attestation de qualification, je la note en conséquence.',
          ],
          ['celine', 'Attention à bien motiver la note, c’est un point sensible en cas de recours.'],
          ['laurent', 'Oui, tout est tracé dans la grille, avec les références des pièces.'],
          ['camille', 'Merci, j’intègre ça au rapport ce soir.'],
        ],
      },
    ],
  },
  {
    key: 'lycees',
    kind: 'space',
    title: 'Projet Lycées connectés',
    members: ['camille', 'thomas', 'karim', 'isabelle', 'patrick', 'sandrine'],
    unreadTail: true,
    exchanges: [
      {
        daysAgo: 18,
        hour: 9,
        minute: 0,
        lines: [
          [
            'thomas',
            'Bienvenue aux référents des lycées sur ce canal ! Vous pouvez y poser vos questions sur le déploiement.',
          ],
          [
            'karim',
            'Merci Thomas ! Première question : les bornes du bâtiment sciences seront-elles installées avant les examens ?',
          ],
          ['thomas', 'Oui, l’intervention est prévue pendant les vacances de printemps.'],
          ['isabelle', 'Bonjour à tous. Pour le lycée des Garrigues, l’internat est-il bien inclus ?'],
          ['camille', 'Oui Madame Fournier, l’internat fait partie du lot 1.'],
        ],
      },
      {
        daysAgo: 12,
        hour: 14,
        minute: 20,
        lines: [
          [
            'sandrine',
            'Les autorisations de droit à l’image pour les photos du lycée Garonne sont dans le dossier partagé.',
          ],
          ['thomas', 'Merci Sandrine, je les transmets à la communication.'],
          [
            'patrick',
            'Au lycée Canal-du-Midi, les élèves de BTS aimeraient filmer l’installation pour un projet. C’est possible ?',
          ],
          ['camille', 'Bien sûr, à condition que l’entreprise soit d’accord. Je leur pose la question.'],
        ],
      },
      {
        daysAgo: 8,
        hour: 10,
        minute: 45,
        lines: [
          ['karim', 'Nous avons reçu les chariots de recharge, mais pas les tablettes enseignants.'],
          ['thomas', 'Elles arrivent la semaine prochaine, le transporteur a pris du retard.'],
          ['karim', 'D’accord, merci pour l’info.'],
        ],
      },
      {
        daysAgo: 4,
        hour: 16,
        minute: 0,
        lines: [
          [
            'camille',
            'Rappel : le questionnaire de satisfaction des enseignants est ouvert jusqu’à vendredi. Merci de le relayer !',
          ],
          ['isabelle', 'C’est fait pour le lycée des Garrigues.'],
          ['sandrine', 'Relayé aussi au lycée Garonne.'],
          ['patrick', 'Je le diffuse au conseil pédagogique de demain.'],
        ],
      },
      {
        daysAgo: 0,
        hour: 8,
        minute: 20,
        lines: [
          ['isabelle', 'Bonjour, le Wi-Fi est de nouveau coupé au bâtiment C depuis 8 h.'],
          ['karim', 'Chez nous tout fonctionne, bon courage !'],
          ['isabelle', 'Les élèves ont une évaluation sur tablette à 10 h…'],
        ],
      },
    ],
  },
  {
    key: 'lio',
    kind: 'space',
    title: 'Transports liO',
    members: ['camille', 'helene', 'olivier'],
    unreadTail: false,
    exchanges: [
      {
        daysAgo: 17,
        hour: 9,
        minute: 30,
        lines: [
          ['olivier', 'La version 1.3 de la billettique est en production depuis ce matin.'],
          ['helene', 'Super ! Les contrôleurs ont reçu la mise à jour de leurs terminaux ?'],
          ['olivier', 'Oui, déployée cette nuit.'],
        ],
      },
      {
        daysAgo: 10,
        hour: 11,
        minute: 15,
        lines: [
          [
            'helene',
            'Travaux sur la ligne Toulouse – Montauban – Brive à partir de lundi, cars de substitution prévus.',
          ],
          ['camille', 'Le flux open data est-il mis à jour en même temps ?'],
          ['helene', 'Oui, l’exploitant publie les horaires adaptés cette nuit.'],
          ['olivier', 'Et l’application affichera un bandeau d’information.'],
        ],
      },
      {
        daysAgo: 5,
        hour: 14,
        minute: 5,
        lines: [
          ['olivier', 'La 1.4 est en recette. Camille, tu peux tester les parcours 12 à 18 ?'],
          ['camille', 'Oui, je m’y mets demain matin.'],
          ['camille', 'Deux anomalies sur le parcours 17, tout est dans l’outil de suivi.'],
          ['olivier', 'Merci, le prestataire corrige pour vendredi.'],
        ],
      },
      {
        daysAgo: 1,
        hour: 10,
        minute: 0,
        lines: [
          ['helene', 'Les valideurs de l’agence de Castelnaudary seront posés pendant les vacances.'],
          ['olivier', 'J’envoie le dossier technique à Autocars du Lauragais aujourd’hui.'],
          ['camille', 'Merci à vous deux ! Je préviens Nadia pour la mise à jour du registre.'],
        ],
      },
    ],
  },
];

/** A few daily stand-up lines that make the team conversation feel lived in over the weeks. */
export const standUpLines = (year: number): readonly Line[] => [
  ['emilie', 'Bonjour à tous ! Le courrier du jour est dans vos bannettes.'],
  ['vincent', 'Le centre de services est joignable jusqu’à 18 h aujourd’hui.'],
  ['thomas', 'Je suis en déplacement au lycée Garonne ce matin, joignable sur mon portable.'],
  ['romain', 'Je suis en télétravail aujourd’hui, disponible sur le chat.'],
  ['laurent', 'Maintenance du pare-feu ce soir de 20 h à 21 h, coupures possibles de l’accès à distance.'],
  ['emilie', 'Le parapheur électronique contient trois bons de commande en attente de visa.'],
  ['sophie', `Merci à tous pour vos contributions au budget ${year + 1}, le dossier est complet.`],
  ['vincent', 'Les nouveaux casques de visioconférence sont arrivés, passez les chercher au centre de services.'],
  ['emilie', 'La salle Garonne est réservée toute la matinée pour le jury de recrutement.'],
  ['thomas', 'Livraison de matériel au lycée Canal-du-Midi aujourd’hui, je suis sur place jusqu’à 15 h.'],
  ['romain', 'Petite coupure du portail des aides à 12 h 30 pour appliquer un correctif, cinq minutes maximum.'],
  ['laurent', 'Pensez à verrouiller vos sessions quand vous quittez votre bureau 🔒'],
  ['emilie', 'Les badges des stagiaires sont à récupérer à l’accueil.'],
  ['vincent', 'Mise à jour du navigateur déployée sur tous les postes cette nuit.'],
  ['sophie', 'Je suis au cabinet toute la journée, Thomas assure le relais pour les urgences.'],
  ['camille', 'Je suis en télétravail aujourd’hui, joignable sur le chat et par téléphone.'],
  ['thomas', 'Le COPIL Lycées connectés est avancé à 14 h, même salle.'],
  ['romain', 'La documentation de l’API du portail des aides est à jour sur l’espace de la direction.'],
  ['emilie', 'Le traiteur pour le séminaire de direction est confirmé.'],
  ['vincent', 'Intervention sur le Wi-Fi du 3ᵉ étage entre 12 h et 14 h.'],
];
