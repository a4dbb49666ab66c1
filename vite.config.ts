import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressFolder } from './web/precompressed.ts';

/** Brotli 11 and gzip 9 of each hashed asset, once at build time: the web shell sends them as they are (web/precompressed.ts). */
function precompressAssets(): Plugin {
  let assetsDir = '';
  return {
    name: 'sws-precompress-assets',
    apply: 'build',
    configResolved(config) {
      assetsDir = path.resolve(config.root, config.build.outDir, config.build.assetsDir);
    },
    async closeBundle() {
      const { files, bytes, br, gzip } = await precompressFolder(assetsDir);
      const kb = (n: number) => `${Math.round(n / 1024)} kB`;
      this.info(`${files} assets precompressed: ${kb(bytes)} → brotli ${kb(br)}, gzip ${kb(gzip)}`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset paths: the same build is served by the web shell and Electron's app:// protocol.
  base: './',
  plugins: [react(), precompressAssets()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Each screen is its own chunk (renderer/src/resources): the largest, the data grid, is ~410 kB; a warning means a screen pulled too much into one.
    chunkSizeWarningLimit: 500,
  },
});
