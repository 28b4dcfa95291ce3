import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in for Kourier's external gateway: nginx from Debian's packages, routing only by the
 * Host header (the port stripped, as Envoy's virtual hosts match it) and answering 404 for any
 * other, as Kourier does: it has no catch-all route (knative-extensions/net-kourier
 * `pkg/generator/ingress_translator.go` builds one virtual host per Ingress host). Like Envoy
 * it passes the Host on unchanged, adds X-Forwarded-For/-Proto, and streams responses
 * unbuffered (Server-Sent Events).
 */

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

/** Starts nginx on a free loopback port, routing each host to its loopback upstream. */
export async function startKourierStandIn(routes: Record<string, string>): Promise<KourierStandIn> {
  const nginx = requireNginx();
  const dir = mkdtempSync(join(tmpdir(), 'kourier-standin-'));
  const port = await unusedPort();
  const servers = Object.entries(routes).map(
    ([host, upstream]) => `
    server {
      listen 127.0.0.1:${port};
      server_name ${host};
      location / {
        proxy_pass ${upstream};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto http;
        proxy_buffering off;
        proxy_read_timeout 300s;
      }
    }`,
  );
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

/** A port nothing listens on now: the kernel's pick for a socket bound to port 0. */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
