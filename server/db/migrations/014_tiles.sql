-- National tiles (issue 16): geometry generalised ahead of time per zoom band, and a tile cache shared by every
-- instance. Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite; server/tiles/mvt.ts picks the band for a zoom.
--
-- Bands: 0 = zoom ≤ 6 (national), 1 = 7–8, 2 = 9–10, 3 = 11–12; from zoom 13 tiles use the stored geometry.
-- A band holds what a map shows at its scale — roads: trunk (A, B) and security roads in band 0, C roads too in
-- band 1, every road below — in Web Mercator (no transform per tile), simplified by half a tile unit at the band's
-- deepest zoom (invisible), and never dropped: a line shorter than 4 tile units at the band's shallowest zoom is
-- drawn 4 units long around its middle, so an isolated short road stays a mark on the national map (both tile
-- builders drop lines below ~1–3 units).

CREATE FUNCTION tile_generalise(g geometry, band integer) RETURNS geometry LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  world CONSTANT double precision := 40075016.685578488;
  unit_deep double precision := world / (2 ^ (6 + 2 * band) * 4096);
  unit_shallow double precision := world / (2 ^ (CASE WHEN band = 0 THEN 5 ELSE 5 + 2 * band END) * 4096);
  s geometry := ST_Simplify(ST_Transform(g, 3857), unit_deep / 2, true);
  c geometry;
  dx double precision;
  dy double precision;
  k double precision;
BEGIN
  IF GeometryType(s) = 'LINESTRING' AND ST_Length(s) < 4 * unit_shallow THEN
    c := ST_LineInterpolatePoint(s, 0.5);
    dx := ST_X(ST_EndPoint(s)) - ST_X(ST_StartPoint(s));
    dy := ST_Y(ST_EndPoint(s)) - ST_Y(ST_StartPoint(s));
    k := sqrt(dx * dx + dy * dy);
    IF k = 0 THEN
      dx := 1; dy := 0; k := 1;
    END IF;
    k := 2 * unit_shallow / k;
    s := ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_X(c) - dx * k, ST_Y(c) - dy * k),
                                ST_MakePoint(ST_X(c) + dx * k, ST_Y(c) + dy * k)), 3857);
  END IF;
  RETURN s;
END $$;

CREATE TABLE roads_tile_geoms (
  band  smallint NOT NULL CHECK (band BETWEEN 0 AND 3),
  id    bigint NOT NULL,
  geom  geometry(Geometry, 3857) NOT NULL,
  PRIMARY KEY (band, id)
);
CREATE TABLE counties_tile_geoms (
  band  smallint NOT NULL CHECK (band BETWEEN 0 AND 3),
  code  text NOT NULL,
  geom  geometry(Geometry, 3857) NOT NULL,
  PRIMARY KEY (band, code)
);
CREATE TABLE regions_tile_geoms (
  band  smallint NOT NULL CHECK (band BETWEEN 0 AND 3),
  code  text NOT NULL,
  geom  geometry(Geometry, 3857) NOT NULL,
  PRIMARY KEY (band, code)
);
-- One spatial index per band: a national tile then searches band 0's few rows only.
DO $$
DECLARE t text; b integer;
BEGIN
  FOREACH t IN ARRAY ARRAY['roads','counties','regions'] LOOP
    FOR b IN 0..3 LOOP
      EXECUTE format('CREATE INDEX %I ON %I USING gist (geom) WHERE band = %s', t || '_tile_geoms_b' || b, t || '_tile_geoms', b);
    END LOOP;
  END LOOP;
END $$;

-- Kept in step in the same statement that bumps the table's data version (its trigger fires first, by name), from the
-- statement's rows (transition tables), so a bulk load generalises in one pass.
CREATE FUNCTION roads_tile_geoms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM roads_tile_geoms;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM roads_tile_geoms g USING old_rows o WHERE g.id = o.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO roads_tile_geoms (band, id, geom)
    SELECT b, n.id, tile_generalise(n.geom, b) FROM new_rows n CROSS JOIN generate_series(0, 3) b
    WHERE b >= 2 OR n.is_security_road OR n.road_class IN ('A', 'B') OR (b = 1 AND n.road_class = 'C');
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION counties_tile_geoms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM counties_tile_geoms;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM counties_tile_geoms g USING old_rows o WHERE g.code = o.code;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO counties_tile_geoms (band, code, geom)
    SELECT b, n.code, tile_generalise(n.geom, b) FROM new_rows n CROSS JOIN generate_series(0, 3) b;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION regions_tile_geoms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM regions_tile_geoms;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM regions_tile_geoms g USING old_rows o WHERE g.code = o.code;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO regions_tile_geoms (band, code, geom)
    SELECT b, n.code, tile_generalise(n.geom, b) FROM new_rows n CROSS JOIN generate_series(0, 3) b;
  END IF;
  RETURN NULL;
END $$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['roads','counties','regions'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   t || '_tile_geoms_insert', t, t || '_tile_geoms_sync');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   t || '_tile_geoms_update', t, t || '_tile_geoms_sync');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   t || '_tile_geoms_delete', t, t || '_tile_geoms_sync');
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   t || '_tile_geoms_truncate', t, t || '_tile_geoms_sync');
  END LOOP;
END $$;

INSERT INTO roads_tile_geoms (band, id, geom)
SELECT b, r.id, tile_generalise(r.geom, b) FROM roads r CROSS JOIN generate_series(0, 3) b
WHERE b >= 2 OR r.is_security_road OR r.road_class IN ('A', 'B') OR (b = 1 AND r.road_class = 'C');
INSERT INTO counties_tile_geoms (band, code, geom)
SELECT b, c.code, tile_generalise(c.geom, b) FROM counties c CROSS JOIN generate_series(0, 3) b;
INSERT INTO regions_tile_geoms (band, code, geom)
SELECT b, r.code, tile_generalise(r.geom, b) FROM regions r CROSS JOIN generate_series(0, 3) b;

-- Built tiles, shared by every instance: keyed by what decides their bytes — collection, address, filters and area
-- (filter_key, a digest) and the collection's data version. An edit bumps the version, so no stale tile is ever read;
-- older versions are swept when a newer one is first stored.
CREATE TABLE tile_cache (
  collection  text NOT NULL,
  z           smallint NOT NULL,
  x           integer NOT NULL,
  y           integer NOT NULL,
  filter_key  text NOT NULL,
  version     bigint NOT NULL,
  tile        bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, z, x, y, filter_key, version)
);
CREATE INDEX tile_cache_version_idx ON tile_cache (collection, version);
