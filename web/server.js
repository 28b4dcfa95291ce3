// The UI's production entry: adapter-node's request handler on a plain node:http server.
//
// SvelteKit rejects a form POST whose Origin differs from the app's own origin (CSRF), and since
// adapter-node 6 that origin comes from the request: the protocol from PROTOCOL_HEADER, else
// "https". This server is plain http, reached directly (localhost) or through Knative's ingress,
// which says the original protocol in X-Forwarded-Proto. So: use that header when a proxy sets
// it, "http" for a direct connection, and a fixed origin when ORIGIN is set, as adapter-node 5 did.
import http from 'node:http';
import { readServerSettings } from './settings.js';

let settings;
try {
  settings = readServerSettings(process.env);
} catch (error) {
  console.error(`web: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const { port, host, origin, shutdownTimeoutMs } = settings;

// Read by adapter-node's handler when it loads (@sveltejs/adapter-node src/handler.js). Its body
// limit (512K by default) answers a bare 413 before any form action runs; the batch form takes a
// file of up to UPLOAD_MAX_BYTES (src/lib/upload.ts, 1 MiB) plus pasted lines, and says itself
// when a file is larger, so the limit here leaves room for both.
process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
process.env.BODY_SIZE_LIMIT ??= '2M';
const { handler } = await import('./build/handler.js');

// The same bounds as the API's server (functions/src/server.ts, where the reasons are): idle
// connections outlive queue-proxy's 90 s (Go's IdleConnTimeout, knative.dev/pkg
// network/transports.go), and a client slow to send its headers or its request is cut off.
// Node times headers from a request's first byte, so the short bound never cuts idle ones.
const timeouts = {
  keepAliveTimeout: 95_000,
  headersTimeout: 10_000,
  requestTimeout: 20_000,
  connectionsCheckingInterval: 1_000,
};

const server = http.createServer(timeouts, (req, res) => {
  if (origin) {
    req.headers['x-forwarded-proto'] = origin.protocol.slice(0, -1);
    req.headers.host = origin.host;
  } else {
    req.headers['x-forwarded-proto'] ??= 'http';
  }
  handler(req, res, () => {
    res.statusCode = 404;
    res.end();
  });
});

server.listen(port, host, () => console.log(`web: listening on http://${host}:${port}`));

// Finish what is in flight, refuse new work, and exit; Knative sends SIGTERM once it has drained.
function shutdown() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
