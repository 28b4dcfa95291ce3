import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { setAdmin } from './db/queries.ts';
import { normalizeUsername } from './validate.ts';

/**
 * The operator's command, and the only way to grant admin rights:
 *   npm run admin -w functions -- grant NAME | revoke NAME
 * It reads the same configuration as the API (DATABASE_URL, DATABASE_AUTH_TOKEN, DATA_DIR) and
 * marks an account that already exists. A name in the environment cannot do this: whoever
 * registered it first would become the admin.
 */

const USAGE = 'usage: npm run admin -w functions -- grant|revoke USERNAME';

async function main([action, rawName]: string[]): Promise<number> {
  if ((action !== 'grant' && action !== 'revoke') || !rawName) {
    console.error(USAGE);
    return 2;
  }
  const username = normalizeUsername(rawName);
  const database = openDatabase(loadConfig());
  try {
    const isDone = await setAdmin(await database.client(), username, action === 'grant');
    if (!isDone) {
      console.error(`admin: no account named "${username}"; it must register first`);
      return 1;
    }
    console.log(`admin: ${username} ${action === 'grant' ? 'is now' : 'is no longer'} an admin`);
    return 0;
  } finally {
    database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`admin: ${error.message}`);
  process.exitCode = 1;
}
