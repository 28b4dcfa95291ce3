import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { readJsonBody } from './body.ts';
import type { Logger } from './log.ts';
import { appError, type AppError } from './result.ts';
import { sendError } from './send.ts';

/**
 * The HTTP server of one function instance. The Functions Framework still runs the function (its
 * Express pipeline, request context and error capture), but this server owns the socket, so
 * that what the framework's CLI leaves out is decided here, per instance, with no global patch:
 * - the body is read, bounded and parsed first (body.ts), so the framework never buffers it;
 * - the request target must be a path: an absolute URL or a path starting `//` is not routed;
 * - slow clients are cut off, and idle connections outlive the proxy that pools them;
 * - SIGTERM drains: in-flight requests finish (index.ts), where the framework's CLI answers the
 *   latest one 500 and exits (GoogleCloudPlatform/functions-framework-nodejs#704).
 */

/**
 * queue-proxy, the only client in the cluster, proxies through Go's http.DefaultTransport
 * (knative.dev/pkg network/transports.go clones it), whose IdleConnTimeout is 90 s. A POST sent
 * on a connection the server is closing at that moment is not retried, so the server must be the
 * one that waits longer.
 */
const KEEP_ALIVE_MS = 95_000;
/**
 * Headers and whole requests are small here (64 KiB), so a client that needs longer is holding a
 * socket, not sending. Node times headers from a request's first byte, not from the end of the
 * previous one (nodejs/node#41263, lib/_http_server.js checkConnections), so this bound does not
 * cut idle keep-alive connections: the old advice to keep it above keepAliveTimeout was for
 * Node ≤ 12 (nodejs/node#27363). A test shows an idle connection outliving it.
 */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 20_000;
/** At SIGTERM, how long an idle connection may still bring a request already on its way. */
const IDLE_GRACE_MS = 1_000;
/** How often Node checks the two bounds above: the slack on each. */
const CHECK_INTERVAL_MS = 1_000;

export interface ServerTimeouts {
  readonly keepAliveMs: number;
  readonly headersMs: number;
  readonly requestMs: number;
  readonly checkIntervalMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  keepAliveMs: KEEP_ALIVE_MS,
  headersMs: HEADERS_TIMEOUT_MS,
  requestMs: REQUEST_TIMEOUT_MS,
  checkIntervalMs: CHECK_INTERVAL_MS,
};

export interface FunctionServer {
  readonly server: http.Server;
  /** Stops accepting, lets in-flight requests finish, then closes; resolves when all are done. */
  readonly drain: (timeoutMs: number) => Promise<void>;
}

type ExpressApp = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export interface ServerOptions {
  readonly name: string;
  readonly handler: ff.HttpFunction;
  readonly maxBodyBytes: number;
  readonly log: Logger;
  readonly timeouts?: ServerTimeouts;
}

export function createFunctionServer({
  name,
  handler,
  maxBodyBytes,
  log,
  timeouts = SERVER_TIMEOUTS,
}: ServerOptions): FunctionServer {
  ff.http(name, handler);
  const app = frameworkApp(name);
  let isDraining = false;
  const inFlight = new Set<ServerResponse>();

  const fail = (req: IncomingMessage, res: ServerResponse, started: number, error: AppError) => {
    sendError(res, error);
    log.request({
      method: req.method ?? '-',
      route: null,
      status: error.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    if (isDraining) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));

    const target = checkTarget(req.url);
    if (target) {
      res.shouldKeepAlive = false;
      return fail(req, res, started, target);
    }
    const pass = (body: unknown, raw: Buffer | undefined) => {
      Object.assign(req, { body, rawBody: raw });
      app(req, res, (cause) => {
        const error = classify(cause);
        // Bugs are logged with their stack; a client's fault only gets its request line.
        if (error.code === 'internal') log.error('framework error', cause);
        fail(req, res, started, error);
      });
    };
    const read = readJsonBody(req, maxBodyBytes);
    const settle = (result: Awaited<typeof read>) => {
      if (result.ok) return pass(result.body, result.raw);
      // We will not read the rest of what the client is sending: close when answered.
      if (result.isUnread) res.shouldKeepAlive = false;
      fail(req, res, started, result.error);
    };
    if (read instanceof Promise) void read.then(settle);
    else settle(read);
  };

  const server = http.createServer(
    {
      keepAliveTimeout: timeouts.keepAliveMs,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    listener,
  );

  return {
    server,
    drain: (timeoutMs) => {
      isDraining = true;
      // Answers not yet sent will close their connection as they go out.
      for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
      // Stop listening without http.Server#close's sweep of idle connections: a keep-alive
      // client may be writing its next request on one right now, and would see a reset. Each
      // such request is answered with Connection: close; what is still idle after a moment is
      // not in use, and closed then.
      const closed = new Promise<void>((resolve) =>
        net.Server.prototype.close.call(server, () => resolve()),
      );
      const idleSweep = setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS);
      const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
      return closed.finally(() => {
        clearTimeout(idleSweep);
        clearTimeout(deadline);
      });
    },
  };
}

/**
 * The framework's Express app for a registered function. The framework builds it only inside an
 * http.Server (src/server.ts getServer, reached publicly through src/testing.ts getTestServer);
 * that server is never listened on: its request listener, the app, is mounted behind ours.
 */
function frameworkApp(name: string): ExpressApp {
  const [app] = getTestServer(name).listeners('request');
  if (typeof app !== 'function') throw new Error('the framework built no request listener');
  return app as ExpressApp;
}

/** RFC 9112 §3.2.1: a server's requests carry a path (origin-form); `*` is for OPTIONS only. */
function checkTarget(url: string | undefined): AppError | null {
  if (url?.startsWith('/') && !url.startsWith('//')) return null;
  return appError('invalid_input', 'the request target must be a path starting with one "/"');
}

/** What the framework's pipeline passed on: nothing (no route), a client's fault, or a bug. */
function classify(error: unknown): AppError {
  if (error === undefined) return appError('not_found', 'no such route');
  // Express's router marks a path it cannot percent-decode with status 400 (router lib/layer.js).
  const status =
    typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (status === 400) return appError('invalid_input', 'the request path is not validly encoded');
  return appError('internal', 'internal error');
}
