#!/usr/bin/env bash
# Deletes the kind cluster, and with it the database's volume.
set -euo pipefail
# shellcheck source=knative/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
require kind
if cluster_exists; then
  kind delete cluster --name "$CLUSTER"
else
  say "no kind cluster '$CLUSTER': nothing to delete"
fi
