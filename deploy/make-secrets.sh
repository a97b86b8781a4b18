#!/bin/sh
# Writes the secret files deploy/compose.yaml reads, once: a random PostgreSQL password and the
# DATABASE_URL that carries it. Readable by their owner and by the cloud image's group (gid 10001) only.
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
if [ -s "$dir/postgres_password" ]; then
  echo "$dir already holds secrets; remove it to make new ones" >&2
  exit 0
fi
umask 077
password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$password" > "$dir/postgres_password"
printf 'postgres://sparkmotion:%s@postgres:5432/sparkmotion' "$password" > "$dir/database_url"
# The cloud runs as uid/gid 10001; PostgreSQL's entrypoint reads its file as root.
chgrp 10001 "$dir/database_url" 2>/dev/null && chmod 640 "$dir/database_url" || chmod 644 "$dir/database_url"
echo "Wrote $dir/postgres_password and $dir/database_url"
