#!/usr/bin/env node
/**
 * npm run load -- [options]: a bounded burst of analyses through the UI, the way users reach the
 * product (the API is cluster-local), driven by autocannon. Prints a live progress line, then a
 * summary; --json prints the summary as JSON on stdout.
 */
import { createTally } from '@sentiment/web/burst-stats';
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
  let res = await postForm('/login', credentials).catch(unreachable);
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

/** Nothing answers at the URL (no cluster, a wrong port or route): say so in one line. */
function unreachable(error: NodeJS.ErrnoException): never {
  console.error(
    `load: cannot reach ${base.href} (${error.code ?? error.message}): is the UI running there? ` +
      '(see --help for --url and --host)',
  );
  process.exit(1);
}

/** When each API pod first answered (its cold start, end to end): npm run watch reads it. */
const firstAnswerAt: Record<string, string> = {};
/**
 * What onResponse made of the answer that autocannon is about to report with its latency: it
 * calls a request's onResponse, then emits 'response', one after the other for each answer
 * (autocannon lib/httpClient.js, kOnMessageComplete).
 */
let lastAnswer: Answer | null = null;
type Answer = { ok: true; instance: string } | { ok: false; kind: string };

/** Reads the analyze action's JSON answer: the analysis and the API pod that made it. */
function onResponse(status: number, body: string): void {
  lastAnswer = readAnswer(status, body);
}

function readAnswer(status: number, body: string): Answer {
  if (status < 200 || status >= 300) return { ok: false, kind: `http ${status}` };
  try {
    const result = JSON.parse(body) as { type: string; status?: number; data?: string };
    if (result.type !== 'success' || !result.data) {
      return { ok: false, kind: `${result.type} ${result.status ?? ''}`.trim() };
    }
    const { analysis } = devalue(result.data) as { analysis: { servedBy: { instance: string } } };
    return { ok: true, instance: analysis.servedBy.instance };
  } catch {
    return { ok: false, kind: 'unreadable answer' };
  }
}

function onAnswer(latencyMs: number): void {
  const answer: Answer = lastAnswer ?? { ok: false, kind: 'unreadable answer' };
  lastAnswer = null;
  if (!answer.ok) return tally.fail(answer.kind);
  tally.answer(performance.now(), latencyMs, answer.instance);
  firstAnswerAt[answer.instance] ??= new Date().toISOString();
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
    instance.on('response', (_client, _status, _bytes, ms) => onAnswer(ms));
    instance.on('reqError', (error: Error) => tally.fail(error.message));
  });
}

const cookie = await signIn();
// What the run saw: the same statistics as the Scale page's bursts (web/src/lib/burst-stats.ts),
// on a clock that starts with the load, not with signing in.
const startedAt = performance.now();
const tally = createTally(startedAt);
const progress = setInterval(() => {
  const { done, failed } = tally.counts();
  const seconds = (performance.now() - startedAt) / 1000;
  process.stderr.write(
    `\rload: ${done}/${total} done, ${failed} failed, ` +
      `${Math.round(done / seconds)}/s, ${Object.keys(firstAnswerAt).length} API pods   `,
  );
}, 1000);

let remaining = total;
const deadline = durationS === undefined ? Infinity : Date.now() + durationS * 1000;
// The ramp: up to five steps from one connection to the full concurrency.
const steps = rampS > 0 ? Math.min(5, concurrency) : 0;
for (let step = 1; step <= steps && remaining > 0 && Date.now() < deadline; step++) {
  const connections = Math.max(1, Math.round((concurrency * step) / (steps + 1)));
  const before = tally.counts().done;
  await stage(cookie, connections, remaining, rampS / steps);
  remaining -= tally.counts().done - before;
}
if (remaining > 0 && Date.now() < deadline) {
  const left =
    deadline === Infinity ? undefined : Math.max(1, Math.round((deadline - Date.now()) / 1000));
  await stage(cookie, concurrency, remaining, left);
}
clearInterval(progress);
process.stderr.write('\n');

const summary = { url: base.href, host, ...tally.summarize(performance.now()), firstAnswerAt };
const ms = (value: number | null) => (value === null ? '–' : `${value} ms`);

if (args.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const lines = [
    `${summary.total} requests in ${(summary.elapsedMs / 1000).toFixed(1)} s: ` +
      `${summary.ok} answered (${summary.rps}/s), ${summary.failed} failed`,
    `latency of answers: p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, p99 ${ms(summary.p99)}, max ${ms(summary.maxMs)}`,
    `first answer after ${ms(summary.firstOkMs)} (the cold start, as a user felt it)`,
    ...Object.entries(summary.errors).map(([kind, n]) => `error: ${n} × ${kind}`),
    `answers per API pod:`,
    ...Object.entries(summary.instances).map(([name, n]) => `  ${name}  ${n}`),
  ];
  console.log(lines.join('\n'));
}
process.exitCode = summary.failed > 0 ? 1 : 0;
