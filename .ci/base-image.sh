#!/usr/bin/env bash
# CI only: a local stand-in for the official node:24-slim image, which no registry here serves.
# Debian bookworm (minbase, from this machine's own apt mirror), Node 24 and npm from the npm
# registry, and the host's CA bundle, since registry traffic here passes a re-signing proxy.
# Tagged with the name the Dockerfiles' FROM uses, so they build unchanged with --pull=never.
set -euo pipefail

IMAGE=docker.io/library/node:24-slim
if podman image exists "$IMAGE"; then
  echo "base-image: $IMAGE is already here"
  exit 0
fi

mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$mirror" ] || { echo "base-image: no Debian mirror in the apt sources" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "base-image: debootstrap bookworm (minbase)"
debootstrap --variant=minbase --include=libstdc++6 bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }

echo "base-image: Node 24 and npm from the npm registry"
npm install --prefix "$work/node" --no-audit --no-fund --loglevel=error node@24 npm@11 >/dev/null
install -m 0755 "$(readlink -f "$work/node/node_modules/.bin/node")" "$rootfs/usr/local/bin/node"
strip "$rootfs/usr/local/bin/node" 2>/dev/null || true
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$work/node/node_modules/npm" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

mkdir -p "$rootfs/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/host-ca.crt"
# The official image's unprivileged user.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin

tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca.crt' \
  --change 'CMD ["node"]' \
  - "$IMAGE" >/dev/null
echo "base-image: made $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE") bytes)"
