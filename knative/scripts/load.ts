#!/usr/bin/env node
/**
 * npm run load -- [options]: a bounded burst of analyses through the UI, the way users reach the
 * product (the API is cluster-local), driven by autocannon. Prints a live progress line, then a
 * summary; --json prints the summary as JSON on stdout.
 */
import autocannon from 'autocannon';
import { parse as devalue } from 'devalue';
import { request } from 'node:http';
import { parseArgs } from 'node:util';

const KIND_INGRESS = 'http://127.0.0.1';
const KIND_ROUTE = 'web.sentiment.127.0.0.1.sslip.io';

const USAGE = `usage: npm run load -- [options]

A burst of analyses through the UI's route, as browsers send them; then a summary.

  --url URL          where the ingress listens (default $INGRESS_URL, else ${KIND_INGRESS}: kind's port 80)
  --host NAME        the UI's route, sent as Host (default $INGRESS_HOST, else ${KIND_ROUTE}
                     when --url is kind's; else the URL's own host)
  --requests N       total requests (default 500, at most 100000)
  --duration S       or stop after S seconds, whichever comes first
  --concurrency N    connections at once (default 20, at most 500)
  --ramp S           grow from 1 connection to --concurrency over S seconds first
  --user NAME        the load-test account, created if needed (default loadtest)
  --password TEXT    its password (default load-test-password)
  --json             print the summary as JSON (with firstOkMs and each pod's first answer)
  --help             this text

kind's fallback mapping (hostPort 8080): --url http://127.0.0.1:8080 --host ${KIND_ROUTE}:8080
minikube: --url http://TUNNEL-IP --host web.sentiment.TUNNEL-IP.sslip.io
`;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.INGRESS_URL ?? KIND_INGRESS },
    host: { type: 'string', default: process.env.INGRESS_HOST },
    requests: { type: 'string', default: '500' },
    duration: { type: 'string' },
    concurrency: { type: 'string', default: '20' },
    ramp: { type: 'string', default: '0' },
    user: { type: 'string', default: 'loadtest' },
    password: { type: 'string', default: 'load-test-password' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function bounded(name: string, raw: string | undefined, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`load: --${name} must be a whole number from 0 to ${max}`);
    process.exit(2);
  }
  return value;
}

const base = new URL(args.url);
const host = args.host ?? (args.url === KIND_INGRESS ? KIND_ROUTE : base.host);
const origin = `${base.protocol}//${host}`;
const total = bounded('requests', args.requests, 100_000);
const durationS =
  args.duration === undefined ? undefined : bounded('duration', args.duration, 3600);
const concurrency = Math.max(1, bounded('concurrency', args.concurrency, 500));
const rampS = bounded('ramp', args.ramp, 600);

/**
 * A browser's form post to the UI, through whatever proxy the Host header names. node:http, not
 * fetch: since the October 2023 security release fetch sends the URL's host whatever Host it is
 * given (nodejs/undici#2369; the maintainers' advice is a lower-level client), and Kourier
 * routes by Host alone. autocannon, for the burst itself, writes the Host it is given.
 */
function postForm(
  path: string,
  fields: Record<string, string>,
): Promise<{ status: number; cookies: string[] }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      {
        method: 'POST',
        headers: {
          host,
          origin,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function signIn(): Promise<string> {
  const credentials = { username: args.user, password: args.password };
  let res = await postForm('/login', credentials);
  if (res.status !== 303) {
    res = await postForm('/register', { ...credentials, confirm: credentials.password });
  }
  const cookie = res.cookies.find((c) => c.startsWith('session='));
  if (res.status !== 303 || !cookie) {
    console.error(`load: could not sign in as ${args.user} at ${base.href} (HTTP ${res.status})`);
    process.exit(1);
  }
  return cookie.split(';')[0] ?? '';
}

// What the run saw, request by request.
const latencies: number[] = [];
const errors: Record<string, number> = {};
const instances: Record<string, number> = {};
/** When each API pod first answered (its cold start, end to end): npm run watch reads it. */
const firstAnswerAt: Record<string, string> = {};
let ok = 0;
let firstOkMs: number | null = null;
let started = 0;

/** Reads the analyze action's JSON answer: the analysis and the API pod that made it. */
function onResponse(status: number, body: string): void {
  if (status < 200 || status >= 300) {
    errors[`http ${status}`] = (errors[`http ${status}`] ?? 0) + 1;
    return;
  }
  try {
    const result = JSON.parse(body) as { type: string; status?: number; data?: string };
    if (result.type !== 'success' || !result.data) {
      const kind = `${result.type} ${result.status ?? ''}`.trim();
      errors[kind] = (errors[kind] ?? 0) + 1;
      return;
    }
    const { analysis } = devalue(result.data) as { analysis: { servedBy: { instance: string } } };
    const pod = analysis.servedBy.instance;
    instances[pod] = (instances[pod] ?? 0) + 1;
    firstAnswerAt[pod] ??= new Date().toISOString();
    ok++;
    firstOkMs ??= Date.now() - started;
  } catch {
    errors['unreadable answer'] = (errors['unreadable answer'] ?? 0) + 1;
  }
}

function stage(
  cookie: string,
  connections: number,
  amount: number,
  seconds?: number,
): Promise<void> {
  const options: autocannon.Options = {
    url: base.origin,
    connections,
    amount,
    ...(seconds !== undefined && { duration: seconds }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/?/analyze',
        headers: {
          host,
          origin,
          cookie,
          accept: 'application/json',
          'x-sveltekit-action': 'true',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ text: 'Load testing is great fun, honestly!' }).toString(),
        onResponse,
      },
    ],
  };
  return new Promise<void>((resolve, reject) => {
    const instance = autocannon(options, (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    instance.on('reqError', (error: Error) => {
      errors[error.message] = (errors[error.message] ?? 0) + 1;
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0,
  );
}

const cookie = await signIn();
// The clock starts with the load, not with signing in.
started = Date.now();
const progress = setInterval(() => {
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `\rload: ${ok + failed}/${total} answered, ${failed} failed, ` +
      `${Math.round((ok + failed) / seconds)}/s, ${Object.keys(instances).length} API pods   `,
  );
}, 1000);

let remaining = total;
const deadline = durationS === undefined ? Infinity : started + durationS * 1000;
// The ramp: up to five steps from one connection to the full concurrency.
const steps = rampS > 0 ? Math.min(5, concurrency) : 0;
for (let step = 1; step <= steps && remaining > 0 && Date.now() < deadline; step++) {
  const connections = Math.max(1, Math.round((concurrency * step) / (steps + 1)));
  const before = latencies.length;
  await stage(cookie, connections, remaining, rampS / steps);
  remaining -= latencies.length - before;
}
if (remaining > 0 && Date.now() < deadline) {
  const left =
    deadline === Infinity ? undefined : Math.max(1, Math.round((deadline - Date.now()) / 1000));
  await stage(cookie, concurrency, remaining, left);
}
clearInterval(progress);
process.stderr.write('\n');

const elapsedMs = Date.now() - started;
const sorted = latencies.sort((a, b) => a - b);
const failed = Object.values(errors).reduce((a, b) => a + b, 0);
const summary = {
  url: base.href,
  host,
  requests: ok + failed,
  ok,
  failed,
  errors,
  elapsedMs,
  rps: Math.round(((ok + failed) / elapsedMs) * 1000),
  latencyMs: {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: Math.round(sorted.at(-1) ?? 0),
  },
  firstOkMs,
  instances,
  firstAnswerAt,
};

if (args.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const lines = [
    `${summary.requests} requests in ${(elapsedMs / 1000).toFixed(1)} s: ${ok} ok, ${failed} failed (${summary.rps}/s)`,
    `latency p50 ${summary.latencyMs.p50} ms, p90 ${summary.latencyMs.p90} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`,
    `first successful answer after ${firstOkMs ?? '–'} ms (the cold start, as a user felt it)`,
    ...Object.entries(errors).map(([kind, n]) => `error: ${n} × ${kind}`),
    `answers per API pod:`,
    ...Object.entries(instances).map(([name, n]) => `  ${name}  ${n}`),
  ];
  console.log(lines.join('\n'));
}
process.exitCode = failed > 0 ? 1 : 0;
