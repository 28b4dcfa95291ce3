import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Processes and servers on 127.0.0.1, started by a test and stopped by it. */

/** A port nothing listens on now: the kernel's pick for a socket bound to port 0. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface NodeProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export interface NodeOptions {
  /** The whole environment, apart from PATH and PORT (a free one): nothing leaks in from ours. */
  env?: Record<string, string>;
  /** Copies the child's stderr to ours as it comes, for servers whose errors a reader wants. */
  echoStderr?: boolean;
  /**
   * A command that execs node in its own place, so that the pid stays node's: `taskset -c 0`
   * pins a server to a core (the benchmark's servers, lab/bench/servers.ts).
   */
  launcher?: readonly string[];
  /**
   * Sends the output nowhere instead of keeping it: for a server under load that logs every
   * request, whose lines would cost it a pipe and this process the strings.
   */
  discardOutput?: boolean;
}

/** Runs `node ARGS` serving on a free port of 127.0.0.1, with its output kept unless discarded. */
export async function spawnNode(args: string[], options: NodeOptions = {}): Promise<NodeProcess> {
  const port = await freePort();
  const launched = [...(options.launcher ?? []), process.execPath, ...args];
  const [command, ...argv] = launched as [string, ...string[]];
  const child: ChildProcess = spawn(command, argv, {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...options.env },
    stdio: options.discardOutput ? 'ignore' : ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls until the process answers `path` with 200, or fails with what it printed. */
export async function waitUntilServing(
  server: NodeProcess,
  path = '/healthz',
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && server.child.exitCode === null) {
    const res = await fetch(server.url + path).catch(() => null);
    await res?.body?.cancel();
    if (res?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${server.url} did not serve ${path}; stderr: ${server.stderr()}`);
}

export interface Served {
  readonly url: string;
  stop(): Promise<void>;
}

/** A small HTTP server on 127.0.0.1 for a test's stand-ins and other origins. */
export async function serve(listener: RequestListener): Promise<Served> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
