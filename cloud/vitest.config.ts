import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cloud',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['../test/services.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
