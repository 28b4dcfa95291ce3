import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Through the packages' exports, the way any other workspace would find them.
const { resolve } = createRequire(import.meta.url);

/**
 * A vitest globalSetup: builds the UI once before the suites that start it, as `npm start` and
 * the image do. Several projects name it; the first one to run builds, the others find it done.
 */
export default function setup(): void {
  if (process.env.SENTIMENT_WEB_BUILT) return;
  const web = dirname(resolve('@sentiment/web/server'));
  const vite = join(
    dirname(createRequire(join(web, 'package.json')).resolve('vite/package.json')),
    'bin/vite.js',
  );
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
  process.env.SENTIMENT_WEB_BUILT = '1';
}
