import type { PresenceStatus } from '../../core/model';
import type { PersonRecord } from '../../core/ports';
import { demoId } from './ids';

export interface DemoPerson {
  key: PersonKey;
  name: string;
  title: string;
  /** The organisation, for signatures. */
  organisation: string;
  address: string;
  /** Only agents of the Région appear in its presence service. */
  presence?: PresenceStatus;
  /** Tutoiement between close colleagues, vouvoiement otherwise. */
  familiar: boolean;
  civility: 'Madame' | 'Monsieur';
  phone: string;
}

const REGION = 'Région Occitanie';
const REGION_DOMAIN = 'occitanie.demo';

// Phone numbers come from the range ARCEP reserves for fiction (05 36 49 xx xx).
const agent = (
  key: PersonKey,
  name: string,
  title: string,
  service: string,
  presence: PresenceStatus,
  familiar: boolean,
  line: string,
  civility: DemoPerson['civility'] = 'Madame',
): DemoPerson => ({
  key,
  name,
  title,
  organisation: `${service}, ${REGION}`,
  address: `${emailLocalPart(name)}@${REGION_DOMAIN}`,
  presence,
  familiar,
  civility,
  phone: `05 36 49 ${line}`,
});

const partner = (
  key: PersonKey,
  name: string,
  title: string,
  organisation: string,
  domain: string,
  line: string,
  civility: DemoPerson['civility'] = 'Madame',
): DemoPerson => ({
  key,
  name,
  title,
  organisation,
  address: `${emailLocalPart(name)}@${domain}`,
  familiar: false,
  civility,
  phone: `05 36 49 ${line}`,
});

function emailLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
}

const DNUM = 'Direction du numérique';

export const demoPeople: readonly DemoPerson[] = [
  agent('camille', 'Camille Durand', 'Chargée de mission', DNUM, 'available', true, '10 10'),
  agent('sophie', 'Sophie Martin', 'Directrice du numérique', DNUM, 'available', false, '10 01'),
  agent('thomas', 'Thomas Lefèvre', 'Chef de projet Lycées connectés', DNUM, 'busy', true, '10 14', 'Monsieur'),
  agent('emilie', 'Émilie Garcia', 'Assistante de direction', DNUM, 'available', true, '10 02'),
  agent('romain', 'Romain Lambert', 'Développeur', DNUM, 'available', true, '10 27', 'Monsieur'),
  agent(
    'laurent',
    'Laurent Mercier',
    'Responsable de la sécurité des systèmes d’information',
    DNUM,
    'busy',
    true,
    '10 31',
    'Monsieur',
  ),
  agent('vincent', 'Vincent Robert', 'Technicien, centre de services', DNUM, 'available', true, '10 40', 'Monsieur'),
  agent(
    'nadia',
    'Nadia Benali',
    'Déléguée à la protection des données',
    'Direction générale des services',
    'available',
    true,
    '11 05',
  ),
  agent(
    'julien',
    'Julien Roux',
    'Acheteur public',
    'Direction de la commande publique',
    'away',
    true,
    '12 18',
    'Monsieur',
  ),
  agent('marc', 'Marc Fabre', 'Chef du service budget', 'Direction des finances', 'dnd', false, '12 40', 'Monsieur'),
  agent(
    'claire',
    'Claire Bonnet',
    'Chargée de communication interne',
    'Direction de la communication',
    'available',
    true,
    '13 22',
  ),
  agent(
    'manon',
    'Manon Faure',
    'Conseillère en ressources humaines',
    'Direction des ressources humaines',
    'offline',
    false,
    '13 57',
  ),
  agent(
    'pauline',
    'Pauline Mathieu',
    'Gestionnaire, secrétariat des assemblées',
    'Direction des assemblées',
    'available',
    false,
    '14 03',
  ),
  agent('celine', 'Céline Dubois', 'Juriste', 'Direction des affaires juridiques', 'away', false, '14 26'),
  agent(
    'aurelie',
    'Aurélie Nicolas',
    'Chargée de mission fonds européens',
    'Direction des affaires européennes',
    'offline',
    true,
    '14 48',
  ),
  agent(
    'guillaume',
    'Guillaume André',
    'Vice-président délégué au numérique',
    'Cabinet de la présidence',
    'offline',
    false,
    '15 00',
    'Monsieur',
  ),
  agent('helene', 'Hélène Moreau', 'Responsable d’exploitation liO', 'Direction des transports', 'busy', true, '16 12'),
  agent(
    'olivier',
    'Olivier Blanc',
    'Chef de projet billettique liO',
    'Direction des transports',
    'available',
    true,
    '16 35',
    'Monsieur',
  ),
  partner('isabelle', 'Isabelle Fournier', 'Proviseure', 'Lycée des Garrigues, Nîmes', 'ac-montpellier.demo', '20 11'),
  partner(
    'patrick',
    'Patrick Vidal',
    'Proviseur adjoint',
    'Lycée Canal-du-Midi, Castelnaudary',
    'ac-montpellier.demo',
    '20 24',
    'Monsieur',
  ),
  partner(
    'sandrine',
    'Sandrine Lopez',
    'Adjointe gestionnaire',
    'Lycée Garonne, Toulouse',
    'ac-toulouse.demo',
    '20 37',
  ),
  partner(
    'karim',
    'Karim Haddad',
    'Référent numérique',
    'Lycée Causses-et-Vallées, Rodez',
    'ac-toulouse.demo',
    '20 52',
    'Monsieur',
  ),
  partner(
    'anne',
    'Anne Rousseau',
    'Secrétaire générale adjointe pour les affaires régionales',
    'Préfecture de la région Occitanie',
    'occitanie.gouv.demo',
    '30 08',
  ),
  partner(
    'francois',
    'François Guérin',
    'Chargé de mission contrat de plan État-Région',
    'Préfecture de la région Occitanie',
    'occitanie.gouv.demo',
    '30 19',
    'Monsieur',
  ),
  partner(
    'mathieu',
    'Mathieu Perrin',
    'Directeur de projet',
    'Numeris Conseil',
    'numeris-conseil.demo',
    '40 02',
    'Monsieur',
  ),
  partner(
    'lea',
    'Léa Chevalier',
    'Consultante protection des données',
    'Numeris Conseil',
    'numeris-conseil.demo',
    '40 17',
  ),
  partner(
    'antoine',
    'Antoine Girard',
    'Ingénieur d’affaires',
    'Occitel Solutions',
    'occitel.demo',
    '40 45',
    'Monsieur',
  ),
  partner(
    'bruno',
    'Bruno Castel',
    'Responsable d’agence',
    'Autocars du Lauragais, exploitant liO',
    'autocars-lauragais.demo',
    '40 63',
    'Monsieur',
  ),
];

export type PersonKey =
  | 'camille'
  | 'sophie'
  | 'thomas'
  | 'emilie'
  | 'romain'
  | 'laurent'
  | 'vincent'
  | 'nadia'
  | 'julien'
  | 'marc'
  | 'claire'
  | 'manon'
  | 'pauline'
  | 'celine'
  | 'aurelie'
  | 'guillaume'
  | 'helene'
  | 'olivier'
  | 'isabelle'
  | 'patrick'
  | 'sandrine'
  | 'karim'
  | 'anne'
  | 'francois'
  | 'mathieu'
  | 'lea'
  | 'antoine'
  | 'bruno';

const byKey = new Map(demoPeople.map((person) => [person.key, person]));

export function person(key: PersonKey): DemoPerson {
  const found = byKey.get(key);
  if (!found) throw new Error(`Unknown demo person ${key}`);
  return found;
}

export const personId = (key: PersonKey): string => demoId('p', key);

export const firstName = (key: PersonKey): string => person(key).name.split(' ')[0] ?? '';

export function toPersonRecord(entry: DemoPerson): PersonRecord {
  const record: PersonRecord = {
    id: personId(entry.key),
    name: entry.name,
    address: entry.address,
    title: entry.title,
  };
  if (entry.presence) record.presence = entry.presence;
  return record;
}
