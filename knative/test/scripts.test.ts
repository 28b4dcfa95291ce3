import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '@sentiment/testkit/process';
import { parseAllDocuments } from 'yaml';

interface Manifest {
  kind?: string;
  spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
}

/**
 * The cluster scripts, run for real with docker, kind, kubectl and kn replaced by recorders on
 * PATH: there is no container engine or cluster here. Each recorder logs its arguments and
 * prints what the real tool would for the few calls whose output the scripts read.
 */

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPTS = join(ROOT, 'knative', 'scripts');

let bin: string;
let log: string;

const RECORDER = `#!/bin/sh
echo "$(basename "$0") $*" >> "$RECORD_LOG"
case "$(basename "$0") $*" in
  "kind get clusters") [ -n "$FAKE_CLUSTER" ] && echo "$FAKE_CLUSTER" ;;
  "kn service describe web"*) echo "http://web.sentiment.127.0.0.1.sslip.io" ;;
  "kn service create $FAIL_SERVICE "*) [ -n "$FAIL_SERVICE" ] && exit 1 ;;
  "kubectl create secret"*) echo "kind: Secret" ;;
  "kubectl get deployment -n knative-serving -o name") printf 'deployment.apps/controller\ndeployment.apps/net-kourier-controller\n' ;;
  "kubectl get deployment -n kourier-system -o name") echo deployment.apps/3scale-kourier-gateway ;;
  "kubectl get service kourier -n kourier-system"*) echo 10.0.0.7 ;;
  "kubectl get revision"*) echo "api-00001  Ready=False ProgressDeadlineExceeded" ;;
  "kubectl describe pods"*) echo "Warning  Failed  kubelet  Error: container has runAsNonRoot and image has non-numeric user (node)" ;;
  *" -f -"*) cat > /dev/null ;;
esac
exit 0
`;

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'recorders-'));
  log = join(bin, 'calls.log');
  for (const tool of ['docker', 'kind', 'kubectl', 'kn']) {
    writeFileSync(join(bin, tool), RECORDER);
    chmodSync(join(bin, tool), 0o755);
  }
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

async function script(name: string, env: Record<string, string> = {}) {
  const result = await run('bash', [join(SCRIPTS, name)], {
    env: {
      // The recorders first, then node and the system's tools (but no kn or kind: none here).
      PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
      RECORD_LOG: log,
      GENERATED_DIR: join(bin, 'generated'),
      ...env,
    },
  }).then(
    (ok) => ({ code: 0, ...ok }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const calls = readFileSync(log, { flag: 'a+' }).toString().trim().split('\n').filter(Boolean);
  return { ...result, calls };
}

describe('deploy.sh (recorded tools, no cluster)', () => {
  it('builds, loads and deploys in order, with one fresh tag throughout', async () => {
    const { code, calls, stderr } = await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    expect(code, stderr).toBe(0);
    const tag = /sentiment-fn:(\S+)/.exec(
      calls.find((c) => c.startsWith('docker build')) ?? '',
    )?.[1];
    expect(tag).toMatch(/^\d{14}-\w+$/);
    const fn = `dev.local/sentiment-fn:${tag}`;
    const web = `dev.local/sentiment-web:${tag}`;
    // Both sides of a pipe run at once, so each secret's `kubectl apply -f -` may log before or
    // after its `create`: count those, and check the order of everything else.
    const piped = (c: string) => c === 'kubectl apply -f -';
    expect(calls.filter(piped)).toHaveLength(2);
    const ordered = calls.filter(
      (c) => !c.startsWith('kind get') && !c.startsWith('kubectl config') && !piped(c),
    );
    expect(ordered).toEqual([
      `docker build -f ${ROOT}/Dockerfile.fn -t ${fn} ${ROOT}`,
      `docker build -f ${ROOT}/Dockerfile.web -t ${web} ${ROOT}`,
      `kind load docker-image ${fn} ${web} --name knative`,
      `kubectl apply -f ${ROOT}/knative/namespace.yaml`,
      `kubectl create secret generic libsql-auth -n sentiment --from-env-file=${bin}/generated/libsql-auth.env --dry-run=client -o yaml`,
      `kubectl create secret generic api-jwt -n sentiment --from-env-file=${bin}/generated/api-jwt.env --dry-run=client -o yaml`,
      `kubectl apply -f ${bin}/generated/libsql.yaml`,
      'kubectl rollout status statefulset/libsql -n sentiment --timeout=5m',
      `kn service create api -n sentiment --filename ${ROOT}/knative/api.yaml --image ${fn} --force --wait-timeout 300`,
      `kubectl apply -f ${ROOT}/knative/web-rbac.yaml`,
      `kn service create web -n sentiment --filename ${ROOT}/knative/web.yaml --image ${web} --force --wait-timeout 300`,
      'kn service describe web -n sentiment -o url',
    ]);
    expect(stderr).toContain('The UI: http://web.sentiment.127.0.0.1.sslip.io');
    expect(stderr).toContain('kubectl get pods -n sentiment -l serving.knative.dev/service=api -w');
  });

  it('deploys with kn from the same YAML kubectl apply -k uses, changing only the image', async () => {
    const { calls } = await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    const kustomization = readFileSync(join(ROOT, 'knative', 'kustomization.yaml'), 'utf8');
    for (const name of ['api', 'web']) {
      const call = calls.find((c) => c.startsWith(`kn service create ${name} `)) ?? '';
      const flags = call.split(' ').filter((word) => word.startsWith('--'));
      expect(flags).toEqual(['--filename', '--image', '--force', '--wait-timeout']);
      expect(call).toContain(`${ROOT}/knative/${name}.yaml`);
      expect(kustomization).toContain(`- ${name}.yaml`);
    }
    const generated = readFileSync(join(bin, 'generated', 'kustomization.yaml'), 'utf8');
    const tag = /sentiment-fn:(\S+)/.exec(calls.join('\n'))?.[1];
    expect(generated).toContain(`newTag: "${tag}"`);
  });

  it('writes the secrets once, privately, and keeps them on the next deploy', async () => {
    await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    const first = readFileSync(join(bin, 'generated', 'api-jwt.env'), 'utf8');
    await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    expect(readFileSync(join(bin, 'generated', 'api-jwt.env'), 'utf8')).toBe(first);
    expect(first).toMatch(/^secret=[\w-]{64}\nclient=[\w-]{64}\n$/);
  });

  it('adds the client-address key to a folder written before it existed, keeping the session secret', async () => {
    await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    const file = join(bin, 'generated', 'api-jwt.env');
    writeFileSync(file, 'secret=kept-session-secret\nadmins=\n');
    await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    expect(readFileSync(file, 'utf8')).toMatch(/^secret=kept-session-secret\nclient=[\w-]{64}\n$/);
  });

  it('applies the database once, its key on the pod template: a new key rolls it, an unchanged one does not', async () => {
    // One apply with the annotation in it: a separate patch after the apply started sqld twice
    // on a first deploy (the apply made revision 1, the patch revision 2). kubectl apply leaves
    // an unchanged template alone, so a redeploy with the same key restarts nothing.
    const database = (calls: string[]) => {
      const apply = calls.findLast((c) => /^kubectl apply -f \S*libsql\.yaml$/.test(c)) ?? '';
      const docs = parseAllDocuments(readFileSync(apply.split(' ')[3] ?? '', 'utf8'));
      return docs.map((doc) => doc.toJS() as Manifest);
    };
    const keyOf = (docs: Manifest[]) =>
      docs.find((d) => d.kind === 'StatefulSet')?.spec?.template?.metadata?.annotations?.[
        'sentiment.knative.dev/libsql-key'
      ];
    const first = await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    expect(first.calls.filter((c) => c.startsWith('kubectl patch'))).toEqual([]);
    const applied = database(first.calls);
    expect(keyOf(applied)).toMatch(/^[0-9a-f]{16}$/);
    // Apart from the annotation, exactly the committed manifest.
    const committed = parseAllDocuments(readFileSync(join(ROOT, 'knative', 'libsql.yaml'), 'utf8'));
    const withoutKey = structuredClone(applied);
    delete withoutKey.find((d) => d.kind === 'StatefulSet')?.spec?.template?.metadata?.annotations;
    expect(withoutKey).toEqual(committed.map((doc) => doc.toJS() as Manifest));
    const apply = first.calls.findIndex((c) => /^kubectl apply -f \S*libsql\.yaml$/.test(c));
    expect(first.calls[apply + 1]).toBe(
      'kubectl rollout status statefulset/libsql -n sentiment --timeout=5m',
    );

    const kept = await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    expect(keyOf(database(kept.calls))).toBe(keyOf(applied));
    rmSync(join(bin, 'generated'), { recursive: true });
    const regenerated = await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    const newKey = keyOf(database(regenerated.calls));
    expect(newKey).toMatch(/^[0-9a-f]{16}$/);
    expect(newKey).not.toBe(keyOf(applied));
    // kubectl apply -k knative/ puts the same checksum on the template.
    const kustomization = readFileSync(join(bin, 'generated', 'kustomization.yaml'), 'utf8');
    expect(kustomization).toContain(`sentiment.knative.dev/libsql-key: "${newKey}"`);
  });

  it('says why, and exits 1, when a service does not become ready in time', async () => {
    const { code, calls, stderr } = await script('deploy.sh', {
      FAKE_CLUSTER: 'knative',
      FAIL_SERVICE: 'api',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('api did not become ready within 300 s');
    const selector = '-n sentiment -l serving.knative.dev/service=api';
    expect(calls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^kubectl get revision ${selector} -o jsonpath=`)),
        `kubectl describe pods ${selector}`,
        `kubectl logs ${selector} -c api --tail=20 --prefix`,
      ]),
    );
    expect(stderr).toContain('non-numeric user (node)');
    expect(calls.filter((c) => c.startsWith('kn service create web'))).toEqual([]);
  });

  it('deploys to a minikube profile named knative, loading images with minikube', async () => {
    writeFileSync(join(bin, 'minikube'), RECORDER);
    chmodSync(join(bin, 'minikube'), 0o755);
    const { code, calls, stderr } = await script('deploy.sh');
    expect(code, stderr).toBe(0);
    const tag = /sentiment-fn:(\S+)/.exec(calls.join('\n'))?.[1];
    expect(calls).toContain('kubectl config use-context knative');
    expect(calls).toContain(`minikube image load dev.local/sentiment-fn:${tag} -p knative`);
    expect(calls).toContain(`minikube image load dev.local/sentiment-web:${tag} -p knative`);
    expect(calls.filter((c) => c.startsWith('kind load'))).toEqual([]);
  });

  it('stops before building when there is no cluster', async () => {
    const { code, calls, stderr } = await script('deploy.sh');
    expect(code).toBe(1);
    expect(stderr).toContain(
      "no kind cluster 'knative' and no minikube profile 'knative': run npm run cluster:up first",
    );
    expect(calls.filter((c) => c.startsWith('docker'))).toEqual([]);
  });

  it('names the missing tools before doing anything', async () => {
    rmSync(join(bin, 'kn'));
    rmSync(join(bin, 'kind'));
    const { code, calls, stderr } = await script('deploy.sh', { FAKE_CLUSTER: 'knative' });
    expect(code).toBe(1);
    expect(stderr).toContain('this needs kn on PATH');
    expect(calls).toEqual([]);
  });
});

describe('cluster-up.sh (recorded tools, no cluster)', () => {
  it('creates the cluster, installs the pinned Knative and Kourier, then routes through Kourier', async () => {
    const { code, calls, stderr } = await script('cluster-up.sh');
    expect(code, stderr).toBe(0);
    const serving = 'https://github.com/knative/serving/releases/download/knative-v1.23.0';
    const kourier =
      'https://github.com/knative-extensions/net-kourier/releases/download/knative-v1.23.0';
    const order = [
      `kind create cluster --config ${ROOT}/kind-config.yaml --wait 120s`,
      `kubectl apply -f ${serving}/serving-crds.yaml`,
      `kubectl apply -f ${serving}/serving-core.yaml`,
      `kubectl apply -f ${kourier}/kourier.yaml`,
      `kubectl apply -f ${ROOT}/knative/cluster/kourier-nodeport.yaml`,
      'kubectl patch configmap/config-network -n knative-serving --type merge -p {"data":{"ingress-class":"kourier.ingress.networking.knative.dev"}}',
      'kubectl patch configmap/config-domain -n knative-serving --type merge -p {"data":{"127.0.0.1.sslip.io":""}}',
    ];
    const positions = order.map((call) => calls.indexOf(call));
    expect(
      positions.every((p) => p >= 0),
      calls.join('\n'),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('waits on every Deployment of both namespaces once all is applied, never on pods that may not exist yet', async () => {
    const { code, calls } = await script('cluster-up.sh');
    expect(code).toBe(0);
    expect(calls.filter((c) => c.startsWith('kubectl wait pod'))).toEqual([]);
    const lastApply = calls.findLastIndex((c) => c.startsWith('kubectl apply'));
    const rollouts = calls
      .map((call, index) => ({ call, index }))
      .filter(({ call }) => call.startsWith('kubectl rollout status'));
    expect(rollouts.map(({ call }) => call)).toEqual([
      'kubectl rollout status deployment.apps/controller -n knative-serving --timeout=10m',
      // Kourier's controller runs in knative-serving, not kourier-system.
      'kubectl rollout status deployment.apps/net-kourier-controller -n knative-serving --timeout=10m',
      'kubectl rollout status deployment.apps/3scale-kourier-gateway -n kourier-system --timeout=10m',
    ]);
    expect(rollouts.every(({ index }) => index > lastApply)).toBe(true);
  });

  it('allows a zero initial scale cluster-wide (knative/serving pkg/apis/autoscaling/annotation_validation.go)', async () => {
    const { calls } = await script('cluster-up.sh');
    expect(calls).toContain(
      'kubectl patch configmap/config-autoscaler -n knative-serving --type merge -p {"data":{"allow-zero-initial-scale":"true"}}',
    );
  });

  it('has Kourier’s Envoy append its peer to X-Forwarded-For, which web.yaml’s XFF_DEPTH counts', async () => {
    const { calls } = await script('cluster-up.sh');
    expect(calls).toContain(
      'kubectl patch configmap/config-kourier -n knative-serving --type merge -p {"data":{"use-remote-address":"true"}}',
    );
  });

  it('with --minikube, starts a profile and puts the tunnel’s address in the domain', async () => {
    writeFileSync(
      join(bin, 'minikube'),
      '#!/bin/sh\necho "minikube $*" >> "$RECORD_LOG"\n[ "$1" != status ]\n',
    );
    chmodSync(join(bin, 'minikube'), 0o755);
    const result = await run('bash', [join(SCRIPTS, 'cluster-up.sh'), '--minikube'], {
      env: { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, RECORD_LOG: log },
    });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toContain(
      'minikube start -p knative --kubernetes-version 1.34.0 --cpus 3 --memory 3072 --wait all',
    );
    expect(calls).toContain('kubectl config use-context knative');
    expect(calls.filter((c) => c.includes('kourier-nodeport') || c.startsWith('kind '))).toEqual(
      [],
    );
    expect(calls).toContain(
      'kubectl patch configmap/config-domain -n knative-serving --type merge -p {"data":{"10.0.0.7.sslip.io":""}}',
    );
    expect(result.stderr).toContain(
      'INGRESS_URL=http://10.0.0.7 INGRESS_HOST=web.sentiment.10.0.0.7.sslip.io',
    );
  });

  it('leaves an existing cluster alone and only re-applies', async () => {
    const { code, calls } = await script('cluster-up.sh', { FAKE_CLUSTER: 'knative' });
    expect(code).toBe(0);
    expect(calls.filter((c) => c.startsWith('kind create'))).toEqual([]);
  });
});

describe('cluster-down.sh (recorded tools, no cluster)', () => {
  it('deletes the cluster when there is one', async () => {
    const { calls } = await script('cluster-down.sh', { FAKE_CLUSTER: 'knative' });
    expect(calls).toContain('kind delete cluster --name knative');
  });

  it('deletes nothing, and succeeds, when there is none', async () => {
    const { code, calls, stderr } = await script('cluster-down.sh');
    expect(code).toBe(0);
    expect(stderr).toContain("no kind cluster 'knative'");
    expect(calls.filter((c) => c.startsWith('kind delete'))).toEqual([]);
  });
});

describe('generate.mjs', () => {
  it('makes a read-write token that verifies against the public key sqld is given', async () => {
    const dir = join(bin, 'generated');
    await run(process.execPath, [join(SCRIPTS, 'generate.mjs'), '--dir', dir]);
    const env = Object.fromEntries(
      readFileSync(join(dir, 'libsql-auth.env'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    ) as Record<string, string>;
    const [header = '', payload = '', signature = ''] = (env.token ?? '').split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'JWT',
    });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ a: 'rw' });
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: env['public-key'] ?? '' },
      format: 'jwk',
    });
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify(null, signed, publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(
      verify(null, Buffer.from(`${header}.e30`), publicKey, Buffer.from(signature, 'base64url')),
    ).toBe(false);
    expect(statSync(join(dir, 'libsql-private.pem')).mode & 0o777).toBe(0o600);
  });
});

describe('test-cluster.mjs (kubectl faked, no cluster)', () => {
  it.each([
    ['kubectl fails', 'exit 1'],
    ['kubectl is missing', null],
  ])('fails, and says why, when %s', async (_name, body) => {
    rmSync(join(bin, 'kubectl'));
    if (body) {
      writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, 'kubectl'), 0o755);
    }
    const result = await run(process.execPath, [join(SCRIPTS, 'test-cluster.mjs')], {
      env: { PATH: `${bin}:/usr/bin:/bin` },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no Kubernetes cluster is reachable');
  });
});

describe('watch.ts (no cluster)', () => {
  it('fails with one clear line when the kubeconfig leads nowhere', async () => {
    const result = await run(process.execPath, [join(SCRIPTS, 'watch.ts')], {
      env: { PATH: process.env.PATH ?? '', KUBECONFIG: join(bin, 'no-such-kubeconfig') },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('no cluster is reachable with your kubeconfig');
  });
});

describe('load.ts (nothing listening)', () => {
  it('fails with one clear line, not a stack, when the URL leads nowhere', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const result = await run(process.execPath, [join(SCRIPTS, 'load.ts'), '--url', url]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `load: cannot reach ${url}/ (ECONNREFUSED): is the UI running there? (see --help for --url and --host)`,
    ]);
  });
});

describe('--help', () => {
  it.each(['load.ts', 'watch.ts', 'generate.mjs'])(
    '%s prints its usage and exits 0, without a stack',
    async (file) => {
      const { stdout, stderr } = await run(process.execPath, [join(SCRIPTS, file), '--help']);
      expect(stdout).toMatch(/^usage: npm run (load|watch|secrets) --/);
      expect(stdout).toContain('--help');
      expect(stderr).toBe('');
    },
  );
});

describe('the scripts’ shell', () => {
  it('is shellcheck-clean', async () => {
    const files = ['lib.sh', 'cluster-up.sh', 'deploy.sh', 'cluster-down.sh'].map((f) =>
      join(SCRIPTS, f),
    );
    const ci = ['run', 'node.sh', 'base-image.sh', 'images.sh'].map((f) => join(ROOT, '.ci', f));
    await expect(run('shellcheck', ['-x', ...files, ...ci], { cwd: ROOT })).resolves.toBeDefined();
  });
});
