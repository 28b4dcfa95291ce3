/**
 * How the kubelet and Knative would run one of our Knative Services' containers, derived from the
 * manifest itself, so that a test can run the built image the same way with podman.
 */

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   this walks parsed YAML, whose shape the manifest tests check. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, see above
export type Doc = Record<string, any>;

/**
 * What containerd's CRI reports for an image's `USER`: a uid when the user part is numeric,
 * otherwise only a name (containerd `internal/cri/server/images/image_status.go`,
 * getUserFromImage). An empty USER reports neither, which the kubelet treats as root
 * (kubernetes `pkg/kubelet/kuberuntime/helpers.go`, getImageUser).
 */
export function imageUserOf(user: string): { uid: number | null; username: string } {
  if (user === '') return { uid: 0, username: '' };
  const [name = ''] = user.split(':');
  return /^\d+$/.test(name) ? { uid: Number(name), username: '' } : { uid: null, username: name };
}

/**
 * The kubelet's runAsNonRoot rule: null when the container may start, else the error it reports
 * (kubernetes `pkg/kubelet/kuberuntime/security_context_others.go`, verifyRunAsNonRoot). The
 * pod's securityContext is merged under the container's, as DetermineEffectiveSecurityContext does.
 */
export function verifyRunAsNonRoot(
  podSecurity: Doc | undefined,
  containerSecurity: Doc | undefined,
  imageUser: string,
): string | null {
  const effective = { ...podSecurity, ...containerSecurity };
  if (effective.runAsNonRoot !== true) return null;
  if (typeof effective.runAsUser === 'number') {
    return effective.runAsUser === 0 ? "container's runAsUser breaks non-root policy" : null;
  }
  const { uid, username } = imageUserOf(imageUser);
  if (uid === null) {
    return `container has runAsNonRoot and image has non-numeric user (${username}), cannot verify user is non-root`;
  }
  return uid === 0 ? 'container has runAsNonRoot and image will run as root' : null;
}

/** Kubernetes quantities as bytes: the binary suffixes and plain numbers our manifests use. */
export function bytesOf(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  const power = { Ki: 1, Mi: 2, Gi: 3 }[match[2] ?? ''] ?? 0;
  return Number(match[1]) * 1024 ** power;
}

export interface PodRun {
  /** podman run arguments, up to (not including) the image. */
  readonly args: string[];
  readonly env: Record<string, string>;
  /** The readiness probe's path, polled the way queue-proxy polls it. */
  readonly readinessPath: string;
  readonly memoryBytes: number;
}

export interface PodRunOptions {
  /** The loopback port this container gets: a pod has its own network namespace, we do not. */
  readonly port: number;
  /** Secret name → key → value, from generated test secrets. */
  readonly secrets: Record<string, Record<string, string>>;
  /** What cluster DNS would resolve: a `*.svc.cluster.local` origin → a loopback origin. */
  readonly clusterDns: Record<string, string>;
  readonly revision: string;
}

/**
 * The podman arguments for a Knative Service's container: securityContext, memory limit, and the
 * env Knative injects (knative/serving `pkg/reconciler/revision/resources/deploy.go` and
 * `env_var.go`: PORT is the containerPort, K_SERVICE, K_CONFIGURATION, K_REVISION) plus the
 * manifest's own, with secret references filled in.
 */
export function podRunOf(service: Doc, options: PodRunOptions): PodRun {
  const spec = service.spec.template.spec;
  const container: Doc = spec.containers[0];
  const security: Doc = container.securityContext ?? {};
  const env: Record<string, string> = {
    PORT: String(options.port),
    K_SERVICE: service.metadata.name,
    K_CONFIGURATION: service.metadata.name,
    K_REVISION: options.revision,
  };
  for (const variable of (container.env ?? []) as Doc[]) {
    const ref = variable.valueFrom?.secretKeyRef;
    const value: string | undefined = ref
      ? options.secrets[ref.name]?.[ref.key]
      : (variable.value as string | undefined);
    if (value === undefined) throw new Error(`no value for ${variable.name}`);
    env[variable.name] = Object.entries(options.clusterDns).reduce(
      (text, [from, to]) => text.replace(from, to),
      value,
    );
  }
  const memoryBytes = bytesOf(container.resources.limits.memory);
  const args = [
    '--network',
    'host',
    // The kubelet gives a container no swap beyond its limit.
    `--memory=${memoryBytes}b`,
    `--memory-swap=${memoryBytes}b`,
  ];
  if (typeof security.runAsUser === 'number') {
    args.push(`--user=${security.runAsUser}:${security.runAsGroup ?? security.runAsUser}`);
  }
  // Kubernetes mounts nothing writable over a read-only root: no /tmp either (podman would).
  if (security.readOnlyRootFilesystem) args.push('--read-only', '--read-only-tmpfs=false');
  for (const capability of security.capabilities?.drop ?? []) args.push(`--cap-drop=${capability}`);
  if (security.allowPrivilegeEscalation === false) args.push('--security-opt=no-new-privileges');
  for (const [key, value] of Object.entries(env)) args.push('-e', `${key}=${value}`);
  return { args, env, readinessPath: container.readinessProbe.httpGet.path, memoryBytes };
}
