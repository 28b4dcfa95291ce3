import { createApp, MAX_BODY_BYTES } from './app.ts';
import { createTokens } from './auth.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { guardFrameworkServer } from './framework.ts';
import { createLogger, type Logger } from './log.ts';
import { sendError } from './send.ts';

/** Wires a Config into the HTTP function. index.ts registers it with the framework; tests do too. */
export function createFunction(
  config: Config,
  { log = createLogger(), now = Date.now }: { log?: Logger; now?: () => number } = {},
) {
  const database = openDatabase(config);
  // Connect and migrate now, in the background, so the first request finds it done; a failure
  // is logged, and the next request that needs the database tries again.
  database.client().catch((error: unknown) => log.error('database not ready at start-up', error));

  guardFrameworkServer(MAX_BODY_BYTES, (req, res, error, cause) => {
    if (error.code === 'internal') log.error('framework error', cause);
    sendError(res, error);
    log.request({ method: req.method ?? '-', route: null, status: error.status, durationMs: 0 });
  });

  const handler = createApp({
    config,
    database,
    tokens: createTokens(config.jwtSecret, config.jwtTtlSeconds, now),
    log,
    now,
  });
  return { handler, database };
}
