#!/usr/bin/env bash
# Starts what the tests talk to, unless it is already running: a PostgreSQL server (the store
# tests run on the embedded PGlite and on a real server) and a Redis server (the queue tests
# run on BullMQ's PostgreSQL backend and on Redis). Runs before `npm test`. Point
# SLEEPWATCH_TEST_DATABASE_URL / SLEEPWATCH_TEST_REDIS_URL at servers elsewhere to skip this.
set -euo pipefail
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

if [ -z "${SLEEPWATCH_TEST_REDIS_URL:-}" ] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "test-services: installing Redis from the distribution's packages" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  echo "test-services: starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

[ -n "${SLEEPWATCH_TEST_DATABASE_URL:-}" ] && exit 0
pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && exit 0
installed_here=false
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "test-services: installing PostgreSQL from the distribution's packages" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  installed_here=true
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
echo "test-services: starting PostgreSQL $version" >&2
$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "test-services: PostgreSQL did not start" >&2; exit 1; }
if $installed_here; then
  # The tests log in as postgres/postgres over TCP (what the default test URL says).
  $sudo -u postgres psql -q -c "alter user postgres password 'postgres'" 2>/dev/null || su postgres -c "psql -q -c \"alter user postgres password 'postgres'\""
fi
