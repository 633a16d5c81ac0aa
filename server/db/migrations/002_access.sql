-- Accounts, sessions, API tokens and idempotent writes.

CREATE TABLE users (
  username        text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin','planner','commissioner','field_officer','viewer')),
  regions         text[] NOT NULL DEFAULT '{}',
  counties        text[] NOT NULL DEFAULT '{}',
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- A commissioner works within regions, a field officer within counties; nobody else is area-bound.
  CHECK (role <> 'commissioner' OR cardinality(regions) > 0),
  CHECK (role <> 'field_officer' OR cardinality(counties) > 0),
  CHECK (role IN ('commissioner') OR cardinality(regions) = 0),
  CHECK (role IN ('field_officer') OR cardinality(counties) = 0)
);

-- Secrets are stored as SHA-256 hashes: a leaked table does not leak sessions or tokens.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  username    text NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (username);

CREATE TABLE api_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  prefix        text NOT NULL,
  read_only     boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (username);

-- The first response to a write carrying an Idempotency-Key, replayed for any repeat of the same request.
CREATE TABLE idempotency_keys (
  username      text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status        integer NOT NULL,
  body          text NOT NULL,
  headers       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (username, key)
);
