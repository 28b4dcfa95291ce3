#!/usr/bin/env bash
# Creates the kind cluster and installs Knative Serving with Kourier, at the pinned version.
# Safe to run again: every step checks or applies idempotently.
set -euo pipefail
# shellcheck source=knative/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
require docker kind kubectl

if cluster_exists; then
  say "kind cluster '$CLUSTER' already exists"
else
  say "creating kind cluster '$CLUSTER'"
  kind create cluster --config "$ROOT/kind-config.yaml" --wait 120s
fi
kubectl config use-context "kind-$CLUSTER" >/dev/null

serving=https://github.com/knative/serving/releases/download/$KNATIVE_VERSION
kourier=https://github.com/knative-extensions/net-kourier/releases/download/$KNATIVE_VERSION

say "installing Knative Serving $KNATIVE_VERSION"
kubectl apply -f "$serving/serving-crds.yaml"
kubectl wait --for=condition=Established --all crd --timeout=120s
kubectl apply -f "$serving/serving-core.yaml"
kubectl wait pod --for=condition=Ready -l '!job-name' -n knative-serving --timeout=10m

say "installing Kourier"
kubectl apply -f "$kourier/kourier.yaml"
kubectl wait pod --for=condition=Ready -l '!job-name' -n kourier-system --timeout=10m
kubectl apply -f "$ROOT/knative/cluster/kourier-nodeport.yaml"

# The validating webhook checks config maps: wait until it answers before patching them.
kubectl wait endpointslice -n knative-serving -l kubernetes.io/service-name=webhook \
  --for=jsonpath='{.endpoints[0].conditions.ready}'=true --timeout=5m
say "routing through Kourier, on the 127.0.0.1.sslip.io domain"
kubectl patch configmap/config-network -n knative-serving --type merge \
  -p '{"data":{"ingress-class":"kourier.ingress.networking.knative.dev"}}'
kubectl patch configmap/config-domain -n knative-serving --type merge \
  -p '{"data":{"127.0.0.1.sslip.io":""}}'

say "Knative is ready. Next: npm run deploy"
