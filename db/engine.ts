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

let chosen: Engine | undefined;

/** The engine, decided on first use (db/schema.ts picks its tables by it as it loads). */
export function engine(): Engine {
  if (chosen === undefined) {
    const url = databaseUrl();
    chosen = url && /^postgres(ql)?:\/\//i.test(url) ? 'pg' : 'sqlite';
  }
  return chosen;
}
