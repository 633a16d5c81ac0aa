-- Humanitarian flight clearance: operators (organisation-scoped), reviewing flight officers, concurring agencies;
-- requests with legs, their versions, assessments, concurrences, transitions, airstrip closures, the rule table,
-- notifications.

-- Role list shared with the citizen-reports migration (moderator): both set the same full list, whichever runs last.
DO $$ DECLARE c text; BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'
           AND pg_get_constraintdef(oid) LIKE '%role = ANY%' AND pg_get_constraintdef(oid) LIKE '%viewer%'
  LOOP EXECUTE format('ALTER TABLE users DROP CONSTRAINT %I', c); END LOOP; END $$;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_known;
ALTER TABLE users ADD CONSTRAINT users_role_known CHECK (role IN
  ('admin','planner','commissioner','field_officer','viewer','moderator','operator','flight_officer'));

-- An operator acts for one organisation, and only an operator has one. An agency account (any role) concurs on
-- flight clearances for its agency (a short code the rule table names).
ALTER TABLE users ADD COLUMN organisation text CHECK (organisation IS NULL OR length(organisation) BETWEEN 2 AND 120);
ALTER TABLE users ADD COLUMN agency text CHECK (agency IS NULL OR agency ~ '^[a-z][a-z0-9_]{1,30}$');
ALTER TABLE users ADD CONSTRAINT users_operator_organisation CHECK ((role = 'operator') = (organisation IS NOT NULL));

CREATE TABLE flight_requests (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation           text NOT NULL,
  contact_name           text NOT NULL,
  contact_phone          text,
  contact_email          text,
  aircraft_registration  text NOT NULL,
  aircraft_type          text NOT NULL,
  purpose                text NOT NULL,
  passengers             integer NOT NULL DEFAULT 0 CHECK (passengers >= 0),
  cargo_kg               integer NOT NULL DEFAULT 0 CHECK (cargo_kg >= 0),
  status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','under_review','cleared',
                           'cleared_with_conditions','declined','withdrawn','expired')),
  conditions             text[] NOT NULL DEFAULT '{}',
  version                integer NOT NULL DEFAULT 1,
  created_by             text NOT NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  reviewer               text,
  clearance_number       text UNIQUE,
  valid_from             timestamptz,
  valid_to               timestamptz,
  decided_at             timestamptz,
  -- Set by the watch when something near a leg of a valid clearance changed; cleared by a re-assessment review.
  reassessment_reason    text,
  flagged_at             timestamptz
);
CREATE INDEX flight_requests_org_idx ON flight_requests (organisation);
CREATE INDEX flight_requests_status_idx ON flight_requests (status);

CREATE TABLE flight_legs (
  request_id      bigint NOT NULL REFERENCES flight_requests(id) ON DELETE CASCADE,
  seq             integer NOT NULL CHECK (seq >= 1),
  from_airstrip   bigint REFERENCES airstrips(id),
  from_name       text NOT NULL,
  from_geom       geometry(Point, 4326) NOT NULL,
  to_airstrip     bigint REFERENCES airstrips(id),
  to_name         text NOT NULL,
  to_geom         geometry(Point, 4326) NOT NULL,
  departs_at      timestamptz NOT NULL,
  arrives_at      timestamptz NOT NULL CHECK (arrives_at > departs_at),
  PRIMARY KEY (request_id, seq)
);
CREATE INDEX flight_legs_from_idx ON flight_legs (from_airstrip);
CREATE INDEX flight_legs_to_idx ON flight_legs (to_airstrip);

-- Every version of a request as it was (amendments), with what changed from the one before.
CREATE TABLE flight_versions (
  request_id  bigint NOT NULL REFERENCES flight_requests(id) ON DELETE CASCADE,
  version     integer NOT NULL,
  snapshot    jsonb NOT NULL,
  changes     jsonb NOT NULL DEFAULT '[]',
  actor       text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, version)
);

-- The latest automatic assessment of a request (recomputed on every change of the request or of the data near it).
CREATE TABLE flight_assessments (
  request_id      bigint PRIMARY KEY REFERENCES flight_requests(id) ON DELETE CASCADE,
  version         integer NOT NULL,
  recommendation  text NOT NULL CHECK (recommendation IN ('clear','clear_with_conditions','refer','decline')),
  agencies        text[] NOT NULL DEFAULT '{}',
  result          jsonb NOT NULL,
  computed_at     timestamptz NOT NULL DEFAULT now()
);

-- An agency's concurrence, given on one version of the request (an amendment asks for it again).
CREATE TABLE flight_concurrences (
  request_id  bigint NOT NULL REFERENCES flight_requests(id) ON DELETE CASCADE,
  agency      text NOT NULL,
  version     integer NOT NULL,
  username    text NOT NULL,
  note        text,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, agency, version)
);

-- Every workflow step: who, from which status to which, and why.
CREATE TABLE flight_transitions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   bigint NOT NULL REFERENCES flight_requests(id) ON DELETE CASCADE,
  action       text NOT NULL,
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  actor        text NOT NULL,
  reason       text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flight_transitions_request_idx ON flight_transitions (request_id);

-- Closures and restrictions of an airstrip over a time window (NOTAM-like), entered by officers.
CREATE TABLE airstrip_closures (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  airstrip_id  bigint NOT NULL REFERENCES airstrips(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('closure','restriction')),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL CHECK (ends_at > starts_at),
  reason       text NOT NULL,
  source       text NOT NULL DEFAULT 'field' CHECK (source IN ('reference','sample','import','field')),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX airstrip_closures_strip_idx ON airstrip_closures (airstrip_id);

-- The rule table: each rule compares one factor of a leg with a threshold; the worst matching outcome is the
-- recommendation, and the agencies of matching rules must concur before a clearance is issued.
CREATE TABLE flight_rules (
  code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,40}$'),
  factor       text NOT NULL,
  op           text NOT NULL CHECK (op IN ('>=','<=','=')),
  threshold    double precision NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('clear','clear_with_conditions','refer','decline')),
  agency       text CHECK (agency IS NULL OR agency ~ '^[a-z][a-z0-9_]{1,30}$'),
  reason       text NOT NULL,
  condition    text,
  enabled      boolean NOT NULL DEFAULT true,
  position     integer NOT NULL,
  updated_by   text NOT NULL DEFAULT 'system',
  updated_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO flight_rules (code, factor, op, threshold, outcome, agency, reason, condition, position) VALUES
  ('strip_closed', 'airstrip_closed', '=', 1, 'decline', NULL, 'The airstrip is marked closed.', NULL, 10),
  ('strip_restricted', 'airstrip_restricted', '=', 1, 'refer', NULL, 'The airstrip is marked restricted.', NULL, 20),
  ('strip_impassable', 'airstrip_condition_rank', '>=', 4, 'decline', NULL, 'The airstrip is reported impassable.', NULL, 30),
  ('strip_poor', 'airstrip_condition_rank', '=', 3, 'clear_with_conditions', NULL, 'The airstrip is in poor condition.',
     'Confirm the runway condition with the strip before departure.', 40),
  ('strip_stale', 'assessment_age_days', '>=', 180, 'clear_with_conditions', NULL,
     'The airstrip was last assessed more than 180 days ago (or never).',
     'Confirm the runway condition with the strip before departure.', 50),
  ('serious_incident', 'serious_incidents', '>=', 1, 'refer', 'nis', 'A serious incident (severity 4–5) near the airstrip in the last 7 days.', NULL, 60),
  ('many_incidents', 'incidents', '>=', 5, 'clear_with_conditions', NULL, 'Five or more incidents near the airstrip in the last 30 days.',
     'Arrive and depart in daylight only.', 70),
  ('hot_cell', 'hot_cells', '>=', 1, 'refer', 'nis', 'The route crosses a Gi* hot spot (95 % or more) of the last 90 days.', NULL, 80),
  ('near_border', 'border_distance_km', '<=', 25, 'refer', 'kdf', 'The route passes within 25 km of an international border.', NULL, 90),
  ('closure', 'closures', '>=', 1, 'decline', NULL, 'An airstrip closure overlaps the planned times.', NULL, 100),
  ('restriction', 'restrictions', '>=', 1, 'clear_with_conditions', NULL, 'An airstrip restriction overlaps the planned times.',
     'Observe the published restriction at the airstrip.', 110),
  ('slot_conflict', 'conflicts', '>=', 1, 'clear_with_conditions', NULL, 'Another cleared flight uses the same airstrip within 30 minutes.',
     'Coordinate the slot with the other cleared operator.', 120),
  ('civil_aviation', 'legs', '>=', 1, 'clear', 'kcaa', 'Every humanitarian flight is notified to civil aviation for concurrence.', NULL, 130);

-- In-app notifications of a user (the watch's re-assessment flags), and messages handed to the outbound sender.
CREATE TABLE notifications (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username    text NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  request_id  bigint REFERENCES flight_requests(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  message     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (username, created_at DESC);

CREATE TABLE notification_outbox (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel     text NOT NULL CHECK (channel IN ('email','sms')),
  recipient   text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);

-- The flight watch finds what a request changed by its audit rows.
CREATE INDEX audit_log_request_idx ON audit_log (request_id);
