import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_SIGNATURE_HEADER,
  signClientAddress,
} from '@sentiment/functions/client';
import { LIMITS } from '@sentiment/functions/contract';
import type {
  ApiErrorDetail,
  BatchBody,
  DailyBody,
  HistoryPage,
  MeBody,
  ScoredText,
  SessionBody,
  StoredAnalysis,
  User,
  UsersBody,
} from '@sentiment/functions/contract';

/**
 * The only code that calls the API. Every call resolves to an ApiResult: 4xx and 5xx answers,
 * an unreachable API and a timeout all become `{ ok: false }` values; nothing here throws.
 */

export type ApiError = Omit<ApiErrorDetail, 'code'> & {
  readonly code: ApiErrorDetail['code'] | 'timeout' | 'unexpected';
};

export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly error: ApiError };

export interface ApiOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /**
   * Shared with the API (CLIENT_ADDRESS_SECRET): with it, a login carries the browser's address
   * signed, and the API throttles guesses per name and address instead of per name alone.
   */
  readonly clientSecret?: string | undefined;
  readonly fetch?: typeof fetch;
}

/**
 * What one `POST /v1/score` may carry, from the API's contract; larger batches go in several. The
 * byte budget is the body's less the `{"texts":[]}` around the texts.
 */
const PER_SCORE_REQUEST = {
  texts: LIMITS.scoreTexts,
  bytes: LIMITS.bodyBytes - '{"texts":[]}'.length,
} as const;

export type Api = ReturnType<typeof createApi>;

export function createApi({
  baseUrl,
  timeoutMs,
  clientSecret,
  fetch = globalThis.fetch,
}: ApiOptions) {
  async function call(
    method: string,
    path: string,
    token?: string,
    json?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response | ApiError> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(new URL(path, baseUrl), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return error instanceof DOMException && error.name === 'TimeoutError'
        ? { code: 'timeout', message: `the analyzer did not answer within ${timeoutMs / 1000} s` }
        : { code: 'unavailable', message: 'the analyzer cannot be reached' };
    }
  }

  async function send<T>(
    method: string,
    path: string,
    token?: string,
    json?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<ApiResult<T>> {
    const res = await call(method, path, token, json, extraHeaders);
    if (!(res instanceof Response) || !res.ok) return failure(res);
    const data = (res.status === 204 ? undefined : await res.json()) as T;
    return { ok: true, status: res.status, data };
  }

  return {
    register: (username: string, password: string) =>
      send<{ user: User }>('POST', '/v1/users', undefined, { username, password }),
    /** `clientAddress`: the browser's, which the API counts failed guesses by. */
    login: (username: string, password: string, clientAddress?: string) =>
      send<SessionBody>(
        'POST',
        '/v1/sessions',
        undefined,
        { username, password },
        clientAddress && clientSecret ? vouchFor(clientAddress, clientSecret) : {},
      ),
    me: (token: string) => send<MeBody>('GET', '/v1/me', token),
    analyze: (token: string, text: string) =>
      send<StoredAnalysis>('POST', '/v1/analyses', token, { text }),
    history: (token: string, page: { limit: number; cursor?: string | null }) => {
      const query = new URLSearchParams({ limit: String(page.limit) });
      if (page.cursor) query.set('cursor', page.cursor);
      return send<HistoryPage>('GET', `/v1/analyses?${query}`, token);
    },
    daily: (token: string, days: number) =>
      send<DailyBody>('GET', `/v1/analyses/daily?days=${days}`, token),
    remove: (token: string, id: number) => send<undefined>('DELETE', `/v1/analyses/${id}`, token),
    users: (token: string) => send<UsersBody>('GET', '/v1/users', token),

    /** Scores one text without storing it: the /scale page's burst. */
    scoreOne: (token: string, text: string) =>
      send<ScoredText>('POST', '/v1/score', token, { text }),

    /** Scores any number of texts, in as many requests as the API's limits need, one at a time. */
    async scoreBatch(
      token: string,
      texts: readonly string[],
    ): Promise<ApiResult<BatchBody['items']>> {
      const items: BatchBody['items'][number][] = [];
      for (const chunk of chunkTexts(texts)) {
        const result = await send<BatchBody>('POST', '/v1/score', token, { texts: chunk });
        if (!result.ok) return result;
        items.push(...result.data.items);
      }
      return { ok: true, status: 200, data: items };
    },

    /** The CSV download, passed through as it streams, or the error. */
    async exportCsv(token: string): Promise<Response | ApiResult<never>> {
      const res = await call('GET', '/v1/analyses/export', token);
      return res instanceof Response && res.ok ? res : failure(res);
    },
  };
}

/** The browser's address, signed as the API checks it (functions/src/client.ts). */
function vouchFor(address: string, secret: string): Record<string, string> {
  return {
    [CLIENT_ADDRESS_HEADER]: address,
    [CLIENT_SIGNATURE_HEADER]: signClientAddress(secret, address),
  };
}

/** An unreachable API is a 503, a slow one a 504; an answer keeps its status and error body. */
async function failure(res: Response | ApiError): Promise<ApiResult<never>> {
  if (!(res instanceof Response)) {
    return { ok: false, status: res.code === 'timeout' ? 504 : 503, error: res };
  }
  const body: unknown = await res.json().catch(() => undefined);
  const error: ApiError = isErrorBody(body)
    ? body.error
    : { code: 'unexpected', message: `the analyzer answered ${res.status}` };
  return { ok: false, status: res.status, error };
}

function isErrorBody(body: unknown): body is { error: ApiErrorDetail } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Splits texts into requests within PER_SCORE_REQUEST: each text costs its JSON and a comma. */
export function chunkTexts(texts: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const text of texts) {
    const size = Buffer.byteLength(JSON.stringify(text)) + 1;
    if (
      current.length === PER_SCORE_REQUEST.texts ||
      (current.length > 0 && bytes + size > PER_SCORE_REQUEST.bytes)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(text);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
