#!/usr/bin/env bash
# Installs (if needed) and starts PostgreSQL 15 + PostGIS 3 + pgRouting from Debian, creates the `ramani` role and
# database, and prints the DATABASE_URL. Idempotent: safe to run again. Needs root (or sudo) on Debian 12.
#   usage: scripts/postgis-debian.sh [database-name]   (default: ramani)
set -euo pipefail
DB_NAME="${1:-ramani}"
DB_USER="${RAMANI_DB_USER:-ramani}"
DB_PASS="${RAMANI_DB_PASSWORD:-ramani}"
PG_VERSION="${PG_VERSION:-15}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

need=()
dpkg -s "postgresql-${PG_VERSION}" >/dev/null 2>&1 || need+=("postgresql-${PG_VERSION}")
dpkg -s "postgresql-${PG_VERSION}-postgis-3" >/dev/null 2>&1 || need+=("postgresql-${PG_VERSION}-postgis-3")
dpkg -s "postgresql-${PG_VERSION}-pgrouting" >/dev/null 2>&1 || need+=("postgresql-${PG_VERSION}-pgrouting")
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} …" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# No systemd in containers and CI: start the cluster directly.
pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online \
  || $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start

for _ in $(seq 1 30); do
  $SUDO su postgres -c "pg_isready -q" && break
  sleep 1
done

$SUDO su postgres -c "psql -qtAc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='${DB_USER}') THEN CREATE ROLE ${DB_USER} LOGIN SUPERUSER PASSWORD '${DB_PASS}'; END IF; END\\\$\\\$;\""
$SUDO su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'\"" | grep -q 1 \
  || $SUDO su postgres -c "createdb -O ${DB_USER} ${DB_NAME}"
$SUDO su postgres -c "psql -q -d ${DB_NAME} -c 'CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pgrouting;'"

echo "DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@127.0.0.1:5432/${DB_NAME}"
