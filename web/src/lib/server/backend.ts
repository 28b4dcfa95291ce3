import {
  BACKEND_TIMEOUT_MS,
  BACKEND_URL,
  CLIENT_ADDRESS_SECRET,
  COOKIE_SECURE,
} from '$app/env/private';
import { createApi } from './api.ts';
import { BURST_LIMITS, createBurstSlots } from './burst.ts';
import { createConfirmedUsers } from './session.ts';

/**
 * The configured API client, cookie policy, burst slots and recently confirmed users: the one
 * place the UI's settings are read and the one place this instance keeps state across requests.
 */
export const api = createApi({
  baseUrl: BACKEND_URL,
  timeoutMs: BACKEND_TIMEOUT_MS,
  clientSecret: CLIENT_ADDRESS_SECRET,
});
export const cookieSecure = COOKIE_SECURE;
export const bursts = createBurstSlots(BURST_LIMITS.perInstance);
/** How long the layout trusts the API's last word on a token: about one page view. */
export const confirmedUsers = createConfirmedUsers(10_000, 1000);
