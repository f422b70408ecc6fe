/**
 * Every context keeps its strings in its own pair of files (`<context>.zh-CN.json`, `<context>.en.json`) next
 * to the common `zh-CN.json` / `en.json`; they are merged deeply into one namespace at start-up (their error
 * codes join errors.*). Picked up by name, so a new context's bundle needs no edit here.
 */
type Tree = { [key: string]: string | Tree };

const zhCN = import.meta.glob<Tree>('./*.zh-CN.json', { eager: true, import: 'default' });
const en = import.meta.glob<Tree>('./*.en.json', { eager: true, import: 'default' });

/** The context bundles of one locale (not the common file), in file-name order. */
export function contextBundles(locale: 'zh-CN' | 'en'): Tree[] {
  const files = locale === 'zh-CN' ? zhCN : en;
  return Object.keys(files)
    .sort()
    .map((name) => files[name]!);
}
