#!/bin/sh
# sparkmotion serve | ship-taps | migrate
# Secrets may come as files (Docker/Kubernetes secrets): for each variable below, a VAR_FILE variable
# names a file whose content becomes VAR.
set -eu
for var in DATABASE_URL DATABASE_READ_REPLICA_URLS REDIS_URL SECRETS_KEYS SENTRY_DSN; do
  file_var="${var}_FILE"
  eval "file=\${$file_var:-}"
  if [ -n "$file" ]; then
    value="$(cat "$file")" || { echo "sparkmotion: cannot read $file_var ($file)" >&2; exit 1; }
    export "$var=$value"
    unset "$file_var"
  fi
done
# exec: node is the process that receives SIGTERM (it drains in-flight taps into the spool, then exits).
case "${1:-serve}" in
  serve) exec node /app/cloud/src/main.ts ;;
  ship-taps) exec node /app/cloud/src/taps/ship-taps.ts ;;
  migrate) exec node /app/cloud/src/db/migrate.ts ;;
  *) exec "$@" ;;
esac
