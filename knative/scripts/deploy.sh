#!/usr/bin/env bash
# Builds both images with a fresh tag, loads them into the cluster (kind, or a minikube profile
# named knative), deploys the database, then the API and the UI with `kn service create` from
# knative/api.yaml and knative/web.yaml: the same files `kubectl apply -k knative/` applies, so
# the two ways cannot drift.
set -euo pipefail
# shellcheck source=knative/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
require docker kubectl kn node
# How long kn waits for each service. Knative itself gives up on a revision only after its
# 600 s progress deadline, and kn waits 600 s by default: a refused pod would hang silently.
WAIT_SECONDS=${WAIT_SECONDS:-300}

cluster=$(cluster_kind)
case "$cluster" in
  kind) kubectl config use-context "kind-$CLUSTER" >/dev/null ;;
  minikube) kubectl config use-context "$CLUSTER" >/dev/null ;;
  *) die "no kind cluster '$CLUSTER' and no minikube profile '$CLUSTER': run npm run cluster:up first" ;;
esac

# A new tag for every build: the node never pulls, so a reused tag would hide a change.
tag=$(date -u +%Y%m%d%H%M%S)-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo local)
fn_image=dev.local/sentiment-fn:$tag
web_image=dev.local/sentiment-web:$tag

say "building $fn_image and $web_image"
docker build -f "$ROOT/Dockerfile.fn" -t "$fn_image" "$ROOT"
docker build -f "$ROOT/Dockerfile.web" -t "$web_image" "$ROOT"
say "loading the images into $cluster"
if [ "$cluster" = kind ]; then
  kind load docker-image "$fn_image" "$web_image" --name "$CLUSTER"
else
  for image in "$fn_image" "$web_image"; do minikube image load "$image" -p "$CLUSTER"; done
fi

generated=${GENERATED_DIR:-$ROOT/knative/generated}
node "$ROOT/knative/scripts/generate.mjs" --tag "$tag" --dir "$generated"

say "deploying the database"
kubectl apply -f "$ROOT/knative/namespace.yaml"
for secret in libsql-auth api-jwt; do
  kubectl create secret generic "$secret" -n "$NAMESPACE" --from-env-file="$generated/$secret.env" \
    --dry-run=client -o yaml | kubectl apply -f -
done
# sqld reads its key from the environment once: a regenerated key must restart it, or it keeps
# refusing the new token. generate.mjs puts the key's checksum on the pod template, so a new key
# rolls the pod and an unchanged one leaves it alone, in this one apply: a StatefulSet's revision
# is its pod template and nothing else (kubernetes pkg/controller/statefulset/stateful_set_utils.go
# getPatch), so only a changed template makes a new revision and restarts the pod.
kubectl apply -f "$generated/libsql.yaml"
kubectl rollout status statefulset/libsql -n "$NAMESPACE" --timeout=5m

# On failure, what a user would otherwise dig for: the revision's conditions, the pods' events
# (CreateContainerConfigError, ImagePullBackOff, OOMKilled…) and the container's last words.
explain() {
  local service=$1 selector=(-n "$NAMESPACE" -l "serving.knative.dev/service=$1")
  say "$service did not become ready within $WAIT_SECONDS s. The revisions' conditions:"
  kubectl get revision "${selector[@]}" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{range .status.conditions[*]}  {.type}={.status} {.reason}: {.message}{"\n"}{end}{end}' >&2 || true
  say "The pods, with their events:"
  kubectl describe pods "${selector[@]}" >&2 || true
  say "The container's last log lines:"
  kubectl logs "${selector[@]}" -c "$service" --tail=20 --prefix >&2 || true
  die "$service is not ready; see README: Troubleshooting"
}

# kn keeps the file's securityContext: it replaces it only when --security-context is given
# (knative/client pkg/flags/podspec.go); --wait-timeout is kn's own (docs/cmd/kn_service_create.md).
deploy_service() {
  local service=$1 image=$2
  kn service create "$service" -n "$NAMESPACE" --filename "$ROOT/knative/$service.yaml" \
    --image "$image" --force --wait-timeout "$WAIT_SECONDS" || explain "$service"
}

say "deploying the API (cluster-local) and the UI"
deploy_service api "$fn_image"
kubectl apply -f "$ROOT/knative/web-rbac.yaml"
deploy_service web "$web_image"

url=$(kn service describe web -n "$NAMESPACE" -o url)
say "The UI: $url"
say "Watch the API scale: npm run watch (or kubectl get pods -n $NAMESPACE -l serving.knative.dev/service=api -w)"
