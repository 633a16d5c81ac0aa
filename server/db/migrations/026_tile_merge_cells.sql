-- Regional road tiles and cheap road edits (issue 16). At zoom band 2 (zoom 9–10) every road is drawn, and a tile of
-- a dense network held thousands of separate segments: slow to encode and heavy to send, for lines a reader cannot
-- tell apart there. roads_tile_cells holds, for band 2, the minor roads (class C and below, not security roads) merged
-- per group of the national groups' properties (roads_tile_merged, 023_tile_merge.sql) within grid cells the size of a
-- zoom-10 tile, so a merged line stays local and bounded in size and a tile reads the few cells around it. A road
-- belongs to the cell of its bounding box's centre (it is not cut): each segment is in exactly one line, and
-- `segments` is exact. Trunk (A, B) and security roads stay individual lines at band 2 (roads_tile_geoms), each
-- clickable with its id. Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite.
--
-- The statement triggers of 023 now rebuild only what an edit touched: the national groups of roads that are drawn at
-- bands 0–1, and the (group, cell) pairs of minor roads; an update that changes neither a road's merge properties nor
-- its geometry rebuilds nothing. Their lookups go through an index on the group's properties as the rebuild writes
-- them (with coalesce()), and JIT is off inside: compiling each small statement cost more than running it.

-- The band-2 cell of a road's stored geometry (WGS 84): the zoom-10 tile of its bounding box's centre, x * 1024 + y.
CREATE FUNCTION roads_tile_cell(g geometry) RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  world CONSTANT double precision := 40075016.685578488;
  n CONSTANT integer := 1024;
  p geometry := ST_Transform(ST_SetSRID(ST_MakePoint((ST_XMin(g) + ST_XMax(g)) / 2,
                                                     greatest(-85, least(85, (ST_YMin(g) + ST_YMax(g)) / 2))),
                                        ST_SRID(g)), 3857);
  cx integer := greatest(0, least(n - 1, floor((ST_X(p) + world / 2) / world * n)::integer));
  cy integer := greatest(0, least(n - 1, floor((world / 2 - ST_Y(p)) / world * n)::integer));
BEGIN
  RETURN cx * n + cy;
END $$;

CREATE TABLE roads_tile_cells (
  road_class        text NOT NULL,
  surface           text NOT NULL,
  condition         text NOT NULL,
  is_security_road  boolean NOT NULL,
  status            text NOT NULL,
  county_code       text,
  region_code       text,
  cell              integer NOT NULL,
  segments          integer NOT NULL,
  id                bigint,
  geom              geometry(Geometry, 3857) NOT NULL
);
CREATE UNIQUE INDEX roads_tile_cells_key ON roads_tile_cells
  (coalesce(county_code, ''), road_class, surface, condition, is_security_road, status, coalesce(region_code, ''), cell);
CREATE INDEX roads_tile_cells_geom ON roads_tile_cells USING gist (geom);
-- Band 2's individual lines (trunk and security roads, one segment in fifteen on a national network), found directly.
CREATE INDEX roads_trunk_geom_idx ON roads USING gist (geom) WHERE is_security_road OR road_class IN ('A', 'B');

-- The rebuilds find a group's roads by these expressions, exactly as written in their joins (a plain county_code
-- index cannot answer coalesce(county_code, '') = …, and an edit then read every road).
CREATE INDEX roads_tile_group_idx ON roads
  (coalesce(county_code, ''), road_class, surface, condition, status, is_security_road);

-- How a rebuild is planned. The groups arrive as JSON, which the planner counts as 100 rows whatever they are: for an
-- edit (a group or two) it then reads every road with a hash join instead of the index; for a bulk load (thousands of
-- groups) a nested loop is the danger. So the rebuild says which it is: `bulk` turns nested loops off, else sequential
-- scans and hash and merge joins; a null `bulk` puts back the settings saved by roads_tile_plan_now(). Transaction-
-- local (set_config(…, true)), put back before the trigger returns.
CREATE FUNCTION roads_tile_plan_now() RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY[current_setting('enable_nestloop'), current_setting('enable_seqscan'),
               current_setting('enable_hashjoin'), current_setting('enable_mergejoin')]
$$;
CREATE FUNCTION roads_tile_plan(bulk boolean, saved text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF bulk IS NULL THEN
    PERFORM set_config('enable_nestloop', saved[1], true), set_config('enable_seqscan', saved[2], true),
            set_config('enable_hashjoin', saved[3], true), set_config('enable_mergejoin', saved[4], true);
  ELSIF bulk THEN
    PERFORM set_config('enable_nestloop', 'off', true);
  ELSE
    PERFORM set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),
            set_config('enable_mergejoin', 'off', true);
  END IF;
END $$;

-- The national groups (as in 023), rebuilt with the band in the delete's key so its unique index applies, and planned
-- for what they are (roads_tile_plan).
CREATE OR REPLACE FUNCTION roads_tile_merge(groups jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  plan text[] := roads_tile_plan_now();
  k CONSTANT text := $k$
    WITH k AS (
      SELECT DISTINCT * FROM jsonb_to_recordset($1) AS k(road_class text, surface text, condition text,
                                                      is_security_road boolean, status text, county_code text,
                                                      region_code text))
  $k$;
BEGIN
  PERFORM roads_tile_plan(jsonb_array_length(groups) > 20, NULL);
  EXECUTE k || $q$
    DELETE FROM roads_tile_merged m USING k
    WHERE m.band IN (0, 1) AND m.road_class = k.road_class AND m.surface = k.surface AND m.condition = k.condition
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
      ON coalesce(r.county_code, '') = coalesce(k.county_code, '') AND r.road_class = k.road_class
     AND r.surface = k.surface AND r.condition = k.condition AND r.status = k.status
     AND r.is_security_road = k.is_security_road
     AND coalesce(r.region_code, '') = coalesce(k.region_code, '')
    JOIN roads_tile_geoms g ON g.id = r.id AND g.band IN (0, 1)
    GROUP BY g.band, r.road_class, r.surface, r.condition, r.is_security_road, r.status, r.county_code, r.region_code
  $q$ USING groups;
  PERFORM roads_tile_plan(NULL, plan);
END $$;

-- The (group, cell) pairs named in `cells` are rebuilt from band 2 (deleted, then merged again from what it holds).
CREATE FUNCTION roads_tile_cells_merge(cells jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  plan text[] := roads_tile_plan_now();
  k CONSTANT text := $k$
    WITH k AS (
      SELECT DISTINCT * FROM jsonb_to_recordset($1) AS k(road_class text, surface text, condition text,
                                                      is_security_road boolean, status text, county_code text,
                                                      region_code text, cell integer))
  $k$;
BEGIN
  PERFORM roads_tile_plan(jsonb_array_length(cells) > 20, NULL);
  EXECUTE k || $q$
    DELETE FROM roads_tile_cells m USING k
    WHERE coalesce(m.county_code, '') = coalesce(k.county_code, '') AND m.road_class = k.road_class
      AND m.surface = k.surface AND m.condition = k.condition AND m.is_security_road = k.is_security_road
      AND m.status = k.status AND coalesce(m.region_code, '') = coalesce(k.region_code, '') AND m.cell = k.cell
  $q$ USING cells;
  EXECUTE k || $q$
    INSERT INTO roads_tile_cells (road_class, surface, condition, is_security_road, status, county_code, region_code,
                                  cell, segments, id, geom)
    SELECT r.road_class, r.surface, r.condition, r.is_security_road, r.status, r.county_code, r.region_code, k.cell,
           count(*), CASE WHEN count(*) = 1 THEN min(r.id) END,
           ST_Simplify(ST_LineMerge(ST_Collect(g.geom)), 40075016.685578488 / (2 ^ 10 * 4096) / 2, true)
    FROM k
    JOIN roads r
      ON coalesce(r.county_code, '') = coalesce(k.county_code, '') AND r.road_class = k.road_class
     AND r.surface = k.surface AND r.condition = k.condition AND r.status = k.status
     AND r.is_security_road = k.is_security_road
     AND coalesce(r.region_code, '') = coalesce(k.region_code, '') AND roads_tile_cell(r.geom) = k.cell
    JOIN roads_tile_geoms g ON g.id = r.id AND g.band = 2
    WHERE NOT r.is_security_road AND r.road_class NOT IN ('A', 'B')
    GROUP BY r.road_class, r.surface, r.condition, r.is_security_road, r.status, r.county_code, r.region_code, k.cell
  $q$ USING cells;
  PERFORM roads_tile_plan(NULL, plan);
END $$;

-- What a road is merged by, with where it is drawn merged: `national` when it is in bands 0–1 (roads_tile_merged),
-- `cell` when it is a minor road (roads_tile_cells, null otherwise).
CREATE FUNCTION roads_tile_key(road_class text, surface text, condition text, is_security_road boolean, status text,
                               county_code text, region_code text, geom geometry) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'road_class', road_class, 'surface', surface, 'condition', condition, 'is_security_road', is_security_road,
    'status', status, 'county_code', county_code, 'region_code', region_code,
    'national', is_security_road OR road_class IN ('A', 'B', 'C'),
    'cell', CASE WHEN NOT is_security_road AND road_class NOT IN ('A', 'B') THEN roads_tile_cell(geom) END)
$$;

-- One function for 023's four triggers (kept, so they still fire after roads_tile_geoms_* by name).
CREATE OR REPLACE FUNCTION roads_tile_merged_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  jit text := current_setting('jit');
  touched jsonb := '[]';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM roads_tile_merged;
    DELETE FROM roads_tile_cells;
    RETURN NULL;
  END IF;
  PERFORM set_config('jit', 'off', true);
  -- The groups of the rows the statement wrote, as they were and as they are; of an update, only the rows whose merge
  -- properties or geometry it changed (an edit of a name touches no line).
  IF TG_OP = 'INSERT' THEN
    touched := (SELECT jsonb_agg(DISTINCT roads_tile_key(n.road_class, n.surface, n.condition, n.is_security_road,
                                                         n.status, n.county_code, n.region_code, n.geom))
                FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    touched := (SELECT jsonb_agg(DISTINCT roads_tile_key(o.road_class, o.surface, o.condition, o.is_security_road,
                                                         o.status, o.county_code, o.region_code, o.geom))
                FROM old_rows o);
  ELSE
    touched := (SELECT jsonb_agg(DISTINCT k) FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                CROSS JOIN LATERAL (VALUES
                  (CASE WHEN o.id IS NOT NULL THEN roads_tile_key(o.road_class, o.surface, o.condition,
                     o.is_security_road, o.status, o.county_code, o.region_code, o.geom) END),
                  (CASE WHEN n.id IS NOT NULL THEN roads_tile_key(n.road_class, n.surface, n.condition,
                     n.is_security_road, n.status, n.county_code, n.region_code, n.geom) END)) v(k)
                WHERE k IS NOT NULL AND (o.id IS NULL OR n.id IS NULL OR NOT ST_OrderingEquals(o.geom, n.geom)
                   OR (o.road_class, o.surface, o.condition, o.is_security_road, o.status, o.county_code, o.region_code)
                      IS DISTINCT FROM (n.road_class, n.surface, n.condition, n.is_security_road, n.status,
                                        n.county_code, n.region_code)));
  END IF;
  IF touched IS NOT NULL THEN
    PERFORM roads_tile_merge(g) FROM (SELECT jsonb_agg(e) AS g FROM jsonb_array_elements(touched) e
                                      WHERE (e->>'national')::boolean) s WHERE g IS NOT NULL;
    PERFORM roads_tile_cells_merge(c) FROM (SELECT jsonb_agg(e) AS c FROM jsonb_array_elements(touched) e
                                            WHERE e->>'cell' IS NOT NULL) s WHERE c IS NOT NULL;
  END IF;
  PERFORM set_config('jit', jit, true);
  RETURN NULL;
END $$;

SELECT roads_tile_cells_merge(coalesce((SELECT jsonb_agg(DISTINCT k) FROM roads r
  CROSS JOIN LATERAL roads_tile_key(r.road_class, r.surface, r.condition, r.is_security_road, r.status, r.county_code,
                                    r.region_code, r.geom) k
  WHERE k->>'cell' IS NOT NULL), '[]'));
