import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@libsql/client';
import type { SessionUser, Tokens } from './auth.ts';
import type { Services } from './handlers/context.ts';
import type { Logger } from './log.ts';
import { clientOf } from './client.ts';
import { isDatabaseUnavailable } from './db/errors.ts';
import { isAdmin } from './db/queries.ts';
import { err, type Reply, type Result } from './result.ts';
import { matchRoute, type Route } from './routes.ts';
import { sendError, sendReply } from './send.ts';

/** The request edge: the only code that reads requests and writes responses. */

export interface Deps extends Services {
  readonly log: Logger;
}

/** What the Functions Framework hands us: a node request whose JSON body server.ts has read. */
export interface FrameworkRequest extends IncomingMessage {
  body?: unknown;
}

/**
 * Requests that need no I/O (a score, a token check) are answered synchronously: under the
 * framework every promise costs async-hook work (its per-request domain), and throughput is what
 * a pod can absorb before Knative has to start another.
 */
export function createApp(deps: Deps) {
  return function api(req: FrameworkRequest, res: ServerResponse): void | Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://api');
    const match = matchRoute(req.method ?? 'GET', url.pathname);
    const route = match.kind === 'found' ? match.route.path : null;
    res.once('close', () =>
      deps.log.request({
        method: req.method ?? '-',
        route,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      }),
    );
    const where = route ?? url.pathname;

    let result: Result<Reply> | Promise<Result<Reply>>;
    try {
      result =
        match.kind === 'found'
          ? dispatch(req, url, match.route, match.params, deps)
          : match.kind === 'wrong_method'
            ? err('method_not_allowed', `this path allows ${match.allowed.join(', ')}`, {
                headers: { Allow: match.allowed.join(', ') },
              })
            : err('not_found', `no route for ${url.pathname}`);
    } catch (error) {
      result = failed(deps, where, error);
    }
    if (!(result instanceof Promise)) return respond(res, result, deps.log, where);
    return result.then(
      (settled) => respond(res, settled, deps.log, where),
      (error: unknown) => respond(res, failed(deps, where, error), deps.log, where),
    );
  };
}

/** How soon a client may try again after an outage: about one busy timeout. */
const RETRY_AFTER_SECONDS = '5';

function unavailable(): Result<Reply> {
  return err('unavailable', 'the database is busy or unreachable; try again shortly', {
    headers: { 'Retry-After': RETRY_AFTER_SECONDS },
  });
}

/**
 * An outage (locked, unreachable) is a 503 the client may retry, logged in one line; it also
 * drops the database client, which the next request reconnects. Anything else is a bug: logged
 * with its stack, answered with a bare 500.
 */
function failed(deps: Deps, where: string, error: unknown): Result<Reply> {
  if (isDatabaseUnavailable(error)) {
    deps.database.reset();
    deps.log.warn(`database unavailable in ${where}`, error);
    return unavailable();
  }
  deps.log.error(`unhandled error in ${where}`, error);
  return err('internal', 'internal error');
}

/** Sends the result; only a streamed body leaves a promise behind. */
function respond(
  res: ServerResponse,
  result: Result<Reply>,
  log: Logger,
  where: string,
): void | Promise<void> {
  if (!result.ok) return sendError(res, result.error);
  const streaming = sendReply(res, result.value);
  if (!(streaming instanceof Promise)) return;
  return streaming.catch((error: unknown) => {
    // The status line is gone by now; sendReply has cut the connection.
    log.error(`failed while streaming ${where}`, error);
  });
}

/**
 * What the route's `access` asks for, then its handler. The body was read, bounded and parsed
 * before the framework ran (server.ts, body.ts); the handler validates it.
 */
function dispatch(
  req: FrameworkRequest,
  url: URL,
  route: Route,
  params: Record<string, string>,
  deps: Deps,
): Result<Reply> | Promise<Result<Reply>> {
  const request = {
    params,
    query: url.searchParams,
    body: req.body,
    client: clientOf(req, deps.config.clientAddressSecret),
  };
  if (route.access === 'service') return route.handler(request, deps);
  const { config, tokens, now, database } = deps;
  const context = (db: Client) => ({ config, tokens, now, db, write: database.write });
  if (route.access === 'public') {
    return whenConnected(deps, (db) => route.handler(request, context(db)));
  }

  const user = authenticate(req, tokens);
  if (!user) return err('unauthenticated', 'a valid Bearer token is required');
  if (route.access === 'admin') {
    // Rights live in the database (granted by the operator), never in the token.
    return whenConnected(deps, async (db) =>
      (await isAdmin(db, user.id))
        ? route.handler(request, { ...context(db), user })
        : err('forbidden', 'this needs an administrator'),
    );
  }
  return whenConnected(deps, (db) => route.handler(request, { ...context(db), user }));
}

function authenticate(req: FrameworkRequest, tokens: Tokens): SessionUser | null {
  const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ? tokens.verify(match[1]) : null;
}

/**
 * Runs `run` on a connected client, connecting first if need be: a database that cannot be
 * reached is a 503, not a 500. Synchronous when already connected (see createApp).
 */
function whenConnected(
  deps: Deps,
  run: (db: Client) => Result<Reply> | Promise<Result<Reply>>,
): Result<Reply> | Promise<Result<Reply>> {
  const { database } = deps;
  const connected = database.connected();
  if (connected) return run(connected);
  // Whatever stops the connection (a server still starting, a folder that cannot be made), the
  // database is not there: 503, and the next request tries again.
  return database.client().then(run, (error: unknown) => {
    deps.log.warn('cannot reach the database', error);
    return unavailable();
  });
}
