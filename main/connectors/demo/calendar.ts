// Camille's week (Monday to Friday, Paris office hours), with a few meetings before and after it.
import type { EventRecord } from '../../core/ports';
import type { DemoClock } from './clock';
import { demoId } from './ids';
import { personId, type PersonKey } from './people';
import { addDays, mondayOf, parisDay, parisTime } from './time';

interface EventScript {
  key: string;
  /** 0 = Monday of this week; negative for last week, 7+ for next week. */
  day: number;
  start: [hour: number, minute: number];
  end: [hour: number, minute: number];
  allDay?: boolean;
  title: string;
  location: string | null;
  organizer: PersonKey;
  attendees: PersonKey[];
  visio?: string;
  description: string;
}

const VISIO = 'https://visio.occitanie.demo';

const week = (year: number): EventScript[] => [
  {
    key: 'copil-8',
    day: -4,
    start: [14, 0],
    end: [16, 0],
    title: 'COPIL Lycées connectés n° 8',
    location: 'Salle du Capitole, hôtel de Région',
    organizer: 'thomas',
    attendees: ['camille', 'sophie', 'isabelle', 'patrick', 'sandrine', 'karim'],
    visio: 'copil-lycees-connectes',
    description: 'Avancement du déploiement, retard du lot 2, résultats de l’enquête de satisfaction.',
  },
  {
    key: 'cp-prep',
    day: -2,
    start: [10, 0],
    end: [11, 0],
    title: 'Préparation de la commission permanente',
    location: 'Bureau de la directrice',
    organizer: 'sophie',
    attendees: ['camille', 'pauline'],
    description: 'Relecture des rapports de la Direction du numérique inscrits à l’ordre du jour.',
  },
  {
    key: 'point-hebdo',
    day: 0,
    start: [9, 30],
    end: [10, 30],
    title: 'Point hebdomadaire de la Direction du numérique',
    location: 'Salle Garonne',
    organizer: 'sophie',
    attendees: ['camille', 'thomas', 'romain', 'laurent', 'vincent', 'emilie'],
    visio: 'point-hebdo-dnum',
    description: 'Ordre du jour envoyé par courriel. Tour de table et congés à venir.',
  },
  {
    key: 'suivi-hebergement',
    day: 0,
    start: [14, 0],
    end: [15, 30],
    title: 'Réunion de suivi – hébergement (Occitel Solutions)',
    location: null,
    organizer: 'camille',
    attendees: ['antoine', 'laurent'],
    visio: 'suivi-hebergement-occitel',
    description:
      'Rapport de disponibilité du trimestre, test de restauration des sauvegardes, matrice des responsabilités.',
  },
  {
    key: 'cao',
    day: 1,
    start: [10, 0],
    end: [12, 0],
    title: 'Commission d’appel d’offres – marché d’hébergement souverain',
    location: 'Salle du Capitole, hôtel de Région',
    organizer: 'julien',
    attendees: ['camille', 'celine', 'sophie'],
    description: `Présentation de l’analyse technique des offres du marché ${year}-DN-014 (dix minutes).`,
  },
  {
    key: 'cper',
    day: 1,
    start: [14, 30],
    end: [16, 0],
    title: 'Réunion État-Région – volet numérique du CPER',
    location: 'Préfecture de région, salle Jean-Moulin',
    organizer: 'anne',
    attendees: ['camille', 'sophie', 'francois'],
    description: 'Revue à mi-parcours du volet numérique du contrat de plan État-Région.',
  },
  {
    key: 'wifi-lot2',
    day: 2,
    start: [9, 0],
    end: [10, 0],
    title: 'Point d’étape déploiement Wi-Fi lot 2',
    location: null,
    organizer: 'thomas',
    attendees: ['camille', 'vincent'],
    visio: 'wifi-lot-2',
    description: 'Planning des Pyrénées-Orientales pendant les vacances de printemps.',
  },
  {
    key: 'formation-rgaa',
    day: 2,
    start: [14, 0],
    end: [17, 0],
    title: 'Formation « Rédiger un cahier des charges accessible »',
    location: null,
    organizer: 'manon',
    attendees: ['camille'],
    visio: 'formation-cahier-des-charges-accessible',
    description: 'Première demi-journée. Le support sera envoyé à l’issue de la session.',
  },
  {
    key: 'rodez',
    day: 3,
    start: [10, 0],
    end: [12, 0],
    title: 'Visite du lycée Causses-et-Vallées',
    location: 'Lycée Causses-et-Vallées, Rodez',
    organizer: 'thomas',
    attendees: ['camille', 'karim'],
    description: 'Salle informatique et inventaire des équipements. Départ 7 h 30 en voiture de service.',
  },
  {
    key: 'comite-rgpd',
    day: 3,
    start: [14, 0],
    end: [16, 0],
    title: 'Comité RGPD',
    location: 'Salle Garonne',
    organizer: 'nadia',
    attendees: ['camille', 'lea', 'olivier', 'romain'],
    visio: 'comite-rgpd',
    description:
      'Registre des traitements, analyse d’impact de la billettique liO, demandes d’exercice de droits, atelier des référents.',
  },
  {
    key: 'mep-portail',
    day: 3,
    start: [19, 0],
    end: [20, 0],
    title: 'Mise en production du portail des aides (astreinte)',
    location: null,
    organizer: 'romain',
    attendees: ['camille', 'vincent'],
    description: 'Rester joignable pendant la mise en production.',
  },
  {
    key: 'seminaire',
    day: 4,
    start: [0, 0],
    end: [0, 0],
    allDay: true,
    title: 'Séminaire de la Direction du numérique',
    location: 'Domaine de Saint-Ferréol, Revel',
    organizer: 'sophie',
    attendees: ['camille', 'thomas', 'romain', 'laurent', 'vincent', 'emilie'],
    description:
      'Bilan du semestre, feuille de route du numérique responsable, ateliers par pôle. Covoiturage depuis l’hôtel de Région.',
  },
  {
    key: 'copil-10',
    day: 8,
    start: [14, 0],
    end: [16, 0],
    title: 'COPIL Lycées connectés n° 10',
    location: 'Salle du Capitole, hôtel de Région',
    organizer: 'thomas',
    attendees: ['camille', 'sophie', 'isabelle', 'patrick', 'sandrine', 'karim'],
    visio: 'copil-lycees-connectes',
    description: 'Point d’avancement trimestriel.',
  },
  {
    key: 'commission-permanente',
    day: 9,
    start: [10, 0],
    end: [13, 0],
    title: 'Commission permanente',
    location: 'Salle de l’Assemblée, hôtel de Région',
    organizer: 'pauline',
    attendees: ['camille', 'sophie', 'guillaume'],
    description: 'Rapports de la Direction du numérique : se tenir disponible pendant la séance.',
  },
];

export const eventId = (key: string): string => demoId('e', key);

export function buildEvents(clock: DemoClock): EventRecord[] {
  const monday = mondayOf(parisDay(clock.now));
  return week(clock.year).map((event) => {
    const day = addDays(monday, event.day);
    const start = event.allDay ? parisTime(day, 0) : parisTime(day, ...event.start);
    const end = event.allDay ? parisTime(addDays(day, 1), 0) : parisTime(day, ...event.end);
    return {
      id: eventId(event.key),
      title: event.title,
      start: start.toISOString(),
      end: end.toISOString(),
      allDay: event.allDay ?? false,
      location: event.location,
      organizerId: personId(event.organizer),
      attendeeIds: [event.organizer, ...event.attendees.filter((key) => key !== event.organizer)].map(personId),
      meetingUrl: event.visio ? `${VISIO}/${event.visio}` : null,
      description: event.description,
    };
  });
}
