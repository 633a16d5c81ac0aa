#!/usr/bin/env bash
# Two app instances and a real streaming replica of the PostgreSQL server in DATABASE_URL (see
# scripts/multi-instance-test.ts). Needs root on Debian, with the server of scripts/postgis-debian.sh running.
#   DATABASE_URL=postgres://ramani:ramani@127.0.0.1:5432/ramani_ci scripts/multi-instance-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsx scripts/multi-instance-test.ts
