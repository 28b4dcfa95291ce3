import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@sentiment/testkit/process';

/**
 * A stand-in for the path from a browser to a Knative pod through Kourier's gateway: nginx from
 * Debian's packages, one server per hop.
 *
 * - The gateway (Envoy) routes only by the Host header (the port stripped, as Envoy's virtual
 *   hosts match it) and answers 404 for any other, as Kourier does: it has no catch-all route
 *   (knative-extensions/net-kourier `pkg/generator/ingress_translator.go` builds one virtual host
 *   per Ingress host). It passes the Host on unchanged, streams responses unbuffered (Server-Sent
 *   Events) and behaves as Envoy with `use_remote_address: true`, which cluster-up.sh sets
 *   (`use-remote-address` in config-kourier, read by net-kourier
 *   `pkg/envoy/api/http_connection_manager.go`): it appends its peer's address to whatever
 *   X-Forwarded-For the client sent, sets X-Envoy-External-Address to that peer, and
 *   X-Forwarded-Proto from its own listener (Envoy docs
 *   `configuration/http/http_conn_man/headers.rst`, x-forwarded-for and x-forwarded-proto).
 * - The activator, when asked for (it sits in the path while a revision has no spare burst
 *   capacity), and queue-proxy, in the pod: both are Go `httputil.ReverseProxy`s with a
 *   Director (knative/serving `pkg/http/proxy.go`, NewHeaderPruningReverseProxy), so each
 *   appends its peer to X-Forwarded-For (golang/go `src/net/http/httputil/reverseproxy.go`) and
 *   leaves the other headers as they are. Queue-proxy reaches the app over loopback.
 */

export interface RouteOptions {
  /** Put a stand-in for the activator between the gateway and queue-proxy. */
  readonly activator?: boolean;
}

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(
  (path) => spawnSync(path, ['-v']).status === 0,
);

/** Fails up front, naming the package, when nginx is not installed. */
export function requireNginx(): string {
  if (!NGINX) {
    throw new Error(
      'these tests need nginx as the stand-in for Kourier: apt install nginx-light (Debian), brew install nginx',
    );
  }
  return NGINX;
}

export interface KourierStandIn {
  /** Where to send requests: http://127.0.0.1:PORT. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts nginx on free loopback ports, routing each host to its loopback upstream. */
export async function startKourierStandIn(
  routes: Record<string, string>,
  { activator = false }: RouteOptions = {},
): Promise<KourierStandIn> {
  const nginx = requireNginx();
  const dir = mkdtempSync(join(tmpdir(), 'kourier-standin-'));
  const port = await freePort();
  const servers: string[] = [];
  for (const [host, upstream] of Object.entries(routes)) {
    // Built from the pod outwards: queue-proxy, then the activator, each a Go proxy appending.
    let next = await goProxyHop(upstream, servers);
    if (activator) next = await goProxyHop(next, servers);
    servers.push(`
    server {
      listen 127.0.0.1:${port};
      server_name ${host};
      location / {
        proxy_pass ${next};
        ${STREAMING}
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Envoy-External-Address $remote_addr;
        proxy_set_header X-Forwarded-Proto http;
      }
    }`);
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `${kind}_temp_path ${join(dir, kind)};`)
    .join('\n    ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 2048; }
http {
    access_log off;
    ${temp}
    server {
      listen 127.0.0.1:${port} default_server;
      return 404;
    }
${servers.join('\n')}
}
`,
  );
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = (() => {
        try {
          return readFileSync(join(dir, 'error.log'), 'utf8');
        } catch {
          return '';
        }
      })();
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
    },
  };
}

const STREAMING = `proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_buffering off;
        proxy_read_timeout 300s;`;

/**
 * One hop of a Go ReverseProxy with a Director, as queue-proxy and the activator are: it
 * appends its peer's address to X-Forwarded-For and passes X-Forwarded-Proto on as it came.
 * Adds its server block and answers its own address.
 */
async function goProxyHop(upstream: string, servers: string[]): Promise<string> {
  const port = await freePort();
  servers.push(`
    server {
      listen 127.0.0.1:${port};
      location / {
        proxy_pass ${upstream};
        ${STREAMING}
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
      }
    }`);
  return `http://127.0.0.1:${port}`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
