import { configDefaults, defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'desktop',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser end-to-end run is its own project (vitest.e2e.config.ts), run after the rest.
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    globalSetup: ['../test/services.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
