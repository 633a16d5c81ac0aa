-- Imports: an uploaded file is parsed into staging rows (so preview, re-mapping and commit never re-upload it), then
-- committed all-or-nothing into one collection as a batch that can be rolled back as a whole.

CREATE TABLE import_batches (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection    text NOT NULL CHECK (collection IN ('roads','airstrips','border_posts','admin_units','facilities','incidents','counties')),
  filename      text NOT NULL,
  format        text NOT NULL CHECK (format IN ('geojson','csv','shapefile','kml','gpx','gpkg')),
  layer         text,
  status        text NOT NULL CHECK (status IN ('staging','staged','committed','rolled_back','discarded','failed')),
  total         integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  -- Source columns in file order, the mapping source column → field (null = ignored) and the last validation report.
  columns       jsonb NOT NULL DEFAULT '[]',
  mapping       jsonb NOT NULL DEFAULT '{}',
  report        jsonb NOT NULL DEFAULT '{}',
  warnings      jsonb NOT NULL DEFAULT '[]',
  -- What the commit did: {"inserted": n} or {"replaced": n, "regions": n}; and what a rollback did.
  result        jsonb,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  committed_by  text,
  committed_at  timestamptz,
  rolled_back_by text,
  rolled_back_at timestamptz
);
CREATE INDEX import_batches_created_idx ON import_batches (created_at DESC);

-- Parsed rows of a batch, as read from the file (before mapping). Dropped once the batch is committed or discarded.
CREATE TABLE import_rows (
  batch_id    bigint NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  row_no      integer NOT NULL CHECK (row_no >= 1),
  properties  jsonb NOT NULL,
  -- GeoJSON in WGS 84 (reprojected on upload when the file had another CRS); null when the row had none.
  geometry    jsonb,
  -- Why the row's geometry could not be read (unparseable WKT, missing coordinates…).
  problem     text,
  PRIMARY KEY (batch_id, row_no)
);

-- What a committed batch replaced in place (county boundaries and the regions dissolved from them), for rollback.
CREATE TABLE import_replacements (
  batch_id       bigint NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  collection     text NOT NULL CHECK (collection IN ('counties','regions')),
  item_id        text NOT NULL,
  before_source  text NOT NULL,
  before_geom    geometry(MultiPolygon, 4326) NOT NULL,
  -- The row's version right after the import: a later edit makes the rollback ask for force.
  after_version  integer NOT NULL,
  PRIMARY KEY (batch_id, collection, item_id)
);

-- Imported assets are found (and rolled back) by their batch, which must exist.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['roads','airstrips','border_posts','admin_units','facilities','incidents'] LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (import_batch_id) REFERENCES import_batches(id)', t, t || '_import_batch_fk');
  END LOOP;
END $$;
CREATE INDEX roads_import_batch_idx ON roads (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX airstrips_import_batch_idx ON airstrips (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX border_posts_import_batch_idx ON border_posts (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX admin_units_import_batch_idx ON admin_units (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX facilities_import_batch_idx ON facilities (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX incidents_import_batch_idx ON incidents (import_batch_id) WHERE import_batch_id IS NOT NULL;
