// Documents: Camille's own, and those of each space.
import type { FileRecord } from '../../core/ports';
import type { DemoClock } from './clock';
import { demoId } from './ids';
import { mimeTypeOf } from './mail/plan';
import { person, type PersonKey } from './people';
import { spaceId } from './spaces';

type Node = FolderNode | FileNode;

interface FolderNode {
  folder: string;
  children: Node[];
}

interface FileNode {
  file: string;
  kb: number;
  by: PersonKey;
  daysAgo: number;
}

const folder = (name: string, ...children: Node[]): FolderNode => ({ folder: name, children });
const file = (name: string, kb: number, by: PersonKey, daysAgo: number): FileNode => ({ file: name, kb, by, daysAgo });

const personalFiles = (year: number): Node[] => [
  folder(
    'Notes et comptes rendus',
    file('Compte rendu réunion de suivi hébergement.odt', 36, 'camille', 11),
    file('Note CODIR – hébergement souverain.odt', 48, 'camille', 13),
    file('CR_COPIL_Lycees_connectes_9.pdf', 240, 'thomas', 6),
    file('Note de justification BP lycées.odt', 74, 'camille', 17),
  ),
  folder(
    'Marchés publics',
    folder(
      'Hébergement souverain',
      file(`CCTP_hebergement_souverain_${year}.pdf`, 540, 'camille', 60),
      file(`Rapport_analyse_offres_${year}-DN-014.odt`, 190, 'camille', 25),
      file('Grille de notation hébergement.ods', 48, 'julien', 26),
      file('Extrait CCTP article 7 – avis DAJ.odt', 25, 'celine', 17),
    ),
    folder(
      'Ordinateurs portables lycées',
      file(`CCTP_ordinateurs_portables_${year}-DN-021.pdf`, 498, 'thomas', 47),
      file('Questions des candidats – réponses.odt', 31, 'camille', 38),
    ),
    folder('Bornes Wi-Fi', file(`RC_${year}-DN-032.pdf`, 210, 'julien', 18)),
  ),
  folder(
    'Présentations',
    file('Bilan Lycées connectés – réunion de l’exécutif.odp', 3420, 'camille', 5),
    file('Feuille de route numérique responsable.odp', 2780, 'camille', 8),
    file('Atelier RGPD des référents.odp', 1960, 'lea', 9),
  ),
  file(`Rapport numérique responsable ${year} v1.odt`, 412, 'camille', 7),
  file('Planning_deploiement_Wifi_lot2.ods', 54, 'camille', 2),
  file('Registre des traitements.ods', 318, 'nadia', 4),
  file('Fiche déplacement lycée des Garrigues.odt', 22, 'camille', 0),
  file('Avenant convention télétravail.pdf', 142, 'manon', 14),
  file('Tableau de suivi CPER numérique.ods', 92, 'camille', 10),
];

const spaceFiles = (year: number): Record<string, Node[]> => ({
  dnum: [
    folder(
      'Notes de service',
      file('Note de service – télétravail.pdf', 180, 'manon', 30),
      file(`Charte informatique ${year}.pdf`, 420, 'laurent', 75),
      file('Procédure de signalement des incidents de sécurité.pdf', 230, 'laurent', 40),
    ),
    folder(
      'Hébergement',
      file('Compte rendu réunion Occitel.odt', 36, 'camille', 15),
      file('PV test de bascule site de secours.pdf', 260, 'antoine', 9),
      file('Matrice des responsabilités.ods', 40, 'antoine', 12),
    ),
    file('Organigramme Direction du numérique.pdf', 310, 'emilie', 21),
    file(`Feuille de route DNUM ${year}.pdf`, 780, 'sophie', 95),
    file('Séminaire de direction – programme.odt', 28, 'emilie', 1),
  ],
  lycees: [
    folder(
      'COPIL',
      file('COPIL Lycées connectés n° 9.odp', 2860, 'thomas', 1),
      file('CR COPIL n° 9.pdf', 240, 'thomas', 1),
      file('CR COPIL n° 8.pdf', 236, 'thomas', 23),
      file('CR COPIL n° 7.pdf', 228, 'thomas', 45),
    ),
    folder(
      'Lycée Garonne',
      file('Autorisations droit à l’image.pdf', 1280, 'sandrine', 12),
      file('Photos installation Wi-Fi.zip', 24_500, 'thomas', 12),
    ),
    folder(
      'Lycée Causses-et-Vallées',
      file('Inventaire numérique.ods', 76, 'karim', 5),
      file('Photos TP sciences.zip', 18_200, 'karim', 12),
    ),
    folder('Plannings', file('Planning lot 1.ods', 61, 'thomas', 40), file('Planning lot 2.ods', 54, 'camille', 2)),
    file('Synthèse Lycées connectés.pdf', 298, 'camille', 8),
    file('Enquête de satisfaction enseignants – résultats.ods', 112, 'thomas', 6),
  ],
  lio: [
    file('Cahier de recette billettique v1.4.ods', 96, 'olivier', 3),
    file('Fiche jeu de données GTFS.odt', 30, 'camille', 11),
    file('Plan de déploiement des valideurs.odp', 1540, 'helene', 1),
    file('Schéma directeur de l’information voyageurs.pdf', 2300, 'helene', 52),
  ],
  rgpd: [
    file('Modèle de fiche registre.odt', 24, 'nadia', 28),
    file('AIPD billettique liO v3.pdf', 1320, 'lea', 13),
    file('Bilan des demandes d’exercice de droits.ods', 44, 'nadia', 20),
    file('Politique de protection des données.pdf', 390, 'nadia', 120),
  ],
  budget: [
    file(`Lettre de cadrage BP ${year + 1}.pdf`, 388, 'marc', 42),
    file(`Synthèse des demandes DNUM BP ${year + 1}.ods`, 66, 'marc', 5),
    file(`Note de justification BP ${year + 1} – lycées.odt`, 74, 'camille', 17),
  ],
  responsable: [
    file(`Rapport numérique responsable ${year} v1.odt`, 412, 'camille', 7),
    file('Bilan du reconditionnement.ods', 58, 'vincent', 18),
    file('Guide des écogestes numériques.pdf', 890, 'claire', 33),
  ],
});

export function buildFiles(clock: DemoClock): FileRecord[] {
  const records: FileRecord[] = [];
  const add = (nodes: Node[], parentId: string | null, space: string | null) => {
    for (const node of nodes) {
      const id = demoId('d', String(records.length + 1).padStart(3, '0'));
      if ('folder' in node) {
        const record: FileRecord = {
          id,
          parentId,
          spaceId: space,
          name: node.folder,
          kind: 'folder',
          size: null,
          mimeType: null,
          modifiedAt: clock.now.toISOString(),
          modifiedBy: null,
        };
        records.push(record);
        add(node.children, id, space);
        // A folder was last modified when its newest content was.
        record.modifiedAt = newest(records.filter((entry) => entry.parentId === id)) ?? clock.ago(60).toISOString();
      } else {
        records.push({
          id,
          parentId,
          spaceId: space,
          name: node.file,
          kind: 'file',
          size: node.kb * 1024 + clock.rng.int(0, 1023),
          mimeType: mimeTypeOf(node.file),
          modifiedAt: clock.ago(node.daysAgo).toISOString(),
          modifiedBy: person(node.by).name,
        });
      }
    }
  };
  add(personalFiles(clock.year), null, null);
  for (const [key, nodes] of Object.entries(spaceFiles(clock.year))) add(nodes, null, spaceId(key));
  return records;
}

function newest(entries: FileRecord[]): string | undefined {
  return entries
    .map((entry) => entry.modifiedAt)
    .sort()
    .at(-1);
}
