import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who a request comes from, for the login throttle. The API is cluster-local: its peer is
 * queue-proxy, whatever the caller, and X-Forwarded-For is written by anything on the way. The
 * UI knows the browser's address, and vouches for it with an HMAC of it under a secret only the
 * two services hold (CLIENT_ADDRESS_SECRET). Anything else is its peer address.
 */

export const CLIENT_ADDRESS_HEADER = 'x-client-address';
export const CLIENT_SIGNATURE_HEADER = 'x-client-address-signature';

export function signClientAddress(secret: string, address: string): string {
  return createHmac('sha256', secret).update(address).digest('base64url');
}

export function clientOf(req: IncomingMessage, secret: string | undefined): string {
  const peer = `peer:${req.socket.remoteAddress ?? '-'}`;
  const address = req.headers[CLIENT_ADDRESS_HEADER];
  const signature = req.headers[CLIENT_SIGNATURE_HEADER];
  if (!secret || typeof address !== 'string' || typeof signature !== 'string') return peer;
  const expected = Buffer.from(signClientAddress(secret, address));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? `client:${address}`
    : peer;
}
