import { defineEnvVars } from '@sveltejs/kit/env';

/**
 * The UI's configuration, read and checked when the server starts (SvelteKit 3 reads it through
 * `$app/env/private`). Knative sets these on the service, after the image was built.
 */
export const variables = defineEnvVars({
  /** The API. In the cluster: http://api.sentiment.svc.cluster.local (cluster-local, port 80). */
  BACKEND_URL: {
    schema: (value: string | undefined) => {
      const url = new URL(value || 'http://127.0.0.1:8080');
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`BACKEND_URL must be an http(s) URL, got ${url.protocol}`);
      }
      return url.href;
    },
  },
  /** How long to wait for the API: long enough for a cold start from zero. */
  BACKEND_TIMEOUT_MS: {
    schema: (value: string | undefined) => {
      const ms = Number(value || 15_000);
      if (!Number.isInteger(ms) || ms < 100) throw new Error('BACKEND_TIMEOUT_MS must be ≥ 100');
      return ms;
    },
  },
  /** Set by Kubernetes in every pod: where the /scale page reads the API's pods from. */
  KUBERNETES_SERVICE_HOST: {
    schema: (value: string | undefined) => value,
  },
  KUBERNETES_SERVICE_PORT: {
    schema: (value: string | undefined) => value ?? '443',
  },
  /**
   * Shared with the API: signs the browser's address on logins, so that the API's throttle can
   * count guesses per name and address (README "Security"). Unset: the API counts per name.
   */
  CLIENT_ADDRESS_SECRET: {
    schema: (value: string | undefined) => {
      if (!value) return undefined;
      if (Buffer.byteLength(value.trim()) < 32) {
        throw new Error('CLIENT_ADDRESS_SECRET must be at least 32 bytes');
      }
      return value;
    },
  },
  /** Secure cookies unless this is "false": browsers drop Secure cookies on plain-http sites. */
  COOKIE_SECURE: {
    schema: (value: string | undefined) => value !== 'false',
  },
});
