import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // Every record the suite writes (here and in spawned CLIs, which inherit it) is checked
    // against the record schema; one that does not match throws where it is written.
    env: { LLEM_VALIDATE_RECORDS: '1' },
  },
});
