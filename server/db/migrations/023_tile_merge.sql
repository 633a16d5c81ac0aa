-- Smaller national road tiles (issue 16). At zoom bands 0–1 (zoom ≤ 8) a map draws roads by class, surface,
-- condition and the security flag, and filters them by county and region: tens of thousands of separate segments
-- there cost bytes (a tag set and an id each) and encoding time for nothing a reader can see. roads_tile_merged holds,
-- per band, one line per group of those properties in a county — the band's generalised segments (roads_tile_geoms)
-- joined end to end (ST_LineMerge of ST_Collect) and simplified again to the band's half tile unit — with how many
-- segments it stands for, and the segment's id when it stands for one (so an isolated road stays clickable).
-- Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite; server/tiles/mvt.ts reads it when a tile's filters are on these
-- properties only, and merges the band's segments in the tile query otherwise (same properties, same rules).

CREATE TABLE roads_tile_merged (
  band              smallint NOT NULL CHECK (band BETWEEN 0 AND 1),
  road_class        text NOT NULL,
  surface           text NOT NULL,
  condition         text NOT NULL,
  is_security_road  boolean NOT NULL,
  status            text NOT NULL,
  county_code       text,
  region_code       text,
  segments          integer NOT NULL,
  id                bigint,
  geom              geometry(Geometry, 3857) NOT NULL
);
CREATE UNIQUE INDEX roads_tile_merged_key ON roads_tile_merged
  (band, road_class, surface, condition, is_security_road, status, coalesce(county_code, ''), coalesce(region_code, ''));
CREATE INDEX roads_tile_merged_b0 ON roads_tile_merged USING gist (geom) WHERE band = 0;
CREATE INDEX roads_tile_merged_b1 ON roads_tile_merged USING gist (geom) WHERE band = 1;

-- The groups named in `groups` (a road's properties, as JSON rows) are rebuilt from the band tables: deleted, then
-- merged again from what the bands hold now (nothing, when the group's last road left it). The statements are planned
-- afresh each time (EXECUTE): an edit names a group or two, found through the county index; a bulk load names them
-- all, and a nested loop over thousands of groups against every road would take hours, so it is hash joins there.
CREATE FUNCTION roads_tile_merge(groups jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  nestloop text := current_setting('enable_nestloop');
  k CONSTANT text := $k$
    WITH k AS (
      SELECT DISTINCT * FROM jsonb_to_recordset($1) AS k(road_class text, surface text, condition text,
                                                      is_security_road boolean, status text, county_code text,
                                                      region_code text))
  $k$;
BEGIN
  IF jsonb_array_length(groups) > 20 THEN
    PERFORM set_config('enable_nestloop', 'off', true);
  END IF;
  EXECUTE k || $q$
    DELETE FROM roads_tile_merged m USING k
    WHERE m.road_class = k.road_class AND m.surface = k.surface AND m.condition = k.condition
      AND m.is_security_road = k.is_security_road AND m.status = k.status
      AND coalesce(m.county_code, '') = coalesce(k.county_code, '')
      AND coalesce(m.region_code, '') = coalesce(k.region_code, '')
  $q$ USING groups;
  EXECUTE k || $q$
    INSERT INTO roads_tile_merged (band, road_class, surface, condition, is_security_road, status, county_code,
                                   region_code, segments, id, geom)
    SELECT g.band, r.road_class, r.surface, r.condition, r.is_security_road, r.status, r.county_code, r.region_code,
           count(*), CASE WHEN count(*) = 1 THEN min(r.id) END,
           ST_Simplify(ST_LineMerge(ST_Collect(g.geom)),
                       40075016.685578488 / (2 ^ (6 + 2 * g.band) * 4096) / 2, true)
    FROM k
    JOIN roads r
      ON r.road_class = k.road_class AND r.surface = k.surface AND r.condition = k.condition
     AND r.is_security_road = k.is_security_road AND r.status = k.status
     AND coalesce(r.county_code, '') = coalesce(k.county_code, '')
     AND coalesce(r.region_code, '') = coalesce(k.region_code, '')
    JOIN roads_tile_geoms g ON g.id = r.id AND g.band <= 1
    GROUP BY g.band, r.road_class, r.surface, r.condition, r.is_security_road, r.status, r.county_code, r.region_code
  $q$ USING groups;
  PERFORM set_config('enable_nestloop', nestloop, true);
END $$;

-- Kept in step in the same statement as the bands (these triggers are named after roads_tile_geoms_*, so they fire
-- after them), from the statement's old and new rows: a bulk load merges each of its groups once.
CREATE FUNCTION roads_tile_merged_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  groups jsonb := '[]';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM roads_tile_merged;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    groups := groups || coalesce((SELECT jsonb_agg(DISTINCT jsonb_build_object(
      'road_class', o.road_class, 'surface', o.surface, 'condition', o.condition,
      'is_security_road', o.is_security_road, 'status', o.status, 'county_code', o.county_code,
      'region_code', o.region_code)) FROM old_rows o), '[]');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    groups := groups || coalesce((SELECT jsonb_agg(DISTINCT jsonb_build_object(
      'road_class', n.road_class, 'surface', n.surface, 'condition', n.condition,
      'is_security_road', n.is_security_road, 'status', n.status, 'county_code', n.county_code,
      'region_code', n.region_code)) FROM new_rows n), '[]');
  END IF;
  IF jsonb_array_length(groups) > 0 THEN
    PERFORM roads_tile_merge(groups);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER roads_tile_merged_insert AFTER INSERT ON roads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION roads_tile_merged_sync();
CREATE TRIGGER roads_tile_merged_update AFTER UPDATE ON roads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION roads_tile_merged_sync();
CREATE TRIGGER roads_tile_merged_delete AFTER DELETE ON roads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION roads_tile_merged_sync();
CREATE TRIGGER roads_tile_merged_truncate AFTER TRUNCATE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION roads_tile_merged_sync();

SELECT roads_tile_merge(coalesce((SELECT jsonb_agg(DISTINCT jsonb_build_object(
  'road_class', r.road_class, 'surface', r.surface, 'condition', r.condition, 'is_security_road', r.is_security_road,
  'status', r.status, 'county_code', r.county_code, 'region_code', r.region_code)) FROM roads r), '[]'));
