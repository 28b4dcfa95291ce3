import { ConfigError, loadConfig, type Config } from './config.ts';
import { createFunction } from './function.ts';

/**
 * The API's process: `node src/index.ts` in development, bundled as dist/api.cjs in production
 * (functions/fast-start/build.mjs). It must stay cheap: a cold start is paid by a waiting user.
 */

/**
 * How long SIGTERM waits for in-flight requests. Knative signals only after queue-proxy has
 * drained, and kills after the revision's timeoutSeconds (60 in knative/api.yaml): finish well
 * inside that.
 */
const DRAIN_TIMEOUT_MS = 20_000;

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One clear line, and no stack: this is the operator's mistake, not a bug.
  console.error(`sentiment api: cannot start: ${error.message}`);
  process.exit(1);
}

const api = createFunction(config);
api.server.listen(config.port);

function shutdown(): void {
  void api.drain(DRAIN_TIMEOUT_MS).then(() => {
    api.database.close();
    process.exit(0);
  });
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
