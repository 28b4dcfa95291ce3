#!/usr/bin/env bash
# Builds both images with a fresh tag, loads them into kind, deploys the database, then the API
# and the UI with `kn service create` from knative/api.yaml and knative/web.yaml: the same
# files `kubectl apply -k knative/` applies, so the two ways cannot drift.
set -euo pipefail
# shellcheck source=knative/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
require docker kind kubectl kn node
cluster_exists || die "no kind cluster '$CLUSTER': run npm run cluster:up first"
kubectl config use-context "kind-$CLUSTER" >/dev/null

# A new tag for every build: kind's node never pulls, so a reused tag would hide a change.
tag=$(date -u +%Y%m%d%H%M%S)-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo local)
fn_image=dev.local/sentiment-fn:$tag
web_image=dev.local/sentiment-web:$tag

say "building $fn_image and $web_image"
docker build -f "$ROOT/Dockerfile.fn" -t "$fn_image" "$ROOT"
docker build -f "$ROOT/Dockerfile.web" -t "$web_image" "$ROOT"
say "loading the images into kind"
kind load docker-image "$fn_image" "$web_image" --name "$CLUSTER"

generated=${GENERATED_DIR:-$ROOT/knative/generated}
node "$ROOT/knative/scripts/generate.mjs" --tag "$tag" --dir "$generated"

say "deploying the database"
kubectl apply -f "$ROOT/knative/namespace.yaml"
for secret in libsql-auth api-jwt; do
  kubectl create secret generic "$secret" -n "$NAMESPACE" --from-env-file="$generated/$secret.env" \
    --dry-run=client -o yaml | kubectl apply -f -
done
kubectl apply -f "$ROOT/knative/libsql.yaml"
kubectl rollout status statefulset/libsql -n "$NAMESPACE" --timeout=5m

say "deploying the API (cluster-local) and the UI"
kn service create api -n "$NAMESPACE" --filename "$ROOT/knative/api.yaml" --image "$fn_image" --force
kubectl apply -f "$ROOT/knative/web-rbac.yaml"
kn service create web -n "$NAMESPACE" --filename "$ROOT/knative/web.yaml" --image "$web_image" --force

url=$(kn service describe web -n "$NAMESPACE" -o url)
say "The UI: $url"
say "Watch the API scale: kubectl get pods -n $NAMESPACE -l serving.knative.dev/service=api -w"
