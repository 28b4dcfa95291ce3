import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { appError, type AppError } from './result.ts';

/**
 * Functions Framework 5 runs Express body parsers (limit: 1 GiB) before our function, and sends
 * what they reject (malformed JSON, an unknown charset) to Express's HTML error page, which our
 * function never sees: GoogleCloudPlatform/functions-framework-nodejs#686.
 *
 * Express apps take an optional third argument, the `next` called with what no layer handled.
 * FF passes its app straight to http.createServer, so we wrap that call: the app gets a `next`
 * that answers in our JSON error shape, and a body declared larger than the API accepts is
 * refused before anyone buffers it. Servers whose listener is not an Express app are untouched.
 */

type ExpressApp = ((
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void) & {
  handle: unknown;
};

/** `cause` is what the framework raised, for the log; `error` is what the client is told. */
export type FrameworkErrorHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  error: AppError,
  cause?: unknown,
) => void;

let installed = false;

export function guardFrameworkServer(maxBodyBytes: number, onError: FrameworkErrorHandler): void {
  if (installed) return;
  installed = true;
  const createServer = http.createServer;
  http.createServer = function (this: unknown, ...args: unknown[]): http.Server {
    const listener = args.at(-1);
    if (isExpressApp(listener)) {
      args[args.length - 1] = (req: IncomingMessage, res: ServerResponse) => {
        if (Number(req.headers['content-length']) > maxBodyBytes) {
          // Close the connection too: we will not read the rest of what the client is sending.
          res.shouldKeepAlive = false;
          return onError(req, res, tooLarge(maxBodyBytes));
        }
        listener(req, res, (cause) => onError(req, res, classify(cause, maxBodyBytes), cause));
      };
    }
    return Reflect.apply(createServer, this, args) as http.Server;
  };
}

function isExpressApp(value: unknown): value is ExpressApp {
  return typeof value === 'function' && 'handle' in value;
}

function tooLarge(maxBodyBytes: number): AppError {
  return appError('payload_too_large', `the request body must be at most ${maxBodyBytes} bytes`);
}

/** body-parser marks its errors with a `type`: https://github.com/expressjs/body-parser#errors */
function classify(error: unknown, maxBodyBytes: number): AppError {
  const type =
    typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
  switch (type) {
    case undefined:
      return error === undefined
        ? appError('not_found', 'no such route')
        : appError('internal', 'internal error');
    case 'entity.parse.failed':
      return appError('invalid_json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return tooLarge(maxBodyBytes);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return appError('unsupported_media_type', 'send the request body as UTF-8 application/json');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return appError('invalid_input', 'the request body could not be read');
    default:
      return appError('internal', 'internal error');
  }
}
