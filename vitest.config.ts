import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Each file opens its own SQLite file; two cores, so two workers.
    maxWorkers: 2,
    testTimeout: 20_000,
    env: { CANDOR_DEMO: '0', NEXT_TELEMETRY_DISABLED: '1' },
  },
});
