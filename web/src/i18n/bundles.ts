/**
 * Every context keeps its strings in its own pair of files (`<context>.zh-CN.json`, `<context>.en.json`) next
 * to the common `zh-CN.json` / `en.json`; they are merged deeply into one namespace at start-up (their error
 * codes join errors.*). Picked up by name (`locale-zh-CN.ts`, `locale-en.ts`), so a new context's bundle needs
 * no edit here. Chinese ships in the main chunk; English is a chunk of its own, loaded when it is chosen
 * (index.ts): a Chinese phone never downloads it.
 */
export type Tree = { [key: string]: string | Tree };

/** The common file first, then the context bundles in file-name order. */
export function inOrder(common: Tree, contexts: Record<string, Tree>): Tree[] {
  return [
    common,
    ...Object.keys(contexts)
      .sort()
      .map((name) => contexts[name]!),
  ];
}
