import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DatabaseSync, type SQLInputValue, type SQLOutputValue } from 'node:sqlite';
import { serve } from '@sentiment/testkit/process';

/**
 * A stand-in for the libSQL server (sqld), which no registry here serves: the part of its HTTP
 * API the API's client uses, Hrana 2 over HTTP (`POST /v2/pipeline` with batons; @libsql/client
 * 0.18's default, see @libsql/hrana-client `lib-esm/http/client.js`), plus `GET /health` and
 * `GET /v2`, on a real SQLite file. Like sqld with `SQLD_AUTH_JWT_KEY` set, it refuses any request
 * without an EdDSA token signed by that key's private half (tursodatabase/libsql
 * `libsql-server/src/auth/user_auth_strategies/jwt.rs`). One SQLite connection per stream, as
 * sqld keeps one per baton, so transactions stay on their stream.
 */

type HranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface HranaStmt {
  sql?: string;
  sql_id?: number;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}
type HranaCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: HranaCond }
  | { type: 'and' | 'or'; conds: HranaCond[] }
  | { type: 'is_autocommit' };
type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: HranaStmt }
  | { type: 'batch'; batch: { steps: { condition?: HranaCond; stmt: HranaStmt }[] } }
  | { type: 'sequence'; sql: string }
  | { type: 'get_autocommit' }
  | { type: 'store_sql' | 'close_sql'; sql_id: number; sql?: string };

function toSql(value: HranaValue): SQLInputValue {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(value.value);
    case 'float':
      return value.value;
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
  }
}

function toHrana(value: SQLOutputValue): HranaValue {
  if (value === null) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  return { type: 'blob', base64: Buffer.from(value).toString('base64') };
}

/** One stream: its own connection, and the SQL texts the client stored on it by id. */
interface Stream {
  readonly db: DatabaseSync;
  readonly sqls: Map<number, string>;
}

function execute({ db, sqls }: Stream, stmt: HranaStmt) {
  const prepared = db.prepare(stmt.sql ?? sqls.get(stmt.sql_id ?? -1) ?? '');
  prepared.setReadBigInts(true);
  prepared.setReturnArrays(true);
  const positional = (stmt.args ?? []).map(toSql);
  const named = Object.fromEntries((stmt.named_args ?? []).map((a) => [a.name, toSql(a.value)]));
  const params: SQLInputValue[] = stmt.named_args?.length
    ? [named as never, ...positional]
    : positional;
  const columns = prepared.columns();
  if (columns.length > 0) {
    const rows = prepared.all(...params) as unknown as SQLOutputValue[][];
    return {
      cols: columns.map((c) => ({ name: c.name, decltype: c.type })),
      rows: rows.map((row) => row.map(toHrana)),
      affected_row_count: 0,
      last_insert_rowid: null,
    };
  }
  const { changes, lastInsertRowid } = prepared.run(...params);
  return {
    cols: [],
    rows: [],
    affected_row_count: Number(changes),
    last_insert_rowid: String(lastInsertRowid),
  };
}

function holds(cond: HranaCond | undefined, db: DatabaseSync, done: { ok: boolean }[]): boolean {
  if (!cond) return true;
  switch (cond.type) {
    case 'ok':
      return done[cond.step]?.ok === true;
    case 'error':
      return done[cond.step]?.ok === false;
    case 'not':
      return !holds(cond.cond, db, done);
    case 'and':
      return cond.conds.every((c) => holds(c, db, done));
    case 'or':
      return cond.conds.some((c) => holds(c, db, done));
    case 'is_autocommit':
      return !db.isTransaction;
  }
}

const failure = (error: unknown) => ({
  message: error instanceof Error ? error.message : String(error),
  code: 'SQLITE_ERROR',
});

function respond(stream: Stream, request: StreamRequest) {
  const { db } = stream;
  switch (request.type) {
    case 'close':
      return { type: 'close' };
    case 'execute':
      return { type: 'execute', result: execute(stream, request.stmt) };
    case 'sequence':
      db.exec(request.sql);
      return { type: 'sequence' };
    case 'get_autocommit':
      return { type: 'get_autocommit', is_autocommit: !db.isTransaction };
    case 'store_sql':
      stream.sqls.set(request.sql_id, request.sql ?? '');
      return { type: 'store_sql' };
    case 'close_sql':
      stream.sqls.delete(request.sql_id);
      return { type: 'close_sql' };
    default:
      throw new Error(`the stand-in does not implement ${(request as { type: string }).type}`);
    case 'batch': {
      const done: { ok: boolean }[] = [];
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const step of request.batch.steps) {
        if (!holds(step.condition, db, done)) {
          done.push({ ok: false });
          results.push(null);
          errors.push(null);
          continue;
        }
        try {
          results.push(execute(stream, step.stmt));
          errors.push(null);
          done.push({ ok: true });
        } catch (error) {
          results.push(null);
          errors.push(failure(error));
          done.push({ ok: false });
        }
      }
      return { type: 'batch', result: { step_results: results, step_errors: errors } };
    }
  }
}

function isAuthorized(req: IncomingMessage, key: KeyObject): boolean {
  const [scheme, token = ''] = (req.headers.authorization ?? '').split(' ');
  const [header = '', payload = '', signature = ''] = token.split('.');
  if (scheme !== 'Bearer' || !signature) return false;
  return verify(
    null,
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
}

export interface LibsqlStandIn {
  readonly url: string;
  readonly requests: () => number;
  stop(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 on a free port, verifying tokens against `publicKey`. */
export async function startLibsqlStandIn(file: string, publicKey: string): Promise<LibsqlStandIn> {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  const streams = new Map<string, Stream>();
  let served = 0;
  const open = (): Stream => {
    const db = new DatabaseSync(file, { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL');
    return { db, sqls: new Map() };
  };
  const server = await serve((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/v2')) return json(200, {});
    if (req.method !== 'POST' || req.url !== '/v2/pipeline')
      return json(404, { error: 'not found' });
    if (!isAuthorized(req, key)) return json(401, { error: 'Unauthorized' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      served++;
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        baton: string | null;
        requests: StreamRequest[];
      };
      const existing = body.baton ? streams.get(body.baton) : undefined;
      if (body.baton && !existing) return json(400, { error: 'unknown baton' });
      const stream = existing ?? open();
      if (body.baton) streams.delete(body.baton);
      let closed = false;
      const results = body.requests.map((request) => {
        if (request.type === 'close') closed = true;
        try {
          return { type: 'ok', response: respond(stream, request) };
        } catch (error) {
          return { type: 'error', error: failure(error) };
        }
      });
      let baton: string | null = null;
      if (closed) stream.db.close();
      else {
        baton = randomUUID();
        streams.set(baton, stream);
      }
      json(200, { baton, base_url: null, results });
    });
  });
  return {
    url: server.url,
    requests: () => served,
    async stop() {
      await server.stop();
      for (const stream of streams.values()) stream.db.close();
    },
  };
}
