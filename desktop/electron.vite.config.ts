import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Main, preload and renderer build into `out/{main,preload,renderer}`.
 * - main: node_modules stay external (nfc-pcsc is native and rebuilt for Electron at packaging), except our
 *   workspace packages, which export TypeScript source and must be bundled.
 * - preload: one self-contained CommonJS file, because a sandboxed preload can neither `import` nor reach
 *   node_modules.
 * - renderer: a plain web build, also what browser mode serves.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['@sparkmotion/shared'] },
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
