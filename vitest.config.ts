import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['shared', 'cloud', 'desktop'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
