// Types for pg-test-db.mjs, so that TypeScript (tests, vitest configs, the benchmark) can import it.

export declare const DEFAULT_TEST_PG_URL: string;
/** The test server: CANDOR_TEST_PG_URL, else the local default. */
export declare function testPgUrl(): string;
/** A URL fit for a message: the password replaced by ***. */
export declare function redactPgUrl(url: string): string;
/** Resolves to null when the server answers, or the reason it does not. */
export declare function pgUnavailable(url?: string): Promise<string | null>;
/** "PostgreSQL is not reachable at … (reason)." */
export declare function pgUnreachableMessage(url: string, reason: string): string;
/** What to do about it, for the test runs. */
export declare const PG_START_HINT: string;
/** A database name no other run uses: `<prefix>_<pid>_<random>`. */
export declare function uniquePgName(prefix: string): string;
/** The URL of database `name` on the server `server` names (same host, port, user and password). */
export declare function pgDatabaseUrl(name: string, server?: string): string;
/** Create the empty database `name` on the server; resolves to its URL. */
export declare function createPgDatabase(name: string, server?: string): Promise<string>;
/** Drop the database `name` if it exists, closing its connections. */
export declare function dropPgDatabase(name: string, server?: string): Promise<void>;
export declare function pgDatabaseExists(name: string, server?: string): Promise<boolean>;
