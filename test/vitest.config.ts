import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/unit/**/*.test.ts'],
    // Keys and default workspaces go to a throwaway home, never the user's ~/.sotong.
    env: { SOTONG_HOME: path.join(os.tmpdir(), `sotong-test-home-${process.pid}`) },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB uses native threads; two forks fit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
