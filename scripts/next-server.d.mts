// Types for next-server.mjs, so that TypeScript (the benchmark, the two-instance test) can import it.
import type { ChildProcess } from 'node:child_process';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export declare function freePort(): Promise<number>;

export type NextServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGTERM (SIGKILL after 5 s); resolves when the process has exited. */
  stop: () => Promise<void>;
};

/**
 * Start `next start` with `env` over this process's environment (demo off, telemetry off, production),
 * resolve once GET /api/health is ok. Its output is kept (the last 64 KiB) for the error when it exits
 * or does not answer within `timeoutMs` (default 60 s); `echoErrors` also passes its stderr through.
 * `cwd`: the app to serve (default Candor's root).
 */
export declare function startNextServer(opts?: { env?: Record<string, string | undefined>; timeoutMs?: number; echoErrors?: boolean; cwd?: string }): Promise<NextServer>;
