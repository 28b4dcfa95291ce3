// The API's entry point, copied to dist/api.cjs:
//   node dist/api.cjs
// It turns on V8's compile cache before it loads the bundle (dist/server.cjs), so that a cold
// start reads compiled code instead of compiling a megabyte of JavaScript. The cache lives beside
// it, keyed by relative path (`portable`), so it moves with the folder into the image. Node keeps
// one cache per user: warm-cache.cjs fills it, at build time, as the user that serves. Where it
// cannot be read or written (another user, a read-only disk), Node simply runs without it.
'use strict';
const { enableCompileCache } = require('node:module');

try {
  enableCompileCache({ directory: `${__dirname}/.compile-cache`, portable: true });
} catch {
  // Options as an object (and `portable`) came in Node 24.12; an older Node starts uncached.
}
require('./server.cjs');
