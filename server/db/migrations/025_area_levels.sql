-- Incident statistics below the county: sub-county and ward figures, drawn with the boundaries a user imports into
-- admin_units (no published sub-county set is installable, so the boundaries come from the user's own file).
--
-- admin_units gains the 'ward' level, a code (the identifier files use, unique per level), and a population for rates.
-- A unit imported as a polygon keeps it in `boundary`; its point (geom) is a point on that surface, which places the
-- unit in its parent county as every asset is placed.
ALTER TABLE admin_units DROP CONSTRAINT admin_units_level_check;
ALTER TABLE admin_units ADD CONSTRAINT admin_units_level_check
  CHECK (level IN ('sub_county','ward','division','location','sub_location'));
ALTER TABLE admin_units ADD COLUMN IF NOT EXISTS code text CHECK (code ~ '^\S(.*\S)?$' AND length(code) <= 40);
ALTER TABLE admin_units ADD COLUMN IF NOT EXISTS population integer CHECK (population > 0);
CREATE UNIQUE INDEX admin_units_level_code_idx ON admin_units (level, code) WHERE code IS NOT NULL;
CREATE INDEX admin_units_boundary_idx ON admin_units USING gist (boundary) WHERE boundary IS NOT NULL;
CREATE INDEX admin_units_level_idx ON admin_units (level);

-- A row of statistics is a county's, or a sub-county's or ward's (area_unit_id). area_code stays the county the area
-- lies in (the unit's county, set by the trigger), so scoping by county and region keeps working for every level.
ALTER TABLE incident_stat_rows DROP CONSTRAINT incident_stat_rows_area_level_check;
ALTER TABLE incident_stat_rows ADD CONSTRAINT incident_stat_rows_area_level_check
  CHECK (area_level IN ('county','sub_county','ward'));
-- A unit with statistics cannot be deleted under them (rolling back the boundary import needs the statistics gone).
ALTER TABLE incident_stat_rows ADD COLUMN area_unit_id bigint REFERENCES admin_units(id);
ALTER TABLE incident_stat_rows ADD CONSTRAINT incident_stat_rows_unit_level_check
  CHECK ((area_level = 'county') = (area_unit_id IS NULL));
CREATE INDEX incident_stat_rows_unit_idx ON incident_stat_rows (area_unit_id) WHERE area_unit_id IS NOT NULL;

-- A unit's new boundary, name or code redraws its statistics: their tiles must not be served from the cache.
CREATE TRIGGER admin_units_incident_stats_version AFTER UPDATE OF boundary, name, code ON admin_units
  FOR EACH STATEMENT EXECUTE FUNCTION incident_stats_bump_version();

-- The view takes the area's name and geometry from the county or from the unit. The unit is read by scalar subqueries,
-- not an outer join: rollback and the OGC writes lock the view's rows (SELECT … FOR UPDATE), which PostgreSQL refuses
-- on the nullable side of an outer join. A unit's area_code is its code (its id where it has none); county_code is
-- always the county. A unit without a boundary has no geometry (it is not drawn, its figures are still listed).
DROP VIEW incident_stats;
CREATE VIEW incident_stats AS
SELECT s.id,
       coalesce((SELECT u.name FROM admin_units u WHERE u.id = s.area_unit_id), c.name)
         || ' · ' || s.period_kind || ' ' || s.period_start || ' · ' || coalesce(s.source_type, s.event_type, s.theme) AS name,
       s.area_level,
       CASE WHEN s.area_unit_id IS NULL THEN s.area_code
            ELSE (SELECT coalesce(u.code, u.id::text) FROM admin_units u WHERE u.id = s.area_unit_id) END AS area_code,
       s.area_unit_id,
       coalesce((SELECT u.name FROM admin_units u WHERE u.id = s.area_unit_id), c.name) AS area_name,
       s.period_kind, s.period_start, s.period_end, s.starts_at,
       s.ends_at, s.theme, s.event_type, s.source_type, s.events, s.fatalities, s.data_source, s.licence, s.source,
       s.version, s.updated_at, s.updated_by, c.region_code, c.code AS county_code, s.import_batch_id,
       CASE WHEN s.area_unit_id IS NULL THEN c.geom
            ELSE (SELECT u.boundary FROM admin_units u WHERE u.id = s.area_unit_id) END AS geom
FROM incident_stat_rows s JOIN counties c ON c.code = s.area_code;
ALTER VIEW incident_stats ALTER COLUMN area_level SET DEFAULT 'county';
ALTER VIEW incident_stats ALTER COLUMN fatalities SET DEFAULT 0;
ALTER VIEW incident_stats ALTER COLUMN updated_by SET DEFAULT 'system';

-- Writes through the view: a unit's row is stored under the unit's county, whatever area_code was written (the view
-- shows the unit's code there); a county's row names its county.
CREATE OR REPLACE FUNCTION incident_stats_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  county text;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.area_unit_id IS NULL THEN
      county := NEW.area_code;
    ELSE
      SELECT u.county_code INTO county FROM admin_units u WHERE u.id = NEW.area_unit_id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no administrative unit %', NEW.area_unit_id USING ERRCODE = '23503';
      END IF;
      IF county IS NULL THEN
        RAISE EXCEPTION 'administrative unit % lies in no county', NEW.area_unit_id USING ERRCODE = '23514';
      END IF;
    END IF;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO incident_stat_rows (id, area_level, area_code, area_unit_id, period_kind, period_start, theme,
                                    event_type, source_type, events, fatalities, data_source, licence, source,
                                    updated_by, import_batch_id)
    VALUES (coalesce(NEW.id, nextval(pg_get_serial_sequence('incident_stat_rows', 'id'))), NEW.area_level,
            county, NEW.area_unit_id, NEW.period_kind, NEW.period_start, NEW.theme, NEW.event_type, NEW.source_type,
            NEW.events, NEW.fatalities, NEW.data_source, NEW.licence, NEW.source, NEW.updated_by, NEW.import_batch_id)
    RETURNING id INTO NEW.id;
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE incident_stat_rows SET area_level = NEW.area_level, area_code = county, area_unit_id = NEW.area_unit_id,
           period_kind = NEW.period_kind, period_start = NEW.period_start, theme = NEW.theme,
           event_type = NEW.event_type, source_type = NEW.source_type, events = NEW.events,
           fatalities = NEW.fatalities, data_source = NEW.data_source, licence = NEW.licence, source = NEW.source,
           updated_by = NEW.updated_by
     WHERE id = OLD.id;
    RETURN NEW;
  ELSE
    DELETE FROM incident_stat_rows WHERE id = OLD.id;
    RETURN OLD;
  END IF;
END $$;
CREATE TRIGGER incident_stats_write INSTEAD OF INSERT OR UPDATE OR DELETE ON incident_stats
  FOR EACH ROW EXECUTE FUNCTION incident_stats_write();
