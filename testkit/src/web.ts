import { createRequire } from 'node:module';
import { spawnNode, waitUntilServing, type NodeProcess } from './process.ts';

// Through the packages' exports, the way any other workspace would find them.
const { resolve } = createRequire(import.meta.url);

/** The built UI's own server (web/server.js over the adapter's build), as its image runs it. */

const SERVER = resolve('@sentiment/web/server');

/** Starts the UI in front of `backendUrl`; its stderr goes to the test's own too. */
export async function startWeb(
  backendUrl: string,
  env: Record<string, string> = {},
): Promise<NodeProcess> {
  const web = await spawnNode([SERVER], {
    env: { HOST: '127.0.0.1', BACKEND_URL: backendUrl, ...env },
    echoStderr: true,
  });
  await waitUntilServing(web);
  return web;
}
