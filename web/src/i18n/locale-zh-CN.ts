import { inOrder, type Tree } from './bundles.ts';
import common from './zh-CN.json';

/** Every Chinese string: the common file, then each context's (bundles.ts). */
export const bundles: Tree[] = inOrder(
  common,
  import.meta.glob<Tree>('./*.zh-CN.json', { eager: true, import: 'default' }),
);
