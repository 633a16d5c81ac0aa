-- What several app instances must share lives here rather than in one process's memory.

-- Analysis jobs: queued by the instance that takes the request, claimed by any instance with FOR UPDATE SKIP LOCKED,
-- and polled from any. A running job's heartbeat lets another instance take it over if its instance dies.
CREATE TABLE analysis_jobs (
  id           uuid PRIMARY KEY,
  owner        text NOT NULL,
  kind         text NOT NULL,
  params       json NOT NULL,
  area         json NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  phase        text NOT NULL DEFAULT 'queued',
  done         double precision,
  total        double precision,
  -- json, not jsonb: results are stored and returned as written, without re-encoding a large document.
  result       json,
  error_code   text,
  error        text,
  claimed_by   text,
  heartbeat_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz
);
CREATE INDEX analysis_jobs_waiting ON analysis_jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX analysis_jobs_ended ON analysis_jobs (ended_at);

-- Failed sign-ins, one row each, so lockouts and waits hold whichever instance an attempt reaches.
CREATE TABLE login_failures (
  client   text NOT NULL,
  username text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_pair ON login_failures (client, username, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- The primary's WAL position after each user's latest write: reads for that user go to the primary until a replica
-- has replayed past it (read-your-writes across instances).
CREATE TABLE recent_writes (
  username text PRIMARY KEY,
  lsn      pg_lsn NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);
