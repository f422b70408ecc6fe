import type { Plugin } from 'vite';
import { LANG_KEY } from './src/prefs.ts';

/**
 * English is a chunk of its own (src/i18n/index.ts): a phone set to English would fetch it only once the main
 * chunk runs, one round trip later. A few bytes of inline script in index.html ask for it alongside the main
 * chunk on those phones alone (the choice kept on the device, read as `normalizeLocale` reads it).
 */
export function preloadEnglish(): Plugin {
  return {
    name: 'linli-preload-english',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.name === 'locale-en',
        );
        if (!chunk) return [];
        const href = JSON.stringify(`/${chunk.fileName}`);
        const key = JSON.stringify(LANG_KEY);
        return [
          {
            tag: 'script',
            injectTo: 'head',
            children:
              `try{if(/^en/i.test(localStorage.getItem(${key})||'')){var l=document.createElement('link');` +
              `l.rel='modulepreload';l.crossOrigin='';l.href=${href};document.head.appendChild(l)}}catch(e){}`,
          },
        ];
      },
    },
  };
}
