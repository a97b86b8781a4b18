#!/usr/bin/env bash
# `npm run test:deploy`, step 1: a Docker daemon and docker-compose. Installs Debian's docker.io and
# docker-compose when they are missing (as root) and starts dockerd when it does not answer, writing
# its pid to $1 so the test can stop it again. Prints nothing else on success.
set -euo pipefail
pid_file="$1"
need=()
command -v dockerd >/dev/null || need+=(docker.io)
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Docker is missing: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "dockerd does not answer: start it (sudo systemctl start docker)" >&2
    exit 1
  fi
  nohup dockerd >/tmp/sparkmotion-test-dockerd.log 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && exit 0; sleep 0.5; done
  echo "dockerd did not start: see /tmp/sparkmotion-test-dockerd.log" >&2
  exit 1
fi
