import * as ff from '@google-cloud/functions-framework';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createFunction } from './function.ts';

/**
 * The composition root, loaded by the Functions Framework:
 *   functions-framework --target=api --source=dist/index.js
 * It must stay cheap: a cold start from zero is paid by a waiting user.
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
