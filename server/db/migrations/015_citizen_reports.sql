-- Citizen incident reports: the moderator role, reports from the web form, SMS and USSD, their photos, and the
-- incidents that verified reports become (source 'citizen').

-- Roles: the same full list as the flight clearance migration, so neither undoes the other whichever runs last.
DO $$ DECLARE c text; BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'
           AND pg_get_constraintdef(oid) LIKE '%role = ANY%' AND pg_get_constraintdef(oid) LIKE '%viewer%'
  LOOP EXECUTE format('ALTER TABLE users DROP CONSTRAINT %I', c); END LOOP; END $$;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_known;
ALTER TABLE users ADD CONSTRAINT users_role_known CHECK (role IN
  ('admin','planner','commissioner','field_officer','viewer','moderator','operator','flight_officer'));

-- A moderator works within counties or within regions: the two "only a commissioner has regions / only a field
-- officer has counties" checks of 002 give way to named ones that let a moderator have either.
DO $$ DECLARE c text; BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'
           AND (pg_get_constraintdef(oid) LIKE '%cardinality(regions) = 0%'
                OR pg_get_constraintdef(oid) LIKE '%cardinality(counties) = 0%')
           AND pg_get_constraintdef(oid) NOT LIKE '%moderator%'
  LOOP EXECUTE format('ALTER TABLE users DROP CONSTRAINT %I', c); END LOOP; END $$;
ALTER TABLE users ADD CONSTRAINT users_regions_bound CHECK (role IN ('commissioner','moderator') OR cardinality(regions) = 0);
ALTER TABLE users ADD CONSTRAINT users_counties_bound CHECK (role IN ('field_officer','moderator') OR cardinality(counties) = 0);
ALTER TABLE users ADD CONSTRAINT users_moderator_area CHECK (
  role <> 'moderator' OR ((cardinality(regions) > 0) <> (cardinality(counties) > 0)));

-- Verified citizen reports become incidents of their own source.
ALTER TABLE incidents DROP CONSTRAINT IF EXISTS incidents_source_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_source_check
  CHECK (source IN ('reference','sample','import','field','citizen'));

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE citizen_reports (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- What the reporter keeps to follow the report: short, no look-alike characters, not guessable from the id.
  reference       text NOT NULL UNIQUE CHECK (reference ~ '^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$'),
  channel         text NOT NULL CHECK (channel IN ('web','sms','ussd')),
  language        text NOT NULL DEFAULT 'en' CHECK (language IN ('en','sw')),
  theme           text NOT NULL CHECK (theme IN ('terrorism','organised_gangs','cross_border_smuggling',
                                                 'illicit_alcohol_drugs','small_arms','cattle_rustling_banditry',
                                                 'sgbv','boda_boda','land_dispute','other')),
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  description     text NOT NULL CHECK (char_length(description) <= 2000),
  place_name      text CHECK (char_length(place_name) <= 200),
  -- How well the position is known: the device's GPS, a pin on the map, a gazetteer place, or only the county.
  precision       text NOT NULL CHECK (precision IN ('gps','pin','place','county')),
  county_code     text NOT NULL REFERENCES counties(code),
  region_code     text NOT NULL REFERENCES regions(code),
  geom            geometry(Point, 4326) NOT NULL,
  -- The phone number, encrypted with pgp_sym_encrypt (key from the environment); its keyed hash links a reporter's
  -- reports without revealing the number. Both are erased after the retention period.
  phone_enc       bytea,
  phone_hash      text CHECK (phone_hash ~ '^[0-9a-f]{64}$'),
  contact_consent boolean NOT NULL DEFAULT false,
  device_hash     text,
  client_id       text UNIQUE CHECK (client_id ~ '^[\x21-\x7e]{8,200}$'),
  status          text NOT NULL DEFAULT 'received'
                  CHECK (status IN ('received','verified','merged','rejected','escalated')),
  spam_score      real NOT NULL DEFAULT 0 CHECK (spam_score BETWEEN 0 AND 1),
  spam_reasons    text[] NOT NULL DEFAULT '{}',
  -- Near duplicates share a group: the id of the group's first report.
  group_id        bigint,
  incident_id     bigint REFERENCES incidents(id) ON DELETE SET NULL,
  merged_into     bigint REFERENCES citizen_reports(id),
  reject_reason   text CHECK (char_length(reject_reason) <= 500),
  escalated_to    bigint REFERENCES facilities(id),
  due_at          timestamptz,
  committee_id    bigint,
  triaged_at      timestamptz,
  triaged_by      text
);
CREATE INDEX citizen_reports_queue_idx ON citizen_reports (county_code, status, received_at DESC);
CREATE INDEX citizen_reports_geom_idx ON citizen_reports USING gist (geom);
CREATE INDEX citizen_reports_phone_idx ON citizen_reports (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX citizen_reports_group_idx ON citizen_reports (group_id);

CREATE TABLE citizen_report_photos (
  report_id     bigint NOT NULL REFERENCES citizen_reports(id) ON DELETE CASCADE,
  n             smallint NOT NULL CHECK (n BETWEEN 1 AND 6),
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
  size_bytes    integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  width         integer NOT NULL CHECK (width BETWEEN 1 AND 10000),
  height        integer NOT NULL CHECK (height BETWEEN 1 AND 10000),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  data          bytea NOT NULL CHECK (octet_length(data) = size_bytes),
  PRIMARY KEY (report_id, n)
);

-- Settings an admin changes: how long phone numbers are kept.
CREATE TABLE report_settings (
  id              integer PRIMARY KEY CHECK (id = 1),
  retention_days  integer NOT NULL CHECK (retention_days BETWEEN 0 AND 3650),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL DEFAULT 'system'
);
INSERT INTO report_settings (id, retention_days) VALUES (1, 90);
