/** Preferences kept on the device: the interface language and elder mode (长辈模式). */
import type { Locale } from './api-types.ts';

/** Where the device keeps its language (web/preload-english.ts reads it too, before the app runs). */
export const LANG_KEY = 'linli.lang';
const ELDER_KEY = 'linli.elder';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // private mode on old browsers throws
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // not fatal: the preference just lasts for this visit
  }
}

/** Any tag starting with "en" is English; everything else is Chinese, the default. */
export function normalizeLocale(tag: string | null | undefined): Locale {
  return tag && tag.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export const storedLocale = (): Locale | null => {
  const value = read(LANG_KEY);
  return value ? normalizeLocale(value) : null;
};
export const saveLocale = (locale: Locale): void => write(LANG_KEY, locale);

export const storedElder = (): boolean => read(ELDER_KEY) === '1';
export const saveElder = (on: boolean): void => write(ELDER_KEY, on ? '1' : '0');

/** Elder mode is a class on <html> so plain CSS can enlarge text and hide secondary details. */
export function applyElder(on: boolean): void {
  document.documentElement.classList.toggle('elder', on);
}

export function applyLang(locale: Locale): void {
  document.documentElement.lang = locale;
}
