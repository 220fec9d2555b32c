// The few words a notification adds to what the item already says, in the user's language (the core has no
// i18next: these are the only UI strings it writes itself, like the reply headers of the mail engine).
import type { Language } from '../model';

const texts = {
  fr: {
    noSubject: '(sans objet)',
    inConversation: (author: string, conversation: string) => `${author} dans ${conversation}`,
    newMails: (count: number) => `${count} nouveaux messages`,
    attachment: 'Pièce jointe',
  },
  en: {
    noSubject: '(no subject)',
    inConversation: (author: string, conversation: string) => `${author} in ${conversation}`,
    newMails: (count: number) => `${count} new messages`,
    attachment: 'Attachment',
  },
} as const;

export type NotificationTexts = (typeof texts)[Language];

export const notificationTexts = (language: Language): NotificationTexts => texts[language] ?? texts.fr;
