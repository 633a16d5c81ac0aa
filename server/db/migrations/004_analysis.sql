-- The speed and cost tables of the coverage and prioritisation analyses (server/analysis/speeds.ts defines the
-- shape and the defaults; the defaults stay in code, version 0, until the first edit
-- stores a row). One row, edited as a whole and versioned
-- so that every result can say which table it used.
CREATE TABLE analysis_config (
  id          integer PRIMARY KEY CHECK (id = 1),
  config      jsonb NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL DEFAULT 'system'
);
