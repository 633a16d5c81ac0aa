#!/usr/bin/env bash
# The streaming replica: on first start, a copy of the primary made with pg_basebackup -R (which writes
# primary_conninfo and standby.signal), then PostgreSQL as a hot standby that follows the primary.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -U replicator -q; do sleep 2; done
  rm -rf "${PGDATA:?}"/*
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h db -U replicator -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
