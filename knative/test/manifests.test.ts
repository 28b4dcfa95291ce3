import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Service as KnativeService } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { imageUserOf, verifyRunAsNonRoot } from './helpers/kubelet.ts';

/** The manifests, checked without a cluster: schemas, Knative's webhook rules, and our design. */

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument,
   @typescript-eslint/no-unsafe-return --
   these tests walk parsed YAML, whose shape is what they check. */

const DIR = join(import.meta.dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, see above
type Doc = Record<string, any>;

function load(file: string): Doc[] {
  return parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
    const [problem] = doc.errors;
    if (problem) throw new Error(`${file}: ${problem.message}`);
    return doc.toJS() as Doc;
  });
}

const MANIFESTS = ['namespace.yaml', 'libsql.yaml', 'api.yaml', 'web-rbac.yaml', 'web.yaml'];
const docs = MANIFESTS.flatMap(load);
const ksvc = (name: string) => {
  const found = docs.find(
    (d) =>
      d.kind === 'Service' && d.apiVersion === 'serving.knative.dev/v1' && d.metadata.name === name,
  );
  if (!found) throw new Error(`no Knative Service ${name}`);
  return found;
};
const knativeServices = [ksvc('api'), ksvc('web')];
const containerOf = (service: Doc): Doc => service.spec.template.spec.containers[0];
const statefulSet = docs.find((d) => d.kind === 'StatefulSet') as Doc;

describe('the manifests', () => {
  it('are valid objects of their kinds', () => {
    const models: Record<string, new (data: never) => { validate(): void }> = {
      'v1/Namespace': Namespace,
      'v1/Service': Service,
      'apps/v1/StatefulSet': StatefulSet,
      'serving.knative.dev/v1/Service': KnativeService,
      'v1/ServiceAccount': ServiceAccount,
      'rbac.authorization.k8s.io/v1/Role': Role,
      'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
    };
    for (const doc of docs) {
      const Model = models[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
      expect(() => Model && new Model(doc as never).validate()).not.toThrow();
    }
  });

  it('are all listed in kustomization.yaml, in order: namespace first', () => {
    const [kustomization] = load('kustomization.yaml');
    expect(kustomization?.resources).toEqual(MANIFESTS);
    const onDisk = readdirSync(DIR).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
    );
    expect(onDisk.sort()).toEqual([...MANIFESTS].sort());
  });

  it('put everything in the sentiment namespace', () => {
    for (const doc of docs.filter((d) => d.kind !== 'Namespace'))
      expect(doc.metadata.namespace).toBe('sentiment');
  });
});

describe('the Knative Services, against the webhook’s rules', () => {
  it('carry autoscaling annotations on the revision template only', () => {
    for (const service of knativeServices) {
      const onService = Object.keys(service.metadata.annotations ?? {});
      expect(onService.filter((key) => key.startsWith('autoscaling.knative.dev/'))).toEqual([]);
      const onTemplate = service.spec.template.metadata.annotations as Record<string, unknown>;
      for (const value of Object.values(onTemplate)) expect(typeof value).toBe('string');
    }
  });

  it('set no reserved environment variable and one port, not a reserved one (knative/serving pkg/apis/serving/k8s_validation.go)', () => {
    for (const service of knativeServices) {
      const container = containerOf(service);
      const names = (container.env as Doc[]).map((e) => e.name as string);
      expect(
        names.filter((n) => ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'].includes(n)),
      ).toEqual([]);
      expect(container.ports).toHaveLength(1);
      expect([8012, 8013, 8022, 9090, 9091, 8008]).not.toContain(container.ports[0].containerPort);
    }
  });

  it('name every container and probe its port, as validators require', () => {
    for (const service of knativeServices) {
      const container = containerOf(service);
      expect(container.name).toBe(service.metadata.name);
      expect(container.readinessProbe.httpGet).toEqual({
        path: '/healthz',
        port: container.ports[0].containerPort,
      });
    }
  });

  // Knative admits only a subset of the pod spec; these are the keys that subset allows where we
  // write them, so a typo such as `imagee` fails here rather than being pruned by the API server.
  const ALLOWED: Record<string, string[]> = {
    service: ['apiVersion', 'kind', 'metadata', 'spec'],
    template: ['metadata', 'spec'],
    revision: [
      'containers',
      'containerConcurrency',
      'timeoutSeconds',
      'serviceAccountName',
      'volumes',
      'imagePullSecrets',
      'responseStartTimeoutSeconds',
      'idleTimeoutSeconds',
      'enableServiceLinks',
    ],
    container: [
      'name',
      'image',
      'imagePullPolicy',
      'ports',
      'env',
      'envFrom',
      'readinessProbe',
      'livenessProbe',
      'startupProbe',
      'resources',
      'securityContext',
      'volumeMounts',
      'command',
      'args',
      'workingDir',
      'terminationMessagePath',
      'terminationMessagePolicy',
    ],
    securityContext: [
      'runAsNonRoot',
      'runAsUser',
      'runAsGroup',
      'allowPrivilegeEscalation',
      'readOnlyRootFilesystem',
      'capabilities',
      'seccompProfile',
    ],
    probe: [
      'httpGet',
      'tcpSocket',
      'exec',
      'grpc',
      'initialDelaySeconds',
      'periodSeconds',
      'timeoutSeconds',
      'successThreshold',
      'failureThreshold',
    ],
    env: ['name', 'value', 'valueFrom'],
  };
  function unknownKeys(service: Doc): string[] {
    const extra = (object: Doc, allowed: string[], where: string) =>
      Object.keys(object)
        .filter((key) => !allowed.includes(key))
        .map((key) => `${where}.${key}`);
    const container = containerOf(service);
    return [
      ...extra(service, ALLOWED.service ?? [], 'service'),
      ...extra(service.spec, ['template', 'traffic'], 'spec'),
      ...extra(service.spec.template, ALLOWED.template ?? [], 'template'),
      ...extra(service.spec.template.spec, ALLOWED.revision ?? [], 'template.spec'),
      ...extra(container, ALLOWED.container ?? [], 'container'),
      ...extra(container.securityContext, ALLOWED.securityContext ?? [], 'securityContext'),
      ...extra(container.readinessProbe, ALLOWED.probe ?? [], 'readinessProbe'),
      ...(container.env as Doc[]).flatMap((env) =>
        extra(env, ALLOWED.env ?? [], `env.${env.name}`),
      ),
    ];
  }

  it('contain no field Knative does not know', () => {
    for (const service of knativeServices) expect(unknownKeys(service)).toEqual([]);
  });

  it('catch a typo such as `imagee` (the check itself can fail)', () => {
    const typo = structuredClone(ksvc('api'));
    typo.spec.template.spec.containers[0].imagee = typo.spec.template.spec.containers[0].image;
    expect(unknownKeys(typo)).toEqual(['container.imagee']);
  });
});

describe('our design', () => {
  it('keeps the API cluster-local and the UI public', () => {
    expect(ksvc('api').metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');
    expect(ksvc('web').metadata.labels?.['networking.knative.dev/visibility']).toBeUndefined();
  });

  it('lets the API scale to zero, within bounds and with a concurrency target', () => {
    const annotations = ksvc('api').spec.template.metadata.annotations;
    expect(annotations['autoscaling.knative.dev/min-scale']).toBe('0');
    expect(Number(annotations['autoscaling.knative.dev/max-scale'])).toBeGreaterThan(1);
    expect(Number(annotations['autoscaling.knative.dev/target'])).toBeGreaterThan(0);
  });

  it('points the UI at the API’s cluster-local address (port 80)', () => {
    const api = ksvc('api').metadata;
    const env = Object.fromEntries(
      (containerOf(ksvc('web')).env as Doc[]).map((e) => [e.name, e.value]),
    );
    expect(env.BACKEND_URL).toBe(`http://${api.name}.${api.namespace}.svc.cluster.local`);
    expect(env.COOKIE_SECURE).toBe('false');
    // The origin comes from each request's Host, so every route and port works.
    expect(env).not.toHaveProperty('ORIGIN');
  });

  it('points the API at the libSQL server’s Service, never at a file', () => {
    const env = Object.fromEntries(
      (containerOf(ksvc('api')).env as Doc[]).map((e) => [e.name, e.value]),
    );
    const libsql = docs.find((d) => d.kind === 'Service' && d.metadata.name === 'libsql');
    expect(env.DATABASE_URL).toBe(
      `http://libsql.sentiment.svc.cluster.local:${libsql?.spec.ports[0].port}`,
    );
  });

  it('takes every secret from a Secret, never from a literal value', () => {
    const containers = [
      ...knativeServices.map(containerOf),
      ...statefulSet.spec.template.spec.containers,
    ];
    for (const env of containers.flatMap((c: Doc) => c.env as Doc[])) {
      if (/SECRET|TOKEN|KEY|PASSWORD|ADMIN/i.test(env.name)) {
        expect(env.value, env.name).toBeUndefined();
        expect(env.valueFrom.secretKeyRef.name, env.name).toMatch(/^(libsql-auth|api-jwt)$/);
      }
    }
    for (const file of MANIFESTS)
      expect(readFileSync(join(DIR, file), 'utf8')).not.toMatch(/BEGIN .*KEY|eyJ[\w-]{10,}/);
  });

  it('uses local images with a fixed tag, never pulled', () => {
    for (const service of knativeServices) {
      const container = containerOf(service);
      expect(container.image).toMatch(/^dev\.local\/sentiment-(fn|web):[\w.-]+$/);
      expect(container.image).not.toMatch(/:latest$/);
      expect(container.imagePullPolicy).toBe('IfNotPresent');
    }
  });

  it('gives every container requests, a memory limit and a probe', () => {
    for (const container of [
      ...knativeServices.map(containerOf),
      ...statefulSet.spec.template.spec.containers,
    ]) {
      expect(container.resources.requests.cpu).toBeDefined();
      expect(container.resources.requests.memory).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
    }
  });

  it('runs the services as non-root, without privilege escalation or capabilities', () => {
    for (const service of knativeServices) {
      expect(containerOf(service).securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
    const pod = statefulSet.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 666,
      fsGroup: 666,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('sets only variables the sqld binary reads, since its command bypasses the entrypoint (tursodatabase/libsql docker-entrypoint.sh)', () => {
    const container = statefulSet.spec.template.spec.containers[0];
    expect(container.command).toEqual(['/bin/sqld']);
    const names = (container.env as Doc[]).map((e) => e.name as string);
    expect(names).not.toContain('SQLD_NODE');
    expect(names.every((name) => name.startsWith('SQLD_'))).toBe(true);
  });

  it('keeps the database on a persistent volume, behind a ClusterIP Service', () => {
    expect(statefulSet.spec.replicas).toBe(1);
    expect(statefulSet.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(statefulSet.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/sqld' },
    ]);
    const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === 'libsql');
    expect(service?.spec.type ?? 'ClusterIP').toBe('ClusterIP');
  });
});

describe('the UI’s access to pods', () => {
  it('runs the UI as a ServiceAccount that may only read pods, in its own namespace', () => {
    expect(ksvc('web').spec.template.spec.serviceAccountName).toBe('web');
    expect(ksvc('api').spec.template.spec.serviceAccountName).toBeUndefined();
    const role = docs.find((d) => d.kind === 'Role');
    expect(role?.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = docs.find((d) => d.kind === 'RoleBinding');
    expect(binding?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'web', namespace: 'sentiment' },
    ]);
    expect(binding?.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role?.metadata.name,
    });
    expect(docs.filter((d) => d.kind === 'ClusterRole' || d.kind === 'ClusterRoleBinding')).toEqual(
      [],
    );
  });
});

describe('kind-config.yaml', () => {
  const [config] = parseAllDocuments(readFileSync(join(DIR, '..', 'kind-config.yaml'), 'utf8')).map(
    (d) => d.toJS() as Doc,
  );
  const [nodePortService] = load('cluster/kourier-nodeport.yaml');

  it('pins the node image by digest', () => {
    expect(config?.nodes[0].image).toMatch(/^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
  });

  it('maps 127.0.0.1:80 to the node port Kourier is exposed on', () => {
    expect(config?.nodes[0].extraPortMappings[0]).toMatchObject({
      containerPort: nodePortService?.spec.ports[0].nodePort,
      hostPort: 80,
      listenAddress: '127.0.0.1',
    });
  });
});

/** The user a Dockerfile's final stage runs as: its last USER line ('' when there is none). */
function dockerfileUser(file: string): string {
  const lines = readFileSync(join(DIR, '..', file), 'utf8').split('\n');
  const finalStage = lines.slice(lines.findLastIndex((line) => /^FROM\s/i.test(line)));
  const user = finalStage.findLast((line) => /^USER\s/i.test(line));
  return user?.replace(/^USER\s+/i, '').trim() ?? '';
}

describe('the platform’s own rules, checked from the files', () => {
  it.each([
    ['api', 'Dockerfile.fn'],
    ['web', 'Dockerfile.web'],
  ])(
    'the kubelet would start %s from %s: runAsNonRoot with a numeric user (kubernetes pkg/kubelet/kuberuntime/security_context_others.go)',
    (name, dockerfile) => {
      const spec = ksvc(name).spec.template.spec;
      const problem = verifyRunAsNonRoot(
        spec.securityContext,
        containerOf(ksvc(name)).securityContext,
        dockerfileUser(dockerfile),
      );
      expect(problem).toBeNull();
    },
  );

  it.each([
    ['a user name', 'node', {}, 'image has non-numeric user (node)'],
    ['no USER at all', '', {}, 'image will run as root'],
    ['uid 0', '0:0', {}, 'image will run as root'],
    ['runAsUser 0', '1000', { runAsUser: 0 }, "container's runAsUser breaks non-root policy"],
  ])('and the check refuses %s, as the kubelet does', (_name, user, extra, message) => {
    expect(verifyRunAsNonRoot(undefined, { runAsNonRoot: true, ...extra }, user)).toContain(
      message,
    );
  });

  it('starts the API from zero, which the webhook allows only with allow-zero-initial-scale (knative/serving pkg/apis/autoscaling/annotation_validation.go)', () => {
    const annotations = ksvc('api').spec.template.metadata.annotations;
    expect(annotations['autoscaling.knative.dev/initial-scale']).toBe('0');
    const clusterUp = readFileSync(join(DIR, 'scripts', 'cluster-up.sh'), 'utf8');
    expect(clusterUp).toContain('{"data":{"allow-zero-initial-scale":"true"}}');
  });

  it('keeps the UI’s request timeout above the longest burst the Scale page allows', () => {
    // A burst streams for its whole length in one response; Knative cuts it at timeoutSeconds.
    expect(ksvc('web').spec.template.spec.timeoutSeconds).toBe(600);
  });

  it('reads an image user as containerd’s CRI reports it (containerd getUserFromImage)', () => {
    expect(imageUserOf('1000:1000')).toEqual({ uid: 1000, username: '' });
    expect(imageUserOf('node')).toEqual({ uid: null, username: 'node' });
  });
});
