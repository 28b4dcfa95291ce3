import { BACKEND_TIMEOUT_MS, BACKEND_URL, COOKIE_SECURE } from '$app/env/private';
import { createApi } from './api.ts';
import { BURST_LIMITS, createBurstSlots } from './burst.ts';

/**
 * The configured API client, cookie policy and burst slots: the one place the UI's settings
 * are read and the one place this instance keeps state across requests.
 */
export const api = createApi({ baseUrl: BACKEND_URL, timeoutMs: BACKEND_TIMEOUT_MS });
export const cookieSecure = COOKIE_SECURE;
export const bursts = createBurstSlots(BURST_LIMITS.perInstance);
