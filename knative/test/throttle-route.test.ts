import { request } from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startApi, type ApiProcess } from '@sentiment/testkit/api';
import type { NodeProcess } from '@sentiment/testkit/process';
import { startWeb } from '@sentiment/testkit/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKourierStandIn, type KourierStandIn } from './helpers/kourier-standin.ts';
import { webRevision } from './helpers/web-manifest.ts';

/**
 * The login throttle (issue 13 item 9) through the cluster's path: browsers on different loopback
 * addresses reach the built UI, started with web.yaml's env, through a stand-in for Kourier's
 * gateway, queue-proxy and (when asked) the activator that sets X-Forwarded-For as they do
 * (knative/test/helpers/kourier-standin.ts says from which upstream files). The API is the real
 * one with the shared CLIENT_ADDRESS_SECRET; what it counted is read from its libSQL file.
 */

const ROUTE = 'web.sentiment.127.0.0.1.sslip.io';
const CLIENT_ADDRESS_SECRET = 'throttle-route-client-address-secret-32-bytes-or-more';
const OWNER = { username: 'owner', password: 'the owner’s own password' };

interface Answer {
  status: number;
  location: string | undefined;
}

/** A form post to the UI through the route, from a given loopback source address. */
function postForm(
  gateway: string,
  from: string,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body = new URLSearchParams(fields).toString();
  const url = new URL(gateway);
  return new Promise((resolve, reject) => {
    request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        localAddress: from,
        headers: {
          host: ROUTE,
          origin: `http://${ROUTE}`,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location }),
        );
      },
    )
      .on('error', reject)
      .end(body);
  });
}

const login = (gateway: string, from: string, password: string, headers?: Record<string, string>) =>
  postForm(gateway, from, '/login', { username: OWNER.username, password }, headers);

interface Stack {
  api: ApiProcess;
  web: NodeProcess;
  gateway: KourierStandIn;
  /** The throttle's rows: which client the API counted, and how many failures. */
  failures(): { client: string; failures: number }[];
  stop(): Promise<void>;
}

/** A fresh API (own database), the UI with web.yaml's env, and the route in front of it. */
async function startStack(activator: boolean): Promise<Stack> {
  const api = await startApi({ CLIENT_ADDRESS_SECRET });
  const web = await startWeb(api.url, {
    ...webRevision().env,
    BACKEND_URL: api.url,
    CLIENT_ADDRESS_SECRET,
  });
  const gateway = await startKourierStandIn({ [ROUTE]: web.url }, { activator });
  const registered = await postForm(gateway.url, '127.0.0.9', '/register', {
    ...OWNER,
    confirm: OWNER.password,
  });
  if (registered.status !== 303) throw new Error(`register answered ${registered.status}`);
  return {
    api,
    web,
    gateway,
    failures() {
      const db = new DatabaseSync(join(api.dataDir, 'sentiment.db'), { readOnly: true });
      try {
        return db.prepare('SELECT client, failures FROM login_failures ORDER BY client').all() as {
          client: string;
          failures: number;
        }[];
      } finally {
        db.close();
      }
    },
    async stop() {
      await gateway.stop();
      await web.stop();
      await api.stop();
    },
  };
}

/** startStack around a describe block: started before its tests, stopped after them. */
function useStack(activator: boolean): Stack {
  const stack = {} as Stack;
  beforeAll(async () => {
    Object.assign(stack, await startStack(activator));
  });
  afterAll(() => stack.stop?.());
  return stack;
}

describe('web.yaml', () => {
  it('keeps the activator out of a warm revision’s path, so the proxy chain has a fixed length', () => {
    // knative/serving pkg/autoscaler/scaling/autoscaler.go: a target-burst-capacity of 0 gives an
    // excess burst capacity of 0, and pkg/reconciler/autoscaling/kpa/kpa.go then serves directly
    // whenever the wanted scale is above 0, which min-scale 1 makes always.
    const { annotations } = webRevision();
    expect(annotations['autoscaling.knative.dev/target-burst-capacity']).toBe('0');
    expect(annotations['autoscaling.knative.dev/min-scale']).toBe('1');
  });
});

describe('the login throttle through Kourier and queue-proxy (nginx stand-ins)', () => {
  const stack = useStack(false);

  it('five wrong passwords from one address do not lock the owner out at another', async () => {
    for (let guess = 0; guess < 5; guess++) {
      expect((await login(stack.gateway.url, '127.0.0.2', `guess ${guess}`)).status).toBe(401);
    }
    expect((await login(stack.gateway.url, '127.0.0.2', OWNER.password)).status).toBe(429);
    const owner = await login(stack.gateway.url, '127.0.0.3', OWNER.password);
    expect(owner).toEqual({ status: 303, location: '/' });
    expect(stack.failures()).toEqual([{ client: 'client:127.0.0.2', failures: 5 }]);
  });

  it('still answers a login that reaches the UI without the proxies (a port-forward): no address is vouched for', async () => {
    // adapter-node's getClientAddress() throws when X-Forwarded-For has fewer than XFF_DEPTH
    // entries (@sveltejs/adapter-node files/handler.js); the login must not become a 500.
    const answer = await login(stack.web.url, '127.0.0.6', 'not through the route');
    expect(answer.status).toBe(401);
  });

  it('a client-sent X-Forwarded-For changes nothing: the API counts the connection’s address', async () => {
    const forged = ['127.0.0.5', '203.0.113.7, 127.0.0.5', '127.0.0.5, 127.0.0.1'];
    for (const [guess, xff] of forged.entries()) {
      const answer = await login(stack.gateway.url, '127.0.0.4', `forged ${guess}`, {
        'x-forwarded-for': xff,
      });
      expect(answer.status).toBe(401);
    }
    const rows = stack.failures();
    expect(rows).toContainEqual({ client: 'client:127.0.0.4', failures: 3 });
    expect(rows.map((row) => row.client)).not.toContain('client:127.0.0.5');
  });
});

describe('the login throttle while the activator is in the path (a revision with no pod yet)', () => {
  const stack = useStack(true);

  it('counts the gateway’s address for everyone, never one the client sent', async () => {
    const answer = await login(stack.gateway.url, '127.0.0.2', 'wrong', {
      'x-forwarded-for': '127.0.0.5',
    });
    expect(answer.status).toBe(401);
    // One hop more: XFF_DEPTH 2 then lands on the gateway's own address (127.0.0.1 here, its
    // pod's IP in the cluster): shared by every browser, the throttle is per name, as before.
    expect(stack.failures()).toEqual([{ client: 'client:127.0.0.1', failures: 1 }]);
  });
});
