import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One PostgreSQL server for the whole run: see the file.
    globalSetup: ['test/helpers/postgres-server.ts'],
    // Every file's temporary folders are removed after it.
    setupFiles: ['test/helpers/remove-temp.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
