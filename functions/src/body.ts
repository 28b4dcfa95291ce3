import type { IncomingMessage } from 'node:http';
import { appError, type AppError } from './result.ts';

/**
 * Reads a request's JSON body before the framework sees it, never holding more than the limit.
 * The framework's own parsers (body-parser, limit 1 GiB) inflate gzip and buffer chunked bodies in
 * full before any size check; they skip a request whose body was already read (body-parser
 * `lib/read.js`: `onFinished.isFinished(req)`), so once this has run they do nothing.
 */

export type BodyResult =
  | { readonly ok: true; readonly body: unknown; readonly raw: Buffer | undefined }
  | { readonly ok: false; readonly error: AppError; readonly isUnread: boolean };

export function tooLarge(maxBytes: number): AppError {
  return appError('payload_too_large', `the request body must be at most ${maxBytes} bytes`);
}

function refuse(error: AppError): BodyResult {
  return { ok: false, error, isUnread: true };
}

/** RFC 9110 §8.6: a body is framed by Content-Length or Transfer-Encoding. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json`, optionally `; charset=utf-8`; anything else is refused unread. */
function checkHeaders(req: IncomingMessage, maxBytes: number): AppError | null {
  const encoding = req.headers['content-encoding'];
  // Inflating is where a 65 KB body becomes 64 MiB: compressed bodies are refused outright.
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return appError('unsupported_media_type', 'send the request body uncompressed');
  }
  if (Number(req.headers['content-length']) > maxBytes) return tooLarge(maxBytes);
  const [type = '', ...parameters] = (req.headers['content-type'] ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') {
    return appError('unsupported_media_type', 'send the request body as application/json');
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    if (value.trim().replaceAll('"', '').toLowerCase() !== 'utf-8') {
      return appError('unsupported_media_type', 'send the request body as UTF-8 application/json');
    }
  }
  return null;
}

/** Resolves once the body is read and parsed, or as soon as it is known to be refused. */
export function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<BodyResult> | BodyResult {
  if (!hasBody(req)) return { ok: true, body: undefined, raw: undefined };
  const refused = checkHeaders(req, maxBytes);
  if (refused) return refuse(refused);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop at the limit: what is already here is dropped, the rest is never read.
        req.pause();
        return finish({ ok: false, error: tooLarge(maxBytes), isUnread: true });
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const raw = Buffer.concat(chunks, size);
      if (size === 0) return finish({ ok: true, body: undefined, raw });
      try {
        finish({ ok: true, body: JSON.parse(raw.toString('utf8')) as unknown, raw });
      } catch {
        finish({
          ok: false,
          error: appError('invalid_json', 'the request body is not valid JSON'),
          isUnread: false,
        });
      }
    };
    const onError = () =>
      finish({
        ok: false,
        error: appError('invalid_input', 'the request body could not be read'),
        isUnread: true,
      });
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}
