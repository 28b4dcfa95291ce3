import * as accounts from './handlers/accounts.ts';
import * as analyses from './handlers/analyses.ts';
import type { DbContext, Handler, Services, UserContext } from './handlers/context.ts';
import * as health from './handlers/health.ts';

/**
 * The whole API at a glance. `access` says what app.ts checks before the handler runs:
 * - `service`: nothing; the handler gets the services (health checks);
 * - `public`: a database connection, no token;
 * - `user`: a valid Bearer token; `admin`: one whose user the operator made an admin.
 */
export type Route = { readonly method: Method; readonly path: string } & (
  | { readonly access: 'service'; readonly handler: Handler<Services> }
  | { readonly access: 'public'; readonly handler: Handler<DbContext> }
  | { readonly access: 'user' | 'admin'; readonly handler: Handler<UserContext> }
);

type Method = 'GET' | 'POST' | 'DELETE';

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', access: 'service', handler: health.healthz },
  { method: 'GET', path: '/readyz', access: 'service', handler: health.readyz },
  { method: 'POST', path: '/v1/users', access: 'public', handler: accounts.register },
  { method: 'GET', path: '/v1/users', access: 'admin', handler: accounts.listUsers },
  { method: 'POST', path: '/v1/sessions', access: 'public', handler: accounts.login },
  { method: 'GET', path: '/v1/me', access: 'user', handler: accounts.me },
  { method: 'POST', path: '/v1/analyses', access: 'user', handler: analyses.createAnalysis },
  { method: 'GET', path: '/v1/analyses', access: 'user', handler: analyses.listHistory },
  { method: 'GET', path: '/v1/analyses/export', access: 'user', handler: analyses.exportHistory },
  { method: 'GET', path: '/v1/analyses/daily', access: 'user', handler: analyses.dailyCounts },
  { method: 'GET', path: '/v1/analyses/:id', access: 'user', handler: analyses.getAnalysis },
  { method: 'DELETE', path: '/v1/analyses/:id', access: 'user', handler: analyses.removeAnalysis },
  { method: 'POST', path: '/v1/score', access: 'user', handler: analyses.score },
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
