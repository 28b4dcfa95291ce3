#!/usr/bin/env node
// End-to-end on a live cluster, after `npm run cluster:up && npm run deploy`:
// through the UI's public route, sign up and analyze, watch the API rise from zero pods under a
// burst, and return to zero. Needs kubectl and the cluster; without them it fails, never passes.
//
//   INGRESS_URL   where the ingress listens (default http://127.0.0.1:80, kind's mapping)
//   INGRESS_HOST  the UI's route (default web.sentiment.127.0.0.1.sslip.io); on minikube
//                 web.sentiment.<tunnel IP>.sslip.io, and with kind's fallback mapping add :8080
//
// Every request goes through node:http: fetch replaces a custom Host header with the URL's
// (nodejs/undici#2369), and the ingress routes by Host alone.
import { countPods } from '@sentiment/web/pods';
import { execFileSync } from 'node:child_process';
import http from 'node:http';

const NAMESPACE = 'sentiment';
const HOST = process.env.INGRESS_HOST ?? 'web.sentiment.127.0.0.1.sslip.io';
const INGRESS = new URL(process.env.INGRESS_URL ?? 'http://127.0.0.1:80');
const MINUTE = 60_000;

const say = (message) => console.log(`test:cluster: ${message}`);
function fail(message) {
  console.error(`test:cluster: FAILED: ${message}`);
  process.exit(1);
}

function kubectl(...args) {
  return execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

try {
  kubectl('cluster-info', '--request-timeout=5s');
} catch {
  fail(
    'no Kubernetes cluster is reachable (kubectl cluster-info failed, or kubectl is missing). ' +
      'This test needs a live cluster: npm run cluster:up && npm run deploy.',
  );
}

/** API pods that exist and are not being deleted, and how many of them are ready. */
function apiPods() {
  const { items } = JSON.parse(
    kubectl('get', 'pods', '-n', NAMESPACE, '-l', 'serving.knative.dev/service=api', '-o', 'json'),
  );
  const { pending, ready } = countPods(items);
  return { live: pending + ready, ready };
}

async function waitFor(what, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** A form post to the UI through the ingress, as a browser on the sslip.io route sends it. */
function post(path, fields, cookie) {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: INGRESS.hostname,
        port: INGRESS.port || 80,
        path,
        method: 'POST',
        headers: {
          host: HOST,
          origin: `http://${HOST}`,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...(cookie && { cookie }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ready = kubectl(
  'get',
  'ksvc',
  '-n',
  NAMESPACE,
  '-o',
  'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}',
);
for (const name of ['api', 'web']) {
  if (!ready.includes(`${name}=True`))
    fail(`Knative Service ${name} is not ready (${ready.trim()}): run npm run deploy`);
}

say('waiting for the API to scale to zero (about a minute after its last request)');
await waitFor('zero API pods', () => apiPods().live === 0, 6 * MINUTE);

let mostPods = 0;
const watcher = setInterval(() => (mostPods = Math.max(mostPods, apiPods().ready)), 2000);

const user = { username: `cluster${Date.now() % 1e9}`, password: 'from zero and back' };
const registered = await post('/register', { ...user, confirm: user.password });
if (registered.status !== 303) fail(`sign-up answered ${registered.status}`);
const cookie = [registered.headers['set-cookie'] ?? []]
  .flat()
  .find((c) => c.startsWith('session='))
  ?.split(';')[0];
if (!cookie) fail('sign-up set no session cookie');

const first = await post('/?/analyze', { text: 'Waking up from zero is wonderful' }, cookie);
if (first.status !== 200 || !first.text.includes('Analysis result'))
  fail(`the first analysis answered ${first.status}`);
say('signed up and analyzed through the UI; the API woke from zero');

say('a burst of 200 analyses, 40 at a time');
let ok = 0;
for (let round = 0; round < 5; round++) {
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      post('/?/analyze', { text: `burst ${round}-${i}: great` }, cookie),
    ),
  );
  ok += answers.filter((a) => a.status === 200).length;
}
clearInterval(watcher);
// One more look: a burst shorter than the watcher's interval must still be seen.
mostPods = Math.max(mostPods, apiPods().ready);
if (ok !== 200) fail(`${200 - ok} of 200 analyses failed`);
if (mostPods < 1) fail('never saw a ready API pod');
say(`all 200 answered; at most ${mostPods} API pods were ready at once`);

say('waiting for the API to return to zero');
await waitFor('the API back at zero pods', () => apiPods().live === 0, 6 * MINUTE);
say('passed: zero → ' + mostPods + ' → zero');
