import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/ar';
import type { I18nProvider } from '@refinedev/core';
import { resources, isRtl, type Lang } from '../i18n';

export const LANG_STORAGE_KEY = 'cmx.lang';

export function initialLanguage(): Lang {
  try {
    const stored = localStorage.getItem(LANG_STORAGE_KEY);
    if (stored === 'en' || stored === 'ar') return stored;
  } catch { /* no storage */ }
  return 'en';
}

function applyDocument(lang: string) {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
  dayjs.locale(lang === 'ar' ? 'ar' : 'en');
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyDocument(i18n.language);
i18n.on('languageChanged', applyDocument);

export async function setLanguage(lang: Lang) {
  try { localStorage.setItem(LANG_STORAGE_KEY, lang); } catch { /* no storage */ }
  await i18n.changeLanguage(lang);
}

export const i18nProvider: I18nProvider = {
  translate: (key: string, options?: any, defaultMessage?: string) =>
    i18n.t(key, { defaultValue: defaultMessage, ...(typeof options === 'object' ? options : {}) }) as string,
  changeLocale: (lang: string) => setLanguage(lang as Lang),
  getLocale: () => i18n.language,
};

export default i18n;
