// Collaborative spaces with their posts, likes and comments.
import type { PostRecord, SpaceRecord } from '../../core/ports';
import type { DemoClock } from './clock';
import { demoId } from './ids';
import { personId, type PersonKey } from './people';
import { MINUTE } from './time';

interface PostScript {
  daysAgo: number;
  hour: number;
  author: PersonKey;
  text: string;
  likes: number;
  comments: readonly (readonly [PersonKey, string])[];
}

interface SpaceScript {
  key: string;
  name: string;
  description: string;
  memberCount: number;
  unread: number;
  posts: readonly PostScript[];
}

export const spaceId = (key: string): string => demoId('s', key);

const spaceScripts = (year: number): SpaceScript[] => [
  {
    key: 'dnum',
    name: 'Direction du numérique',
    description: 'L’espace de toute la direction : actualités, notes de service, comptes rendus et documents partagés.',
    memberCount: 64,
    unread: 2,
    posts: [
      {
        daysAgo: 0,
        hour: 9,
        author: 'sophie',
        text: 'Le séminaire de direction aura lieu vendredi, toute la journée, au domaine de Saint-Ferréol. Programme : bilan du semestre, feuille de route du numérique responsable et ateliers par pôle. Covoiturage organisé depuis l’hôtel de Région.',
        likes: 12,
        comments: [
          ['thomas', 'Super, j’ai deux places dans ma voiture au départ de Toulouse.'],
          ['emilie', 'Les inscriptions au déjeuner sont ouvertes jusqu’à mercredi.'],
        ],
      },
      {
        daysAgo: 4,
        hour: 14,
        author: 'romain',
        text: 'La version 3.2 du portail des aides est en production : dépôt des pièces par glisser-déposer, suivi de l’instruction en temps réel et formulaires conformes au RGAA. Merci à toutes celles et ceux qui ont participé à la recette !',
        likes: 18,
        comments: [
          ['camille', 'Bravo Romain et toute l’équipe, c’est un vrai progrès pour les porteurs de projet.'],
          ['sophie', 'Félicitations ! Le cabinet a déjà eu de bons retours.'],
          ['vincent', 'Aucun ticket au centre de services depuis la mise en production 👌'],
        ],
      },
      {
        daysAgo: 9,
        hour: 11,
        author: 'laurent',
        text: 'Résultats de la campagne de sensibilisation à l’hameçonnage : 14 % de clics, contre 22 % l’an dernier. Le module d’autoformation est disponible sur la plateforme de formation : vingt minutes pour ne plus se faire piéger.',
        likes: 9,
        comments: [['claire', 'On relaiera le module dans la prochaine Lettre du numérique.']],
      },
      {
        daysAgo: 15,
        hour: 10,
        author: 'camille',
        text: 'Le compte rendu de la réunion avec Occitel sur l’hébergement est disponible dans les documents de l’espace, dossier « Hébergement ». Prochaine étape : test de restauration des sauvegardes.',
        likes: 4,
        comments: [],
      },
      {
        daysAgo: 22,
        hour: 16,
        author: 'emilie',
        text: 'Nouvel arrivant : bienvenue à Yanis, apprenti développeur, qui rejoint l’équipe de Romain pour deux ans !',
        likes: 21,
        comments: [
          ['romain', 'Bienvenue Yanis ! 🎉'],
          ['camille', 'Bienvenue dans l’équipe !'],
        ],
      },
    ],
  },
  {
    key: 'lycees',
    name: 'Projet Lycées connectés',
    description:
      'Déploiement du Wi-Fi et des équipements numériques dans les lycées de la région, avec les référents des établissements.',
    memberCount: 86,
    unread: 3,
    posts: [
      {
        daysAgo: 1,
        hour: 17,
        author: 'thomas',
        text: 'Compte rendu du COPIL n° 9 : 42 lycées équipés sur 78, 1 850 bornes installées, 81 % des enseignants satisfaits. Le retard du lot 2 est ramené à trois semaines. Le support de présentation est dans les documents du projet.',
        likes: 15,
        comments: [
          ['isabelle', 'Merci pour ce compte rendu très clair.'],
          ['karim', 'Les chiffres de satisfaction sont encourageants !'],
        ],
      },
      {
        daysAgo: 6,
        hour: 10,
        author: 'camille',
        text: 'Le questionnaire de satisfaction des enseignants est ouvert jusqu’à vendredi. Merci aux référents de le relayer dans leurs établissements : vos retours orientent la suite du programme.',
        likes: 7,
        comments: [
          ['sandrine', 'Relayé au lycée Garonne.'],
          ['patrick', 'Diffusé au conseil pédagogique.'],
        ],
      },
      {
        daysAgo: 12,
        hour: 15,
        author: 'karim',
        text: 'Retour d’expérience du lycée Causses-et-Vallées : grâce aux chariots de recharge, les enseignants de sciences utilisent les tablettes dans toutes leurs séances de travaux pratiques. Quelques photos dans le dossier du lycée !',
        likes: 23,
        comments: [
          ['thomas', 'Merci Karim, c’est exactement ce qu’on espérait.'],
          ['claire', 'Je peux reprendre ce témoignage pour l’intranet ?'],
          ['karim', 'Avec plaisir !'],
        ],
      },
      {
        daysAgo: 19,
        hour: 9,
        author: 'thomas',
        text: 'Planning du lot 2 mis à jour : les lycées de l’Aude sont décalés de trois semaines, ceux des Pyrénées-Orientales avancés pendant les vacances de printemps. Le planning détaillé est dans les documents.',
        likes: 6,
        comments: [['patrick', 'Bien noté pour Castelnaudary.']],
      },
    ],
  },
  {
    key: 'lio',
    name: 'Transports liO',
    description: 'Billettique, information voyageurs et données ouvertes du réseau régional liO.',
    memberCount: 41,
    unread: 0,
    posts: [
      {
        daysAgo: 3,
        hour: 11,
        author: 'olivier',
        text: 'La version 1.4 de l’application de billettique est en recette : titres hors connexion et abonnement solidaire. Mise en production prévue à la fin du mois si les dernières anomalies sont corrigées.',
        likes: 8,
        comments: [
          ['camille', 'Recette faite sur les parcours 12 à 18, deux anomalies saisies dans l’outil de suivi.'],
        ],
      },
      {
        daysAgo: 11,
        hour: 14,
        author: 'helene',
        text: 'Les horaires théoriques du réseau liO sont publiés chaque nuit au format GTFS sur le portail open data, sous licence ouverte. Le temps réel suivra au prochain trimestre.',
        likes: 14,
        comments: [
          ['romain', 'Super ! Je l’intègre dans la démo du hackathon.'],
          ['camille', 'Merci Hélène, la fiche du jeu de données est en ligne aussi.'],
        ],
      },
      {
        daysAgo: 24,
        hour: 10,
        author: 'helene',
        text: 'Travaux sur la ligne Toulouse – Montauban – Brive : des cars de substitution circuleront pendant trois semaines. L’information voyageurs est à jour sur le site et l’application.',
        likes: 3,
        comments: [],
      },
    ],
  },
  {
    key: 'rgpd',
    name: 'Comité RGPD',
    description:
      'Protection des données personnelles : registre des traitements, analyses d’impact, demandes d’exercice de droits.',
    memberCount: 23,
    unread: 1,
    posts: [
      {
        daysAgo: 2,
        hour: 16,
        author: 'nadia',
        text: 'Ordre du jour du comité RGPD de jeudi : mise à jour du registre (Camille), AIPD de la billettique liO (Numeris Conseil), bilan des demandes d’exercice de droits du trimestre, atelier de sensibilisation des référents.',
        likes: 5,
        comments: [['camille', 'Je présenterai aussi les trois traitements à créer pour le portail des aides.']],
      },
      {
        daysAgo: 13,
        hour: 9,
        author: 'lea',
        text: 'La version 3 de l’analyse d’impact de la billettique liO est déposée dans les documents : durée de conservation de l’historique ramenée à douze mois, suppression de la géolocalisation fine.',
        likes: 6,
        comments: [
          ['nadia', 'Merci Léa, c’est conforme à ce que nous avions demandé.'],
          ['olivier', 'Parfait pour nous, aucun impact sur le service.'],
        ],
      },
      {
        daysAgo: 28,
        hour: 11,
        author: 'nadia',
        text: 'Rappel : toute nouvelle application traitant des données personnelles doit faire l’objet d’une fiche au registre avant sa mise en production. Le modèle de fiche est dans les documents de l’espace.',
        likes: 11,
        comments: [],
      },
    ],
  },
  {
    key: 'budget',
    name: `Budget ${year + 1}`,
    description: `Préparation du budget primitif ${year + 1} de la Direction du numérique : cadrage, fiches de demande, arbitrages.`,
    memberCount: 12,
    unread: 1,
    posts: [
      {
        daysAgo: 5,
        hour: 15,
        author: 'marc',
        text: `Les réunions d’arbitrage du budget ${year + 1} auront lieu mardi. La synthèse des demandes de la Direction du numérique est dans les documents : +9 % par rapport au budget ${year}, principalement sur les lycées.`,
        likes: 2,
        comments: [
          ['sophie', 'La note de justification de Camille est jointe au dossier.'],
          ['camille', 'J’ai ajouté la part éligible au FEDER (1,1 M€).'],
        ],
      },
      {
        daysAgo: 20,
        hour: 10,
        author: 'sophie',
        text: `Merci à chacun de saisir ses fiches de demande pour le budget ${year + 1} dans l’application budgétaire avant la fin du mois, en respectant la lettre de cadrage.`,
        likes: 4,
        comments: [['thomas', 'Fiches Lycées connectés saisies.']],
      },
    ],
  },
  {
    key: 'responsable',
    name: 'Numérique responsable',
    description: 'Sobriété, réemploi et accessibilité : la feuille de route du numérique responsable de la Région.',
    memberCount: 37,
    unread: 0,
    posts: [
      {
        daysAgo: 7,
        hour: 13,
        author: 'camille',
        text: 'La première version du rapport sur la feuille de route du numérique responsable est disponible pour relecture dans les documents de l’espace. Vos commentaires sont les bienvenus jusqu’à vendredi.',
        likes: 10,
        comments: [
          ['claire', 'J’ai ajouté des propositions pour la partie sensibilisation.'],
          ['guillaume', 'Merci pour ce travail. Pensez à valoriser le réemploi des ordinateurs des lycées.'],
        ],
      },
      {
        daysAgo: 18,
        hour: 11,
        author: 'vincent',
        text: 'Bilan du reconditionnement : 3 000 ordinateurs des lycées ont été remis à des associations d’insertion depuis janvier.',
        likes: 27,
        comments: [['sophie', 'Un résultat remarquable, bravo à toute l’équipe.']],
      },
    ],
  },
];

export interface DemoSpaces {
  spaces: SpaceRecord[];
  posts: PostRecord[];
}

export function buildSpaces(clock: DemoClock): DemoSpaces {
  const scripts = spaceScripts(clock.year);
  const posts: PostRecord[] = [];
  let commentNumber = 0;
  for (const space of scripts) {
    space.posts.forEach((post) => {
      const postedAt = clock.ago(post.daysAgo, post.hour, clock.rng.int(0, 50));
      const id = demoId('sp', String(posts.length + 1).padStart(3, '0'));
      posts.push({
        id,
        spaceId: spaceId(space.key),
        authorId: personId(post.author),
        text: post.text,
        postedAt: postedAt.toISOString(),
        likes: post.likes,
        comments: post.comments.map(([author, text], index) => {
          commentNumber++;
          // Comments follow the post by minutes or hours, but never reach into the future.
          const wanted = postedAt.getTime() + (index + 1) * clock.rng.int(20, 180) * MINUTE;
          const at = Math.min(wanted, clock.officeNow.getTime() - (post.comments.length - index) * MINUTE);
          return {
            id: demoId('sc', String(commentNumber).padStart(3, '0')),
            authorId: personId(author),
            text,
            postedAt: new Date(Math.max(at, postedAt.getTime() + MINUTE)).toISOString(),
          };
        }),
      });
    });
  }
  const spaces = scripts.map((space) => ({
    id: spaceId(space.key),
    name: space.name,
    description: space.description,
    memberCount: space.memberCount,
    unread: space.unread,
  }));
  return { spaces, posts };
}
