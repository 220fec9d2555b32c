// The demonstration connector: a believable workspace of the Région Occitanie's Direction du numérique,
// generated locally (no server), for training and for trying Bastide without an account.
import type { AccountKindInfo } from '../../core/model';
import type { AccountRecord, Connector, ConnectorPorts, SyncContext } from '../../core/ports';
import { DEMO_ACCOUNT_ID } from './ids';
import { person, personId } from './people';
import { buildDemoWorkspace, type DemoWorkspace } from './workspace';

const kind: AccountKindInfo = {
  id: 'demo',
  label: 'Espace de démonstration',
  capabilities: ['mail', 'chat', 'spaces', 'files', 'calendar', 'directory', 'activity', 'presence'],
};

const camille = person('camille');

export const demoAccount: AccountRecord = {
  id: DEMO_ACCOUNT_ID,
  kindId: kind.id,
  displayName: camille.name,
  address: camille.address,
  selfPersonId: personId('camille'),
  capabilities: [...kind.capabilities],
  state: 'online',
};

const MAIL_BATCH = 100;

export const demoConnector: Connector = {
  kind,
  create(_account, { now }): ConnectorPorts {
    let workspace: DemoWorkspace | undefined;
    // Built once per account instance, on the first sync, and shared by every port.
    const data = () => (workspace ??= buildDemoWorkspace(now()));
    const single =
      (phase: string, write: (context: SyncContext, data: DemoWorkspace) => void) => async (context: SyncContext) => {
        context.progress(phase, 0, 1);
        context.sink.batch(() => write(context, data()));
        context.progress(phase, 1, 1);
      };
    return {
      directory: { sync: single('directory', ({ sink }, d) => sink.putPeople(d.people)) },
      mail: {
        async sync({ sink, progress }) {
          const { folders, messages } = data();
          sink.batch(() => {
            sink.putMailFolders(folders);
            for (let done = 0; done < messages.length; done += MAIL_BATCH) {
              progress('mail', done, messages.length);
              sink.putMessages(messages.slice(done, done + MAIL_BATCH));
            }
          });
          progress('mail', messages.length, messages.length);
        },
      },
      chat: {
        sync: single('chat', ({ sink }, d) => {
          sink.putConversations(d.conversations);
          sink.putChatMessages(d.chatMessages);
        }),
      },
      activity: {
        sync: single('activity', ({ sink }, d) => {
          sink.putSpaces(d.spaces);
          sink.putPosts(d.posts);
          sink.putActivity(d.activity);
        }),
      },
      files: { sync: single('files', ({ sink }, d) => sink.putFiles(d.files)) },
      calendar: { sync: single('calendar', ({ sink }, d) => sink.putEvents(d.events)) },
    };
  },
};
