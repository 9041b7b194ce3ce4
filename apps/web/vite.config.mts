import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web client's build: plain files for the gateway's GATEWAY_STATIC_DIR. The gateway's CSP
 * allows no inline script or style, so nothing is inlined (no data: assets, no module-preload
 * polyfill snippet) and everything is bundled (no third-party origin). PLEIN_WEB_OUT_DIR writes
 * elsewhere (the browser test builds into a temporary directory).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: process.env['PLEIN_WEB_OUT_DIR'] ?? fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
});
