/**
 * Which database engine this process runs on. SQLite (the embedded default)
 * unless DATABASE_URL names a PostgreSQL server. One process, one engine: the
 * choice is read once, before any table is used.
 */
export type Engine = 'sqlite' | 'pg';

export function databaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

export function engine(): Engine {
  const url = databaseUrl();
  return url && /^postgres(ql)?:\/\//i.test(url) ? 'pg' : 'sqlite';
}

export const isPg = (): boolean => engine() === 'pg';
