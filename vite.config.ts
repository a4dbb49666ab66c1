import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  // Relative asset paths: the same build is served by the web shell and Electron's app:// protocol.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Each screen is its own chunk (renderer/src/resources): the largest, the data grid, is ~410 kB; a warning means a screen pulled too much into one.
    chunkSizeWarningLimit: 500,
  },
});
