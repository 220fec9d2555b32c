// What every part of a BlueMind account builds on: the REST client on the account's session keys, the server
// generation (probed), who the user is and where the mailbox lives (discovered once per run), the user's
// settings, file hosting, and the sender (Drafts → Outbox → flush, exactly once).
import { CoreError } from '../../core/errors';
import type { HttpClient } from '../http/http-client';
import { apiPath, BlueMindClient, type SessionKeys } from './client';
import { FileHosting } from './filehosting';
import { Generation } from './generation';
import { discoverAccount, type Account } from './mailbox';
import { folderItem, userSettings, type FolderItem } from './schemas';
import { Sender } from './send';
import type { KeyValue } from './state';

export interface RuntimeOptions {
  baseUrl: string;
  http: HttpClient;
  keys: SessionKeys;
  state: KeyValue;
  now?: () => number;
  /** Pause between polls of the Outbox flush task (tests: none). */
  sleep?: (ms: number) => Promise<void>;
}

export class BlueMindRuntime {
  readonly client: BlueMindClient;
  readonly generation: Generation;
  #account: Promise<Account> | null = null;
  #settings: Promise<Record<string, string | null>> | null = null;
  #sender: Promise<Sender> | null = null;
  /** Folders by full name, as last listed or looked up. */
  #folders = new Map<string, FolderItem>();

  constructor(readonly options: RuntimeOptions) {
    this.client = new BlueMindClient(options.baseUrl, options.http, options.keys);
    this.generation = new Generation(this.client);
  }

  now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get state(): KeyValue {
    return this.options.state;
  }

  /** Who we are and where the mailbox is (once per run; asked again after a failure). */
  account(): Promise<Account> {
    this.#account ??= discoverAccount(this.client).catch((error: unknown) => {
      this.#account = null;
      throw error;
    });
    return this.#account;
  }

  /** The mailbox's folders as listed (`_all`), which replace what was known. */
  rememberFolders(folders: FolderItem[]): void {
    this.#folders = new Map(folders.filter((f) => !f.value.deleted).map((f) => [f.value.fullName, f]));
  }

  knownFolders(): FolderItem[] {
    return [...this.#folders.values()];
  }

  /** A folder by full name (`Drafts`, `Projets/Bastide`), from the last listing or asked for. */
  async folder(path: string): Promise<FolderItem> {
    const known = this.#folders.get(path);
    if (known) return known;
    const { partition, root } = (await this.account()).mailbox;
    const found = await this.client.json(
      'GET',
      apiPath`/api/mail_folders/${partition}/${root}/byName/${path}`,
      folderItem,
    );
    if (!found) throw new CoreError('notFound', { id: path });
    this.#folders.set(path, found);
    return found;
  }

  settings(): Promise<Record<string, string | null>> {
    this.#settings ??= (async () => {
      const { user } = await this.account();
      return this.client.expect('GET', apiPath`/api/users/${user.domainUid}/${user.uid}/_settings`, userSettings);
    })().catch((error: unknown) => {
      this.#settings = null;
      throw error;
    });
    return this.#settings;
  }

  async hosting(): Promise<FileHosting> {
    const account = await this.account();
    return new FileHosting(
      this.client,
      account.user.domainUid,
      () => account.user.roles ?? [],
      () => this.settings(),
    );
  }

  sender(): Promise<Sender> {
    this.#sender ??= (async () => {
      const account = await this.account();
      return new Sender({
        client: this.client,
        generation: this.generation,
        mailbox: account.mailbox,
        folder: (name) => this.folder(name),
        hosting: await this.hosting(),
        state: this.options.state,
        now: () => this.now(),
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      });
    })().catch((error: unknown) => {
      this.#sender = null;
      throw error;
    });
    return this.#sender;
  }
}
