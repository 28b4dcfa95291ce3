// Starts the built API once and stops it, so that V8's compile cache (see start.cjs) holds the
// bundle's compiled code. Node writes a module's cache when it first compiles it, with the
// functions compiled eagerly then; requests served later add nothing, so none are made.
//   node warm-cache.cjs DIR [TARGET]    DIR holds api.cjs (functions/dist/, the image's /app);
//                                       TARGET is the function's name, `api` unless given
// Plain CommonJS with no dependencies, because the image runs it as the user that serves.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { once } = require('node:events');
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

async function warm(dir, target) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentiment-warm-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['api.cjs', `--target=${target}`, '--source=api.cjs'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      // Thrown away with the data directory.
      JWT_SECRET: randomBytes(48).toString('base64url'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  try {
    const deadline = Date.now() + 15_000;
    const isUp = () =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
    while (!(await isUp())) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`${target} did not start`);
      await new Promise((done) => setTimeout(done, 20));
    }
  } finally {
    // The framework exits on SIGTERM, and Node writes the compile cache as it exits.
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (readdirSync(join(dir, '.compile-cache'), { recursive: true }).length === 0) {
    throw new Error('no compile cache was written');
  }
}

warm(resolve(process.argv[2] ?? '.'), process.argv[3] ?? 'api').catch((error) => {
  console.error(`warm-cache: ${error.message}`);
  process.exit(1);
});
