// Every variable the UI's process reads from its environment, each declared once with its
// default and its check. Two readers share this file, so it is plain JavaScript (typed with
// JSDoc) and imports nothing: SvelteKit checks APP_SETTINGS when the app starts and serves them
// as `$app/env/private` (src/env.ts hands them over; src/lib/server/backend.ts is their only
// reader), and server.js, which runs before the app, reads SERVER_SETTINGS: where to listen and
// which origin to trust. The image copies it next to server.js, which has no node_modules.

/**
 * @param {string} name
 * @param {string | undefined} value
 * @param {number} fallback
 * @param {number} min
 * @param {number} [max]
 */
function wholeNumber(name, value, fallback, min, max = Number.MAX_SAFE_INTEGER) {
  const number = Number(value || fallback);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(
      `${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/**
 * @param {string} name
 * @param {string} value
 */
function httpUrl(name, value) {
  const url = URL.parse(value);
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return url;
}

/** The app's settings. Knative sets them on the service, after the image was built. */
export const APP_SETTINGS = {
  BACKEND_URL: {
    description: 'The API. In the cluster: http://api.sentiment.svc.cluster.local (port 80).',
    /** @param {string | undefined} value */
    schema: (value) => httpUrl('BACKEND_URL', value || 'http://127.0.0.1:8080').href,
  },
  BACKEND_TIMEOUT_MS: {
    description: 'How long to wait for the API: long enough for a cold start from zero.',
    /** @param {string | undefined} value */
    schema: (value) => wholeNumber('BACKEND_TIMEOUT_MS', value, 15_000, 100),
  },
  KUBERNETES_SERVICE_HOST: {
    description: 'Set by Kubernetes in every pod: where the /scale page reads the API’s pods.',
    /** @param {string | undefined} value */
    schema: (value) => value || undefined,
  },
  KUBERNETES_SERVICE_PORT: {
    description: 'Set by Kubernetes with KUBERNETES_SERVICE_HOST.',
    /** @param {string | undefined} value */
    schema: (value) => wholeNumber('KUBERNETES_SERVICE_PORT', value, 443, 1, 65_535),
  },
  CLIENT_ADDRESS_SECRET: {
    description:
      'Shared with the API: signs the browser’s address on logins, so that its throttle counts ' +
      'guesses per name and address (README "Security"). Unset: the API counts per name.',
    /** @param {string | undefined} value */
    schema: (value) => {
      if (!value) return undefined;
      if (Buffer.byteLength(value.trim()) < 32) {
        throw new Error('CLIENT_ADDRESS_SECRET must be at least 32 bytes');
      }
      return value;
    },
  },
  COOKIE_SECURE: {
    description: 'Secure cookies unless "false": browsers drop them on plain-http sites.',
    /** @param {string | undefined} value */
    schema: (value) => value !== 'false',
  },
};

/** The HTTP server's settings (server.js), the ones adapter-node's own server would read. */
export const SERVER_SETTINGS = {
  PORT: {
    description: 'Where to listen; Knative sets it.',
    /** @param {string | undefined} value */
    schema: (value) => wholeNumber('PORT', value, 3000, 0, 65_535),
  },
  HOST: {
    description: 'The address to listen on.',
    /** @param {string | undefined} value */
    schema: (value) => value || '0.0.0.0',
  },
  ORIGIN: {
    description: 'The public origin, when the proxy in front does not send X-Forwarded-Proto.',
    /** @param {string | undefined} value */
    schema: (value) => (value ? httpUrl('ORIGIN', value) : null),
  },
  SHUTDOWN_TIMEOUT: {
    description: 'Seconds to let requests in flight finish after SIGTERM.',
    /** @param {string | undefined} value */
    schema: (value) => wholeNumber('SHUTDOWN_TIMEOUT', value, 30, 0),
  },
};

/**
 * SERVER_SETTINGS read from `env`; throws one Error naming the first bad variable.
 * @param {Record<string, string | undefined>} env
 */
export function readServerSettings(env) {
  return {
    port: SERVER_SETTINGS.PORT.schema(env.PORT),
    host: SERVER_SETTINGS.HOST.schema(env.HOST),
    origin: SERVER_SETTINGS.ORIGIN.schema(env.ORIGIN),
    shutdownTimeoutMs: SERVER_SETTINGS.SHUTDOWN_TIMEOUT.schema(env.SHUTDOWN_TIMEOUT) * 1000,
  };
}
