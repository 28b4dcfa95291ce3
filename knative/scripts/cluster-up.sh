#!/usr/bin/env bash
# Creates the kind cluster (or, with --minikube, a minikube profile) and installs Knative Serving
# with Kourier, at the pinned version. Safe to run again: every step checks or applies
# idempotently.
set -euo pipefail
# shellcheck source=knative/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

engine=kind
case "${1:-}" in
  '') ;;
  --minikube) engine=minikube ;;
  *) die "usage: npm run cluster:up [-- --minikube]" ;;
esac

if [ "$engine" = kind ]; then
  require docker kind kubectl
  if cluster_exists; then
    say "kind cluster '$CLUSTER' already exists"
  else
    say "creating kind cluster '$CLUSTER'"
    kind create cluster --config "$ROOT/kind-config.yaml" --wait 120s
  fi
  kubectl config use-context "kind-$CLUSTER" >/dev/null
else
  require minikube kubectl
  if minikube_exists; then
    say "minikube profile '$CLUSTER' already exists"
  else
    say "creating minikube profile '$CLUSTER'"
    minikube start -p "$CLUSTER" --kubernetes-version 1.34.0 --cpus 3 --memory 3072 --wait all
  fi
  kubectl config use-context "$CLUSTER" >/dev/null
fi

serving=https://github.com/knative/serving/releases/download/$KNATIVE_VERSION
kourier=https://github.com/knative-extensions/net-kourier/releases/download/$KNATIVE_VERSION

say "installing Knative Serving $KNATIVE_VERSION and Kourier"
kubectl apply -f "$serving/serving-crds.yaml"
kubectl wait --for=condition=Established --all crd --timeout=120s
kubectl apply -f "$serving/serving-core.yaml"
kubectl apply -f "$kourier/kourier.yaml"
# kind has no load balancer: its node port is mapped to 127.0.0.1:80 (kind-config.yaml).
[ "$engine" = kind ] && kubectl apply -f "$ROOT/knative/cluster/kourier-nodeport.yaml"

# Wait on the Deployments, once everything is applied: right after an apply their pods may not
# exist yet (`kubectl wait pod` then fails with "no matching resources"). Kourier's controller
# runs in knative-serving, its gateway in kourier-system.
for namespace in knative-serving kourier-system; do
  for deployment in $(kubectl get deployment -n "$namespace" -o name); do
    kubectl rollout status "$deployment" -n "$namespace" --timeout=10m
  done
done

# The validating webhook checks config maps: wait until it answers before patching them.
kubectl wait endpointslice -n knative-serving -l kubernetes.io/service-name=webhook \
  --for=jsonpath='{.endpoints[0].conditions.ready}'=true --timeout=5m
ip=127.0.0.1
if [ "$engine" = minikube ]; then
  # minikube gives Kourier's LoadBalancer an address only while `minikube tunnel` runs.
  say "waiting for Kourier's address: keep 'minikube tunnel -p $CLUSTER' running in another terminal"
  for _ in $(seq 60); do
    ip=$(kubectl get service kourier -n kourier-system -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
    [ -n "$ip" ] && break
    sleep 5
  done
  [ -n "$ip" ] || die "Kourier got no address in 5 minutes: is 'minikube tunnel -p $CLUSTER' running?"
fi
say "routing through Kourier, on the $ip.sslip.io domain"
kubectl patch configmap/config-network -n knative-serving --type merge \
  -p '{"data":{"ingress-class":"kourier.ingress.networking.knative.dev"}}'
kubectl patch configmap/config-domain -n knative-serving --type merge \
  -p "{\"data\":{\"$ip.sslip.io\":\"\"}}"
# Kourier's Envoy appends the address it was reached from to X-Forwarded-For only with
# use-remote-address (Envoy's default passes on what the client wrote); the UI's XFF_DEPTH in
# web.yaml counts on that hop (net-kourier pkg/envoy/api/http_connection_manager.go).
kubectl patch configmap/config-kourier -n knative-serving --type merge \
  -p '{"data":{"use-remote-address":"true"}}'
# The API's revisions start at zero pods (initial-scale "0" in api.yaml), so a deploy leaves no
# warm pod behind; the webhook refuses that annotation unless this is set
# (knative/serving pkg/apis/autoscaling/annotation_validation.go, validateInitialScale).
kubectl patch configmap/config-autoscaler -n knative-serving --type merge \
  -p '{"data":{"allow-zero-initial-scale":"true"}}'

say "Knative is ready. Next: npm run deploy"
if [ "$engine" = minikube ]; then
  say "For npm run load and npm run test:cluster: export INGRESS_URL=http://$ip INGRESS_HOST=web.$NAMESPACE.$ip.sslip.io"
fi
