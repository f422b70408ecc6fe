import { inOrder, type Tree } from './bundles.ts';
import common from './en.json';

/** Every English string: the common file, then each context's (bundles.ts). Its own chunk (index.ts). */
export const bundles: Tree[] = inOrder(
  common,
  import.meta.glob<Tree>('./*.en.json', { eager: true, import: 'default' }),
);
