/**
 * What @libsql/client raises, sorted by what the API should answer. Codes are SQLite's result
 * codes (base code in `code`, extended in `extendedCode`; @libsql/client lib-esm/sqlite3.js
 * mapSqliteError) or the remote client's own (lib-esm/hrana.js mapHranaErrorCode). A libSQL
 * server that cannot be reached surfaces as fetch's TypeError with the socket error as its cause.
 * Read by code, not by class: importing the client's entry point would load the native engine.
 */

/** The database is there but cannot serve now: locked, read-only, full, or out of reach. */
const UNAVAILABLE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'SQLITE_PROTOCOL',
  'SERVER_ERROR',
  'HRANA_CLOSED_ERROR',
  'HRANA_WEBSOCKET_ERROR',
  'CLIENT_CLOSED',
]);

const NETWORK_ERRORS =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_\w+)$/;

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** A 503 and a retry, not a bug: nothing about the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== undefined && depth < 5; depth++) {
    const code = codeOf(cause);
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || NETWORK_ERRORS.test(code))) {
      return true;
    }
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return false;
}

/** A row that points at a row no longer there: for an analysis, a user deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Error) || codeOf(error) !== 'SQLITE_CONSTRAINT') return false;
  // The remote protocol gives no extended code; its message names the constraint.
  const extended = 'extendedCode' in error ? error.extendedCode : undefined;
  return extended === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY/i.test(error.message);
}
