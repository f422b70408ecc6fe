import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api-types.ts';
import { bundles as zhCN } from './locale-zh-CN.ts';
import { applyLang, storedLocale } from '../prefs.ts';

// Chinese, the default and the fallback, ships in the main chunk. English (~45 KB of strings) is its own chunk,
// loaded before the first render when it is the device's choice and when a person switches to it: a Chinese
// phone on a congested network neither downloads nor parses it.
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN[0]! } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
for (const bundle of zhCN.slice(1)) i18n.addResourceBundle('zh-CN', 'translation', bundle, true, false);

/** Loads a locale's strings once (English from its chunk). */
async function load(locale: Locale): Promise<void> {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  const { bundles } = await import('./locale-en.ts');
  for (const bundle of bundles) i18n.addResourceBundle(locale, 'translation', bundle, true, false);
}

/** The locale asked for last: a load that ends after another choice does not switch back to its own. */
let wanted: Locale = 'zh-CN';

/**
 * Shows the interface in a locale, once its strings are there. If English cannot be loaded (the network is
 * gone), the page stays in Chinese and the promise rejects; the choice kept on the device is tried again at the
 * next start.
 */
export async function switchLocale(locale: Locale): Promise<void> {
  wanted = locale;
  await load(locale);
  if (wanted !== locale) return;
  await i18n.changeLanguage(locale);
  applyLang(locale);
}

/** How long the first render waits for English before it draws the page in Chinese (and switches on arrival). */
const WAIT_FOR_LOCALE_MS = 3000;

/**
 * The device's language, ready before the first render (main.tsx waits for it; Chinese is ready at once). On a
 * network too slow for English to arrive within WAIT_FOR_LOCALE_MS, the page is drawn in Chinese meanwhile.
 */
export const localeReady: Promise<void> = Promise.race([
  switchLocale(storedLocale() ?? 'zh-CN').catch(() => applyLang('zh-CN')),
  new Promise<void>((resolve) => setTimeout(resolve, WAIT_FOR_LOCALE_MS)),
]);

export default i18n;
