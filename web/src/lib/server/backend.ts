import {
  BACKEND_TIMEOUT_MS,
  BACKEND_URL,
  CLIENT_ADDRESS_SECRET,
  COOKIE_SECURE,
  KUBERNETES_SERVICE_HOST,
  KUBERNETES_SERVICE_PORT,
} from '$app/env/private';
import { BURST_LIMITS, createBurstSlots } from '../../routes/scale/burst.ts';
import { createApi } from './api.ts';
import { createConfirmedUsers } from './session.ts';

/**
 * The configured API client, cookie policy, cluster address, burst slots and recently confirmed
 * users: the one reader of the app's settings (declared in web/settings.js) and the one place
 * this instance keeps state across requests, whichever route it serves.
 */
export const api = createApi({
  baseUrl: BACKEND_URL,
  timeoutMs: BACKEND_TIMEOUT_MS,
  clientSecret: CLIENT_ADDRESS_SECRET,
});
export const cookieSecure = COOKIE_SECURE;
/** The Kubernetes API of the pod the UI runs in; null outside a cluster. */
export const cluster = KUBERNETES_SERVICE_HOST
  ? { host: KUBERNETES_SERVICE_HOST, port: KUBERNETES_SERVICE_PORT }
  : null;
export const bursts = createBurstSlots(BURST_LIMITS.perInstance);
/** How long the layout trusts the API's last word on a token: about one page view. */
export const confirmedUsers = createConfirmedUsers(10_000, 1000);
