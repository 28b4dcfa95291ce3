import * as accounts from './handlers/accounts.ts';
import * as analyses from './handlers/analyses.ts';
import type { DbContext, Handler, Services, UserContext } from './handlers/context.ts';
import * as health from './handlers/health.ts';

/**
 * The access levels: what app.ts checks before a route's handler runs, and so what it hands it:
 * - `service`: nothing; the handler gets the services (health checks);
 * - `public`: a database connection, no token;
 * - `user`: a valid Bearer token; `admin`: one whose user the operator made an admin.
 */
interface ContextOf {
  readonly service: Services;
  readonly public: DbContext;
  readonly user: UserContext;
  readonly admin: UserContext;
}
type Access = keyof ContextOf;
type Method = 'GET' | 'POST' | 'DELETE';

export type Route = {
  [A in Access]: {
    readonly method: Method;
    readonly path: string;
    readonly access: A;
    readonly handler: Handler<ContextOf[A]>;
  };
}[Access];

/** `{ 'GET /path': handler }` for one access level, as routes. */
function routes<A extends Access>(
  access: A,
  table: Record<`${Method} /${string}`, Handler<ContextOf[A]>>,
): Route[] {
  return Object.entries(table).map(([key, handler]) => {
    const [method, path] = key.split(' ') as [Method, string];
    // The signature has tied each handler to its access level; TypeScript cannot follow that
    // through Object.entries.
    return { method, path, access, handler } as Route;
  });
}

/** The whole API at a glance, by what a caller needs. */
export const ROUTES: readonly Route[] = [
  ...routes('service', {
    'GET /healthz': health.healthz,
    'GET /readyz': health.readyz,
  }),
  ...routes('public', {
    'POST /v1/users': accounts.register,
    'POST /v1/sessions': accounts.login,
  }),
  ...routes('user', {
    'GET /v1/me': accounts.me,
    'POST /v1/analyses': analyses.createAnalysis,
    'GET /v1/analyses': analyses.listHistory,
    'GET /v1/analyses/export': analyses.exportHistory,
    'GET /v1/analyses/daily': analyses.dailyCounts,
    'GET /v1/analyses/:id': analyses.getAnalysis,
    'DELETE /v1/analyses/:id': analyses.removeAnalysis,
    'POST /v1/score': analyses.score,
  }),
  ...routes('admin', {
    'GET /v1/users': accounts.listUsers,
  }),
];

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'wrong_method'; readonly allowed: readonly string[] }
  | { readonly kind: 'not_found' };

/** Matches a literal segment before a `:param`, so `/v1/analyses/export` is never read as an id. */
export function matchRoute(method: string, path: string, routes = ROUTES): RouteMatch {
  const segments = path.split('/');
  const candidates: { route: Route; params: Record<string, string>; literal: number }[] = [];
  for (const route of routes) {
    const params = matchPath(route.path.split('/'), segments);
    if (params)
      candidates.push({ route, params, literal: Object.keys(params).length === 0 ? 1 : 0 });
  }
  if (candidates.length === 0) return { kind: 'not_found' };
  // HEAD is GET without a body; node:http leaves the body out by itself.
  const wanted = method === 'HEAD' ? 'GET' : method;
  const hit = candidates
    .filter((c) => c.route.method === wanted)
    .sort((a, b) => b.literal - a.literal)[0];
  if (hit) return { kind: 'found', route: hit.route, params: hit.params };
  return { kind: 'wrong_method', allowed: [...new Set(candidates.map((c) => c.route.method))] };
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}
