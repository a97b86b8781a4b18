#!/usr/bin/env bash
# Makes sure the real parts the tests talk to are installed and running: PostgreSQL, Redis, pcscd with
# the vpcd virtual reader, Chromium, wrk and promtool. Installs what is missing from Debian's packages (as root)
# and starts PostgreSQL and Redis when they do not answer. Idempotent; fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's Node 24 (the pinned `node` devDependency) first, as under `npm run`: the addon check below
# must load the addon with the Node that runs the tests, even when this script is run by hand.
export PATH="$PWD/node_modules/.bin:$PATH"

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v pcscd >/dev/null || need+=(pcscd)
[ -f /usr/include/PCSC/winscard.h ] || need+=(libpcsclite-dev)
ls /usr/lib/pcsc/drivers/serial/libifdvpcd.so* >/dev/null 2>&1 || need+=(vsmartcard-vpcd)
command -v chromium >/dev/null || need+=(chromium)
command -v wrk >/dev/null || need+=(wrk)
command -v gcc >/dev/null || need+=(gcc)
command -v unshare >/dev/null || need+=(util-linux)
command -v ip >/dev/null || need+=(iproute2)
# promtool checks and unit-tests the alert rules of deploy/prometheus (cloud/test/deploy-manifests).
command -v promtool >/dev/null || need+=(prometheus)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing test dependencies (${need[*]}): run sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "Installing test dependencies: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The NFC tests need nfc-pcsc's native addon, built for the Node that runs them; `npm install` skips it
# while the PC/SC headers are missing.
addon_loads() { node -e "require('./node_modules/@pokusew/pcsclite/build/Release/pcsclite.node')" 2>/dev/null; }
addon_loads || node scripts/build-native.mjs
addon_loads || { echo "nfc-pcsc native addon does not load: see the build output above" >&2; exit 1; }

# A PostgreSQL already answering on 5432 is used; otherwise the tests start an embedded one (see test/services.ts).
if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start 2>/dev/null || true
fi

# A Redis already answering on 6379 is used; otherwise the tests start their own redis-server on a spare port.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "No Redis on 127.0.0.1:6379: the tests will start their own redis-server."
fi
echo "Test services ready."
