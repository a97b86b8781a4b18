import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['shared', 'cloud', 'desktop', 'desktop/vitest.e2e.config.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
