#!/bin/sh
# Writes the secret files deploy/compose.yaml reads, each only when it is missing: a random PostgreSQL
# password, the DATABASE_URL that carries it, and SECRETS_KEYS (the key that seals tag secrets,
# docs/secrets.md). Readable by their owner and by the cloud image's group (gid 10001) only.
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
umask 077
[ -s "$dir/postgres_password" ] || od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$dir/postgres_password"
[ -s "$dir/database_url" ] ||
  printf 'postgres://sparkmotion:%s@postgres:5432/sparkmotion' "$(cat "$dir/postgres_password")" > "$dir/database_url"
[ -s "$dir/secrets_keys" ] || printf 'k1:%s' "$(head -c 32 /dev/urandom | base64 -w0)" > "$dir/secrets_keys"
# The cloud runs as uid/gid 10001; PostgreSQL's entrypoint reads its file as root.
for file in database_url secrets_keys; do
  if chgrp 10001 "$dir/$file" 2>/dev/null; then chmod 640 "$dir/$file"; else chmod 644 "$dir/$file"; fi
done
