-- One rule places an asset or a place in a county: the county whose outline holds its point on surface (the lowest
-- code where outlines touch), else the nearest one (a border post a few metres outside an approximate outline).
--
-- The outlines are looked up in county_pieces, each county cut by ST_Subdivide into parts of at most 128 vertices:
-- point-in-polygon and distance on small parts behind a GiST index are far cheaper than on whole counties (the IEBC
-- outlines run to thousands of vertices). The lookup was the largest cost of a bulk load: the bare load of 100,000
-- incidents took 41.7 s on the embedded database with whole counties and 15.5 s with pieces (npm run bench -- imports).
-- A set-based join per batch was tried and was slower than this per-row lookup once the pieces existed, so the
-- triggers stay the only writer of county and region.
CREATE TABLE county_pieces (
  code        text NOT NULL REFERENCES counties(code) ON DELETE CASCADE,
  region_code text NOT NULL,
  geom        geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX county_pieces_geom_idx ON county_pieces USING gist (geom);
CREATE INDEX county_pieces_code_idx ON county_pieces (code);

CREATE FUNCTION county_pieces_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM county_pieces WHERE code = OLD.code;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO county_pieces (code, region_code, geom) SELECT NEW.code, NEW.region_code, ST_Subdivide(NEW.geom, 128);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER counties_pieces AFTER INSERT OR UPDATE OF geom, region_code, code OR DELETE ON counties
  FOR EACH ROW EXECUTE FUNCTION county_pieces_sync();
INSERT INTO county_pieces (code, region_code, geom) SELECT code, region_code, ST_Subdivide(geom, 128) FROM counties;

CREATE FUNCTION county_at(p geometry, OUT code text, OUT region_code text) LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT k.code, k.region_code INTO code, region_code FROM county_pieces k WHERE ST_Intersects(k.geom, p) ORDER BY k.code LIMIT 1;
  IF NOT FOUND THEN
    SELECT k.code, k.region_code INTO code, region_code FROM county_pieces k ORDER BY k.geom <-> p LIMIT 1;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION asset_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  IF TG_OP = 'INSERT' OR NOT ST_Equals(NEW.geom, OLD.geom) OR NEW.county_code IS DISTINCT FROM OLD.county_code THEN
    SELECT a.code, a.region_code INTO NEW.county_code, NEW.region_code FROM county_at(ST_PointOnSurface(NEW.geom)) a;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION place_admin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.code, a.region_code INTO NEW.county_code, NEW.region_code FROM county_at(NEW.geom) a;
  RETURN NEW;
END $$;
