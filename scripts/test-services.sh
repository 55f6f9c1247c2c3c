#!/usr/bin/env bash
# Starts what the tests talk to, unless it is already running: a PostgreSQL server (the store
# tests run on the embedded PGlite and on a real server) and a Redis server (the queue tests
# run on BullMQ's PostgreSQL backend and on Redis). Runs before `npm test`. Point
# SLEEPWATCH_TEST_DATABASE_URL / SLEEPWATCH_TEST_REDIS_URL at servers elsewhere to skip this.
set -euo pipefail
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

# The outage tests start private Redis and PostgreSQL servers of their own (to stop and restart
# them mid-sweep), so the server programs are needed even when the shared servers run elsewhere.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-services: installing ${missing[*]} from the distribution's packages" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -z "${SLEEPWATCH_TEST_REDIS_URL:-}" ] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "test-services: starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

[ -n "${SLEEPWATCH_TEST_DATABASE_URL:-}" ] && exit 0
pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && exit 0
installed_here=false
[[ " ${missing[*]} " == *" postgresql "* ]] && installed_here=true
version=$(ls /etc/postgresql | sort -V | tail -n 1)
echo "test-services: starting PostgreSQL $version" >&2
$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "test-services: PostgreSQL did not start" >&2; exit 1; }
if $installed_here; then
  # The tests log in as postgres/postgres over TCP (what the default test URL says).
  $sudo -u postgres psql -q -c "alter user postgres password 'postgres'" 2>/dev/null ||
    su postgres -c "psql -q -c \"alter user postgres password 'postgres'\""
fi
