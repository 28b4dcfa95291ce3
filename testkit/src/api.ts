import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnNode, waitUntilServing, type NodeProcess } from './process.ts';

// Through the packages' exports, the way any other workspace would find them.
const { resolve } = createRequire(import.meta.url);

/** The API as its own process, the way the container runs it (here on the TypeScript source). */

/** The session secret of every API a test starts: tests forge and check tokens with it. */
export const JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

const ENTRY = resolve('@sentiment/functions/entry');
const ADMIN = resolve('@sentiment/functions/admin');

/**
 * Spawns the API with only the given environment (plus PATH and a free PORT), or node with other
 * arguments (a built entry). It is not waited for: see waitUntilServing.
 */
export function spawnApi(env: Record<string, string>, args = [ENTRY]): Promise<NodeProcess> {
  return spawnNode(args, { env: { NODE_ENV: 'production', ...env } });
}

export interface ApiProcess extends NodeProcess {
  readonly dataDir: string;
  /** Makes an existing account an admin the way an operator does: `npm run admin -w functions`. */
  grantAdmin(username: string): Promise<void>;
}

/** The API on a fresh libSQL file in a temporary folder, ready (`/readyz`) when it resolves. */
export async function startApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-api-'));
  const api = await spawnApi({ DATA_DIR: dataDir, JWT_SECRET, ...env });
  await waitUntilServing(api, '/readyz');
  return Object.assign(api, {
    dataDir,
    async grantAdmin(username: string): Promise<void> {
      await promisify(execFile)(process.execPath, [ADMIN, 'grant', username], {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET },
      });
    },
  });
}
