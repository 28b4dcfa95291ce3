import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { AppError, Reply } from './result.ts';

/** Writing responses, on plain node:http calls so that the framework guard can share them. */

const COMMON_HEADERS = {
  // Every answer is about one user's account or data: no shared cache may keep it.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

function setHeaders(res: ServerResponse, headers: Readonly<Record<string, string>> = {}): void {
  for (const [name, value] of Object.entries({ ...COMMON_HEADERS, ...headers })) {
    res.setHeader(name, value);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  setHeaders(res, headers);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

export function sendError(res: ServerResponse, error: AppError): void {
  const { code, message, field } = error;
  const headers =
    error.status === 401 ? { 'WWW-Authenticate': 'Bearer', ...error.headers } : error.headers;
  sendJson(res, error.status, { error: { code, message, ...(field && { field }) } }, headers);
}

function isTextStream(body: unknown): body is AsyncIterable<string> {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

/** Synchronous unless the body is streamed. */
export function sendReply(res: ServerResponse, reply: Reply): void | Promise<void> {
  if (reply.body === undefined) {
    res.statusCode = reply.status;
    setHeaders(res, reply.headers);
    res.end();
  } else if (isTextStream(reply.body)) {
    res.statusCode = reply.status;
    setHeaders(res, reply.headers);
    return streamText(res, reply.body);
  } else {
    sendJson(res, reply.status, reply.body, reply.headers);
  }
}

/** Streams with back-pressure. A failure midway cuts the connection so no one takes a partial file for a whole one. */
async function streamText(res: ServerResponse, chunks: AsyncIterable<string>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  } catch (error) {
    res.destroy();
    throw error;
  }
}
