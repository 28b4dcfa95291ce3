import { describe, expect, it } from 'vitest';
import { matchRoute } from '../src/routes.ts';

describe('matchRoute', () => {
  it('prefers a literal segment over a parameter', () => {
    const match = matchRoute('GET', '/v1/analyses/export');
    expect(match.kind === 'found' && match.route.path).toBe('/v1/analyses/export');
  });
  it('captures parameters', () => {
    const match = matchRoute('DELETE', '/v1/analyses/12');
    expect(match.kind === 'found' && match.params).toEqual({ id: '12' });
  });
  it('lists the allowed methods for a known path', () => {
    expect(matchRoute('PUT', '/v1/users')).toEqual({
      kind: 'wrong_method',
      allowed: ['POST', 'GET'],
    });
  });
  it('treats HEAD as GET', () => {
    expect(matchRoute('HEAD', '/healthz').kind).toBe('found');
  });
  it('does not match a trailing slash or an empty parameter', () => {
    expect(matchRoute('GET', '/v1/me/').kind).toBe('not_found');
    expect(matchRoute('DELETE', '/v1/analyses/').kind).toBe('not_found');
  });
});
