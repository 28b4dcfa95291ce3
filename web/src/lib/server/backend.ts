import {
  BACKEND_TIMEOUT_MS,
  BACKEND_URL,
  CLIENT_ADDRESS_SECRET,
  COOKIE_SECURE,
} from '$app/env/private';
import { createApi } from './api.ts';

/** The configured API client and cookie policy: the one place the UI's settings are read. */
export const api = createApi({
  baseUrl: BACKEND_URL,
  timeoutMs: BACKEND_TIMEOUT_MS,
  clientSecret: CLIENT_ADDRESS_SECRET,
});
export const cookieSecure = COOKIE_SECURE;
