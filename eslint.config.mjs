import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // lib/ is the pure domain core (CONVENTIONS.md): functions of plain data, no database, no
    // framework, no network or filesystem. Anything that does I/O lives in server/ or db/queries.
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['server-only', 'better-auth', 'better-sqlite3', 'pg', 'drizzle-orm', 'nodemailer'].map((name) => ({ name, message: 'lib/ stays pure: I/O and framework code belongs in server/ or db/.' })),
          patterns: [
            { regex: '^(@/|(\\.\\./)+)(server|db)(/|$)', message: 'lib/ stays pure: it must not import server/ or db/ (they import lib/, not the other way round).' },
            { regex: '^next(/|$)', message: 'lib/ stays pure: no Next.js imports; keep framework code in app/ or server/.' },
            { regex: '^(better-auth|drizzle-orm)/', message: 'lib/ stays pure: I/O and framework code belongs in server/ or db/.' },
            {
              regex: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|dns/promises|child_process|cluster|worker_threads|readline|readline/promises|os|process|inspector)$',
              message: 'lib/ stays pure: no filesystem, network, process or OS access; do it in server/ or db/ and pass plain data in.',
            },
          ],
        },
      ],
    },
  },
  globalIgnores(['.next/**', '.next-*/**', 'out/**', 'build/**', 'next-env.d.ts', 'data/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**', 'bench/results/**']),
]);
