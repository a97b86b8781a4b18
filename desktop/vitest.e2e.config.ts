import { defineProject } from 'vitest/config';

/**
 * The console end to end (Chromium, browser mode, a real cloud, pcscd with virtual tags). Run on its own,
 * after the other suites (`npm run test:e2e`): its waits are for a person's pace, and sharing two cores
 * with seventy other test files made them flaky.
 */
export default defineProject({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['../test/services.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
