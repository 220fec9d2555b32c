import { z } from 'zod';
import { preconfiguredAccountSchema, type PreconfiguredAccount } from './accounts';
import { anchored, formats, type StringFormat } from './formats';

// The one policy schema. Everything an administrator sees is generated from it (scripts/policies/generate.mjs):
// the ADMX/ADML templates, the JSON Schema and example for /etc/bastide/policies.json, docs/admin-policies.md.
// Renaming a policy breaks deployed GPOs and policy files: add a new one and retire the old one instead.

export type Localized = Readonly<{ fr: string; en: string }>;

export type PolicyGroup = 'accounts' | 'security' | 'updates' | 'interface';

export const policyGroups: Readonly<Record<PolicyGroup, Localized>> = {
  accounts: { fr: 'Comptes', en: 'Accounts' },
  security: { fr: 'Sécurité et réseau', en: 'Security and network' },
  updates: { fr: 'Mises à jour', en: 'Updates' },
  interface: { fr: 'Interface et liens', en: 'Interface and links' },
};

/**
 * `lock`: a policy value wins over the user's and the setting is shown locked.
 * `default`: a policy value only replaces the built-in default; the user may still choose.
 */
export type Enforcement = 'lock' | 'default';

interface PolicyBase {
  /** PascalCase: the registry value name and the key in policies.json. */
  name: string;
  /** The setting it governs, as the core and the Settings screen name it. */
  setting: string;
  group: PolicyGroup;
  /** First Bastide version that reads it (ADMX supportedOn). */
  since: string;
  title: Localized;
  description: Localized;
  enforcement: Enforcement;
  /** Whether the user may change the setting in Settings when no policy sets it. */
  userEditable: boolean;
}

export interface EnumValue {
  value: string;
  label: Localized;
}

export type PolicyDefinition = PolicyBase &
  (
    | { type: 'boolean'; default: boolean; example: boolean }
    | { type: 'string'; format: StringFormat; maxLength: number; default: string; example: string }
    | { type: 'enum'; values: readonly EnumValue[]; default: string; example: string }
    | { type: 'number'; min: number; max: number; default: number; example: number }
    | {
        type: 'string-list';
        itemFormat: StringFormat;
        maxItems: number;
        default: readonly string[];
        example: readonly string[];
      }
    | {
        type: 'accounts-json';
        maxItems: number;
        default: readonly PreconfiguredAccount[];
        example: readonly PreconfiguredAccount[];
      }
  );

export type PolicyType = PolicyDefinition['type'];

export const policyDefinitions = [
  {
    name: 'PreconfiguredAccounts',
    setting: 'preconfiguredAccounts',
    group: 'accounts',
    since: '0.1',
    type: 'accounts-json',
    maxItems: 20,
    default: [],
    example: [
      {
        kind: 'bluemind',
        label: 'Messagerie de la Région',
        serverUrl: 'https://mail.laregion.fr',
        username: '${osUser}@laregion.fr',
        sso: true,
      },
      { kind: 'exo', label: 'Espace collaboratif', serverUrl: 'https://collab.laregion.fr', username: '${osUser}' },
    ],
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Comptes préconfigurés', en: 'Preconfigured accounts' },
    description: {
      fr:
        'Comptes proposés au premier démarrage : l’agent n’a plus qu’à saisir son mot de passe, ou à se connecter ' +
        'par SSO. Liste JSON d’objets { kind, label, serverUrl, username, sso }. kind vaut bluemind, zimbra ou exo ' +
        '(serverUrl en https://, sso facultatif), imap (serverUrl en imaps:// ou imap://, smtpUrl facultatif en ' +
        'smtps:// ou smtp://) ou xmpp (serverUrl en xmpps:// ou xmpp://). username est facultatif ; ${osUser} y est ' +
        'remplacé par l’identifiant de session du système, par exemple ${osUser}@laregion.fr. Un compte invalide ' +
        'est ignoré avec un avertissement, les autres restent proposés.',
      en:
        'Accounts offered at first start: the user only types a password, or signs in through SSO. A JSON list of ' +
        '{ kind, label, serverUrl, username, sso } objects. kind is bluemind, zimbra or exo (https:// serverUrl, ' +
        'optional sso), imap (imaps:// or imap:// serverUrl, optional smtps:// or smtp:// smtpUrl) or xmpp ' +
        '(xmpps:// or xmpp:// serverUrl). username is optional; ${osUser} in it becomes the operating-system login ' +
        'name, e.g. ${osUser}@laregion.fr. An invalid account is ignored with a warning; the others are still offered.',
    },
  },
  {
    name: 'AllowAccountAdd',
    setting: 'allowAccountAdd',
    group: 'accounts',
    since: '0.1',
    type: 'boolean',
    default: true,
    example: false,
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Autoriser l’ajout de comptes', en: 'Allow adding accounts' },
    description: {
      fr: 'Désactivée : l’agent ne peut pas ajouter de compte ; seuls les comptes préconfigurés sont disponibles.',
      en: 'Disabled: the user cannot add accounts; only the preconfigured accounts are available.',
    },
  },
  {
    name: 'AllowAccountRemove',
    setting: 'allowAccountRemove',
    group: 'accounts',
    since: '0.1',
    type: 'boolean',
    default: true,
    example: false,
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Autoriser la suppression de comptes', en: 'Allow removing accounts' },
    description: {
      fr: 'Désactivée : l’agent ne peut supprimer aucun compte, préconfiguré ou non.',
      en: 'Disabled: the user cannot remove any account, preconfigured or not.',
    },
  },
  {
    name: 'AllowedServerHosts',
    setting: 'allowedServerHosts',
    group: 'security',
    since: '0.1',
    type: 'string-list',
    itemFormat: 'host-pattern',
    maxItems: 200,
    default: [],
    example: ['laregion.fr', '*.laregion.fr'],
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Serveurs autorisés', en: 'Allowed servers' },
    description: {
      fr:
        'Noms d’hôte des serveurs de comptes auxquels Bastide accepte de se connecter, un par ligne. ' +
        '*.laregion.fr couvre tous les sous-domaines de laregion.fr, mais pas laregion.fr lui-même. ' +
        'Liste vide : tout serveur est accepté. Le serveur de mise à jour n’est pas concerné.',
      en:
        'Host names of the account servers Bastide may connect to, one per line. *.laregion.fr covers every ' +
        'subdomain of laregion.fr but not laregion.fr itself. Empty list: any server. The update server is not ' +
        'affected.',
    },
  },
  {
    name: 'TrustedCertificateFingerprints',
    setting: 'trustedCertificateFingerprints',
    group: 'security',
    since: '0.1',
    type: 'string-list',
    itemFormat: 'sha256-fingerprint',
    maxItems: 200,
    default: [],
    example: ['5E:8F:16:06:2E:A3:CD:2C:4A:0D:54:78:76:BA:A6:F3:8C:AB:F6:25:A7:0F:B0:C4:D3:17:7C:4A:E1:2A:94:27'],
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Empreintes de certificats de confiance', en: 'Trusted certificate fingerprints' },
    description: {
      fr:
        'Empreintes SHA-256 de certificats de serveur acceptés même sans autorité reconnue (serveur interne au ' +
        'certificat auto-signé), une par ligne : 64 chiffres hexadécimaux, avec ou sans deux-points.',
      en:
        'SHA-256 fingerprints of server certificates accepted without a recognised authority (an internal server ' +
        'with a self-signed certificate), one per line: 64 hexadecimal digits, with or without colons.',
    },
  },
  {
    name: 'TrustedCaCertificates',
    setting: 'trustedCaCertificates',
    group: 'security',
    since: '0.1',
    type: 'string-list',
    itemFormat: 'absolute-path',
    maxItems: 50,
    default: [],
    example: ['/usr/local/share/ca-certificates/laregion-ca.pem'],
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Autorités de certification supplémentaires', en: 'Additional certificate authorities' },
    description: {
      fr:
        'Chemins absolus de fichiers PEM d’autorités de certification de l’organisation, un par ligne, ajoutées ' +
        'à celles du système. Les fichiers doivent être lisibles par l’agent.',
      en:
        'Absolute paths of PEM files holding the organisation’s certificate authorities, one per line, added to ' +
        'the system’s. The files must be readable by the user.',
    },
  },
  {
    name: 'AllowCertificateExceptions',
    setting: 'allowCertificateExceptions',
    group: 'security',
    since: '0.1',
    type: 'boolean',
    default: true,
    example: false,
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Autoriser les exceptions de certificat', en: 'Allow certificate exceptions' },
    description: {
      fr:
        'Désactivée : l’agent ne peut pas accepter lui-même un certificat non reconnu ; seuls le magasin du ' +
        'système et les autorités et empreintes déclarées par stratégie font foi.',
      en:
        'Disabled: the user cannot accept an unrecognised certificate; only the system store and the authorities ' +
        'and fingerprints set by policy are trusted.',
    },
  },
  {
    name: 'NoKeyringBehaviour',
    setting: 'noKeyringBehaviour',
    group: 'security',
    since: '0.1',
    type: 'enum',
    values: [
      { value: 'refuse', label: { fr: 'Refuser', en: 'Refuse' } },
      {
        value: 'memory-with-banner',
        label: { fr: 'Garder en mémoire, avec un bandeau', en: 'Keep in memory, with a banner' },
      },
    ],
    default: 'memory-with-banner',
    example: 'refuse',
    enforcement: 'lock',
    userEditable: true,
    title: { fr: 'En l’absence de trousseau', en: 'When no keyring is available' },
    description: {
      fr:
        'Que faire quand le trousseau du système (Gestionnaire d’identification de Windows, Secret Service sous ' +
        'Linux) est indisponible. refuse : aucune connexion de compte n’est possible. memory-with-banner : les ' +
        'mots de passe restent en mémoire le temps de la session, un bandeau le signale, et ils sont redemandés ' +
        'au démarrage suivant.',
      en:
        'What to do when the system keyring (Windows Credential Manager, Secret Service on Linux) is unavailable. ' +
        'refuse: no account can sign in. memory-with-banner: passwords stay in memory for the session, a banner ' +
        'says so, and they are asked again at the next start.',
    },
  },
  {
    name: 'DisableDevTools',
    setting: 'disableDevTools',
    group: 'security',
    since: '0.1',
    type: 'boolean',
    default: false,
    example: true,
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Désactiver les outils de développement', en: 'Disable developer tools' },
    description: {
      fr: 'Activée : les outils de développement ne peuvent pas être ouverts, ni par menu ni par raccourci.',
      en: 'Enabled: developer tools cannot be opened, neither from a menu nor by a shortcut.',
    },
  },
  {
    name: 'UpdateMode',
    setting: 'updateMode',
    group: 'updates',
    since: '0.1',
    type: 'enum',
    values: [
      { value: 'off', label: { fr: 'Désactivées', en: 'Off' } },
      { value: 'notify', label: { fr: 'Notification seulement', en: 'Notify only' } },
      { value: 'automatic', label: { fr: 'Automatiques', en: 'Automatic' } },
    ],
    default: 'automatic',
    example: 'notify',
    enforcement: 'lock',
    userEditable: true,
    title: { fr: 'Mode de mise à jour', en: 'Update mode' },
    description: {
      fr:
        'off : Bastide ne contacte jamais le serveur de mise à jour. notify : Bastide signale une nouvelle ' +
        'version et ses notes, sans rien télécharger. automatic : téléchargement puis installation au ' +
        'redémarrage, seulement pour les installations qui appartiennent à l’agent (installeur par utilisateur, ' +
        'AppImage) ; les installations MSI, deb, rpm ou par machine se contentent de notifier, car la DSI les met ' +
        'à jour avec ses propres outils.',
      en:
        'off: Bastide never contacts the update server. notify: Bastide announces a new version and its notes ' +
        'and downloads nothing. automatic: download, then install on restart, only for installations the user ' +
        'owns (per-user installer, AppImage); MSI, deb, rpm and per-machine installations only notify, because IT ' +
        'updates them with its own tools.',
    },
  },
  {
    name: 'UpdateUrl',
    setting: 'updateUrl',
    group: 'updates',
    since: '0.1',
    type: 'string',
    format: 'https-url',
    maxLength: 2048,
    default: '',
    example: 'https://logiciels.laregion.fr/bastide/',
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Adresse du serveur de mise à jour', en: 'Update server address' },
    description: {
      fr:
        'Dossier HTTPS (miroir interne) qui contient latest.yml, latest-linux.yml, les installeurs et leurs ' +
        'fichiers .blockmap. Vide : l’adresse intégrée à la version installée. Sans adresse utilisable, Bastide ne ' +
        'vérifie rien.',
      en:
        'HTTPS folder (an internal mirror) holding latest.yml, latest-linux.yml, the installers and their .blockmap ' +
        'files. Empty: the address built into the installed version. With no usable address, Bastide checks nothing.',
    },
  },
  {
    name: 'UpdateChannel',
    setting: 'updateChannel',
    group: 'updates',
    since: '0.1',
    type: 'enum',
    values: [
      { value: 'stable', label: { fr: 'Stable', en: 'Stable' } },
      { value: 'beta', label: { fr: 'Bêta', en: 'Beta' } },
    ],
    default: 'stable',
    example: 'stable',
    enforcement: 'lock',
    userEditable: true,
    title: { fr: 'Canal de mise à jour', en: 'Update channel' },
    description: {
      fr:
        'stable : versions publiées (latest.yml). beta : versions préliminaires aussi (beta.yml). Revenir de beta ' +
        'à stable n’installe jamais une version plus ancienne : l’agent garde la sienne jusqu’à la stable suivante.',
      en:
        'stable: released versions (latest.yml). beta: pre-releases too (beta.yml). Going back from beta to stable ' +
        'never installs an older version: the user keeps theirs until the next stable one.',
    },
  },
  {
    name: 'UpdateCheckIntervalHours',
    setting: 'updateCheckIntervalHours',
    group: 'updates',
    since: '0.1',
    type: 'number',
    min: 1,
    max: 168,
    default: 6,
    example: 24,
    enforcement: 'lock',
    userEditable: false,
    title: { fr: 'Intervalle de vérification (heures)', en: 'Check interval (hours)' },
    description: {
      fr: 'Heures entre deux vérifications de mise à jour, de 1 à 168. Une vérification a aussi lieu au démarrage.',
      en: 'Hours between two update checks, from 1 to 168. A check also happens at start.',
    },
  },
  {
    name: 'DefaultLanguage',
    setting: 'language',
    group: 'interface',
    since: '0.1',
    type: 'enum',
    values: [
      { value: 'fr', label: { fr: 'Français', en: 'French' } },
      { value: 'en', label: { fr: 'Anglais', en: 'English' } },
    ],
    default: 'fr',
    example: 'fr',
    enforcement: 'default',
    userEditable: true,
    title: { fr: 'Langue par défaut', en: 'Default language' },
    description: {
      fr: 'Langue de l’interface tant que l’agent n’en a pas choisi une autre dans les Paramètres.',
      en: 'Interface language until the user picks another one in Settings.',
    },
  },
  {
    name: 'ExternalBrowserPath',
    setting: 'externalBrowserPath',
    group: 'interface',
    since: '0.1',
    type: 'string',
    format: 'absolute-path',
    maxLength: 1024,
    default: '',
    example: '/usr/bin/firefox',
    enforcement: 'lock',
    userEditable: true,
    title: { fr: 'Navigateur pour les liens', en: 'Browser for links' },
    description: {
      fr:
        'Chemin absolu du navigateur qui ouvre les liens web (http, https) ; l’adresse lui est passée en unique ' +
        'argument, sans interpréteur de commandes. Vide : le navigateur par défaut du système.',
      en:
        'Absolute path of the browser that opens web links (http, https); the address is its only argument, with ' +
        'no shell involved. Empty: the system’s default browser.',
    },
  },
] as const satisfies readonly PolicyDefinition[];

type Definition = (typeof policyDefinitions)[number];
type DefinitionNamed<N extends PolicyName> = Extract<Definition, { name: N }>;

type ValueOf<D> = D extends { type: 'boolean' }
  ? boolean
  : D extends { type: 'string' }
    ? string
    : D extends { type: 'number' }
      ? number
      : D extends { type: 'string-list' }
        ? string[]
        : D extends { type: 'accounts-json' }
          ? PreconfiguredAccount[]
          : D extends { type: 'enum'; values: readonly (infer V)[] }
            ? V extends { value: infer Value }
              ? Value
              : never
            : never;

export type PolicyName = Definition['name'];
export type PolicyValues = { [N in PolicyName]: ValueOf<DefinitionNamed<N>> };
export type SettingKey = Definition['setting'];
/** Every policy-backed setting with its effective value, keyed by setting. */
export type ManagedSettings = { [D in Definition as D['setting']]: ValueOf<D> };

export const policyNames: readonly PolicyName[] = policyDefinitions.map((definition) => definition.name);

export function findPolicy(name: string): PolicyDefinition | undefined {
  return (policyDefinitions as readonly PolicyDefinition[]).find((definition) => definition.name === name);
}

/** The validator of one item of a list policy. */
export function policyItemSchema(definition: PolicyDefinition): z.ZodType | null {
  if (definition.type === 'string-list') return z.string().regex(anchored(formats[definition.itemFormat]));
  if (definition.type === 'accounts-json') return preconfiguredAccountSchema;
  return null;
}

/** The validator of a whole policy value. */
export function policyValueSchema(definition: PolicyDefinition): z.ZodType {
  switch (definition.type) {
    case 'boolean':
      return z.boolean();
    case 'string':
      // Empty means "not set" (the built-in default applies).
      return z
        .string()
        .max(definition.maxLength)
        .regex(new RegExp(`^(?:${formats[definition.format]})?$`));
    case 'enum':
      return z.enum(definition.values.map((item) => item.value) as [string, ...string[]]);
    case 'number':
      return z.number().int().min(definition.min).max(definition.max);
    case 'string-list':
    case 'accounts-json':
      return z.array(policyItemSchema(definition)!).max(definition.maxItems);
  }
}

/** Validates a complete set of policies (every policy optional, nothing else allowed). */
export const policiesSchema = z.strictObject(
  Object.fromEntries(
    policyDefinitions.map((definition) => [definition.name, policyValueSchema(definition).optional()]),
  ),
) as unknown as z.ZodType<Partial<PolicyValues>>;

export function defaultSettings(): ManagedSettings {
  return Object.fromEntries(
    policyDefinitions.map((definition) => [definition.setting, structuredClone(definition.default)]),
  ) as unknown as ManagedSettings;
}
