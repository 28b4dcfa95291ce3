/**
 * The UI's own limits on one paste or upload of a batch, shown on the page and checked by the
 * server; the API's limits per request are the contract's (`LIMITS`), and lib/server/api.ts
 * sends an upload in as many requests as it takes.
 */
export const UPLOAD_MAX_LINES = 1000;
export const UPLOAD_MAX_BYTES = 1024 * 1024;
