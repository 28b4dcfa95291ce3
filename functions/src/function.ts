import { createApp } from './app.ts';
import { createTokens } from './auth.ts';
import type { Config } from './config.ts';
import { LIMITS } from './contract.ts';
import { openDatabase } from './db/connect.ts';
import { createLogger, type Logger } from './log.ts';
import { createFunctionServer, type ServerTimeouts } from './server.ts';

export interface FunctionOptions {
  readonly log?: Logger;
  readonly now?: () => number;
  /** The name the function is registered under with the framework: one per instance. */
  readonly name?: string;
  readonly timeouts?: ServerTimeouts;
  /** How long a statement waits for another process's lock on a file database. */
  readonly busyTimeoutMs?: number;
}

/** Wires a Config into one function instance: its database, its handler and its own server. */
export function createFunction(
  config: Config,
  {
    log = createLogger(),
    now = Date.now,
    name = 'api',
    timeouts,
    busyTimeoutMs,
  }: FunctionOptions = {},
) {
  const database = openDatabase(config, { ...(busyTimeoutMs && { busyTimeoutMs }) });
  // Connect and migrate now, in the background, so the first request finds it done; a failure
  // is logged, and the next request that needs the database tries again.
  database.client().catch((error: unknown) => log.error('database not ready at start-up', error));

  const handler = createApp({
    config,
    database,
    tokens: createTokens(config.jwtSecret, config.jwtTtlSeconds, now),
    log,
    now,
  });
  const { server, drain } = createFunctionServer({
    name,
    handler,
    maxBodyBytes: LIMITS.bodyBytes,
    log,
    ...(timeouts && { timeouts }),
  });
  return { handler, database, server, drain };
}
