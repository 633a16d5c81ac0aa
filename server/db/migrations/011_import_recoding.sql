-- Real files do not use Ramani's codes: an import's plan also says what each source value of a coded field becomes
-- (field → source value → target) and which fields are derived from another column (field → {column, rule}).
ALTER TABLE import_batches ADD COLUMN recode jsonb NOT NULL DEFAULT '{}';
ALTER TABLE import_batches ADD COLUMN derive jsonb NOT NULL DEFAULT '{}';

-- A plan saved under a name, reused for the next file of the same shape from the same source.
CREATE TABLE import_profiles (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  collection  text NOT NULL CHECK (collection IN ('roads','airstrips','border_posts','admin_units','facilities','incidents','counties')),
  description text,
  mapping     jsonb NOT NULL DEFAULT '{}',
  fixed       jsonb NOT NULL DEFAULT '{}',
  recode      jsonb NOT NULL DEFAULT '{}',
  derive      jsonb NOT NULL DEFAULT '{}',
  version     integer NOT NULL DEFAULT 1,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX import_profiles_name_idx ON import_profiles (lower(name));
