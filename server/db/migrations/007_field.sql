-- Field work: assessments made on a device (often offline) and replayed later, with their photos.

-- The device's id of the assessment (its offline-queue UUID, also sent as Idempotency-Key): a second line of defence
-- against a replay creating a second row. base_version is the asset version the observer saw; asset_version the
-- version the assessment left (equal when it changed nothing on the asset).
ALTER TABLE assessments
  ADD COLUMN client_id     text CHECK (client_id ~ '^[\x21-\x7e]{8,200}$'),
  ADD COLUMN base_version  integer CHECK (base_version >= 1),
  ADD COLUMN asset_version integer CHECK (asset_version >= 1),
  ADD COLUMN changed       text[] NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX assessments_client_idx ON assessments (observer, client_id) WHERE client_id IS NOT NULL;

-- Photos, stored in the database beside the assessment (one backup, one access check). The type is the one sniffed
-- from the bytes, never the one the client declared; time and position come from the photo's EXIF (read on the
-- device before resizing strips it, or on the server from an original).
CREATE TABLE assessment_photos (
  assessment_id  bigint NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  n              smallint NOT NULL CHECK (n BETWEEN 1 AND 6),
  content_type   text NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
  size_bytes     integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  width          integer NOT NULL CHECK (width BETWEEN 1 AND 10000),
  height         integer NOT NULL CHECK (height BETWEEN 1 AND 10000),
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  taken_at       timestamptz,
  geom           geometry(Point, 4326),
  uploaded_by    text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  data           bytea NOT NULL CHECK (octet_length(data) = size_bytes),
  PRIMARY KEY (assessment_id, n)
);
