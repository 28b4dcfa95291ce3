import type { Client } from '@libsql/client';
import type { SessionUser, Tokens } from '../auth.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import type { Reply, Result } from '../result.ts';

/** What a handler gets: the parsed request and its dependencies. Handlers never see req/res. */

export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Who is calling, for throttling: the browser's address the UI vouched for, else the peer's. */
  readonly client: string;
}

export interface Services {
  readonly config: Config;
  readonly database: Database;
  readonly tokens: Tokens;
  readonly now: () => number;
}

/** For routes that use the database: app.ts has connected (or answered 503) before the handler runs. */
export interface DbContext extends Omit<Services, 'database'> {
  readonly db: Client;
  /** Writes that may share a transaction with concurrent ones (group commit). */
  readonly write: Database['write'];
}

/** For routes behind a valid Bearer token. */
export interface UserContext extends DbContext {
  readonly user: SessionUser;
}

/** Handlers that need no I/O may answer synchronously. */
export type Handler<C> = (
  request: ApiRequest,
  context: C,
) => Result<Reply> | Promise<Result<Reply>>;
