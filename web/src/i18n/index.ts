import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import en from './en.json';
import { contextBundles } from './bundles.ts';
import { applyLang, storedLocale } from '../prefs.ts';

export const LOCALES = ['zh-CN', 'en'] as const;

const initial = storedLocale() ?? 'zh-CN';

// Both bundles are small and ship in the main chunk: no extra round trip on a congested network.
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
// Each context's strings (buys, jielong, money, distribution …) live in their own files: see bundles.ts.
for (const locale of LOCALES) {
  for (const bundle of contextBundles(locale))
    i18n.addResourceBundle(locale, 'translation', bundle, true, false);
}
applyLang(initial);

export default i18n;
