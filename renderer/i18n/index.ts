import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ErrorInfo, Language } from '../../preload/contract';
import en from './en.json';
import fr from './fr.json';

export const languages: readonly Language[] = ['fr', 'en'];

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: 'fr',
  fallbackLng: 'fr',
  supportedLngs: languages,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes what it renders.
  returnEmptyString: false,
});

export async function applyLanguage(language: Language): Promise<void> {
  document.documentElement.lang = language;
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/** The message for a failed request, falling back to the generic internal error for unknown codes. */
export function errorMessage(t: TFunction, error: ErrorInfo): string {
  const fallback = t('errors.internal');
  return t(`errors.${error.code}`, { ...error.params, defaultValue: fallback });
}
