#!/usr/bin/env bash
# CI only: build and run both images with podman (npm run test:images). Needs root.
# What this machine lacks stays here, never in the Dockerfiles: podman and its helpers, a local
# stand-in for node:24-slim (no registry serves images here), and a containers.conf for this VM.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in podman buildah runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo ".ci/images.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends podman buildah runc debootstrap \
    uidmap fuse-overlayfs slirp4netns binutils >/dev/null
fi

export CONTAINERS_CONF=$PWD/.ci/containers.conf
bash .ci/base-image.sh
npm run test:images
