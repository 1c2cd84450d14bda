import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // server/ modules start with `import 'server-only'`, which throws outside React's
      // react-server condition (Next sets it for server code; vitest does not).
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/support/pg-one-query.ts'],
    // Each file opens its own SQLite file; two cores, so two workers.
    maxWorkers: 2,
    testTimeout: 20_000,
    env: { CANDOR_DEMO: '0', NEXT_TELEMETRY_DISABLED: '1' },
  },
});
