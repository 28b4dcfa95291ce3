import * as ff from '@google-cloud/functions-framework';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createFunction } from './function.ts';

/**
 * The composition root, loaded by the Functions Framework: from the source in development
 * (`functions-framework --target=api --source=src/index.ts`), bundled with the framework's CLI
 * in production (functions/build.mjs). It must stay cheap: a cold start is paid by a waiting user.
 */

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One clear line, and no stack: this is the operator's mistake, not a bug.
  console.error(`sentiment api: cannot start: ${error.message}`);
  process.exit(1);
}

ff.http('api', createFunction(config).handler);
