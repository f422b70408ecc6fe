import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.ts';
import { preloadEnglish } from './preload-english.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app lives in web/; the server serves web/dist with an SPA fallback, and in dev Vite proxies /api.
export default defineConfig({
  root,
  plugins: [react(), preloadEnglish(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
