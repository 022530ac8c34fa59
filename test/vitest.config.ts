import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB uses native threads; two forks fit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
