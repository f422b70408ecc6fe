import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import en from './en.json';
import buysZhCN from './buys.zh-CN.json';
import buysEn from './buys.en.json';
import distributionZhCN from './distribution.zh-CN.json';
import distributionEn from './distribution.en.json';
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
// Group buys, orders and notifications keep their strings in their own files, merged deeply into the
// same namespace (their error codes join errors.*).
i18n.addResourceBundle('zh-CN', 'translation', buysZhCN, true, false);
i18n.addResourceBundle('en', 'translation', buysEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', distributionZhCN, true, false);
i18n.addResourceBundle('en', 'translation', distributionEn, true, false);
applyLang(initial);

export default i18n;
