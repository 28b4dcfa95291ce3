# shellcheck shell=bash
# Shared by the cluster scripts: tool checks and the names everything uses.
# shellcheck disable=SC2034  # the variables are for the scripts that source this file

CLUSTER=knative
NAMESPACE=sentiment
KNATIVE_VERSION=knative-v1.23.0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Fails before anything happens when a tool is missing, naming all that are.
require() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] || die "this needs ${missing[*]} on PATH (see README: Deploying on Knative)"
}

# grep without -q reads to the end, so `kind` never meets a closed pipe (pipefail would fail it).
cluster_exists() { kind get clusters 2>/dev/null | grep -x "$CLUSTER" >/dev/null; }
minikube_exists() { command -v minikube >/dev/null 2>&1 && minikube status -p "$CLUSTER" >/dev/null 2>&1; }

# Which kind of cluster named knative there is: kind (npm run cluster:up) or a minikube profile.
cluster_kind() {
  if command -v kind >/dev/null 2>&1 && cluster_exists; then
    echo kind
  elif minikube_exists; then
    echo minikube
  fi
}
