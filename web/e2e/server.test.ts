import { once } from 'node:events';
import http from 'node:http';
import { connect } from 'node:net';
import { freePort, type NodeProcess } from '@sentiment/testkit/process';
import { startWeb } from '@sentiment/testkit/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** web/server.js, the built UI's own server, against slow clients and queue-proxy's pooling. */

let web: NodeProcess;
beforeAll(async () => {
  // No API is needed to hold a socket open: an unreachable backend will do.
  web = await startWeb(`http://127.0.0.1:${await freePort()}`);
});
afterAll(() => web.stop());

describe('the UI server', () => {
  it('keeps idle connections longer than queue-proxy’s 90 s', async () => {
    const res = await fetch(`${web.url}/healthz`);
    expect(res.headers.get('keep-alive')).toBe('timeout=95');
  });

  it('cuts off a client that never finishes its headers, with 408', async () => {
    const socket = connect(Number(new URL(web.url).port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /login HTTP/1.1\r\nHost: web\r\n');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('finishes every request in flight at SIGTERM', async () => {
    const draining = await startWeb(`http://127.0.0.1:${await freePort()}`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`${draining.url}/healthz`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
    let signalledAt = Infinity;
    let stopped: Promise<void> | undefined;
    let done = 0;
    const started = new Set<number>();
    const failures: string[] = [];
    let inFlightAtSignal = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, worker) => {
        while (performance.now() < signalledAt) {
          const at = performance.now();
          const outcome = await get().then(String, (error: Error) => error.message);
          if (at < signalledAt) {
            if (outcome !== '200') failures.push(outcome);
            if (signalledAt !== Infinity) inFlightAtSignal++;
          }
          started.add(worker);
          // Every connection open and the load under way: signal from inside the loop.
          if (++done >= 300 && started.size === 50 && !stopped) {
            signalledAt = performance.now();
            stopped = draining.stop();
          }
        }
      }),
    );
    await stopped;
    agent.destroy();
    console.log(`web SIGTERM: ${inFlightAtSignal} requests in flight, ${failures.length} failed`);
    expect(failures).toEqual([]);
  });
});
