#!/usr/bin/env bash
# `npm run test:deploy`, step 2: which base images to build on. Prints one line: `official` when
# Docker Hub answers (the Dockerfiles' defaults and compose's official images are used), else the name
# of a Debian bookworm base built from Debian's packages (`debootstrap` + `docker import`; ~30 s once).
set -euo pipefail
if [ -n "${DEPLOY_BASE_IMAGE:-}" ]; then echo "$DEPLOY_BASE_IMAGE"; exit 0; fi
if docker pull -q node:24-bookworm-slim >/dev/null 2>&1; then echo official; exit 0; fi
name=sparkmotion-base:bookworm
if ! docker image inspect "$name" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  } >&2
  root="$(mktemp -d)"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  tar -C "$root" -c . | docker import - "$name" >/dev/null
  rm -rf "$root"
fi
echo "$name"
