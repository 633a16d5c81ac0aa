-- Fuzzy name search across assets and places (trigram similarity).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX roads_name_trgm ON roads USING gin (name gin_trgm_ops);
CREATE INDEX airstrips_name_trgm ON airstrips USING gin (name gin_trgm_ops);
CREATE INDEX border_posts_name_trgm ON border_posts USING gin (name gin_trgm_ops);
CREATE INDEX admin_units_name_trgm ON admin_units USING gin (name gin_trgm_ops);
CREATE INDEX facilities_name_trgm ON facilities USING gin (name gin_trgm_ops);
CREATE INDEX incidents_name_trgm ON incidents USING gin (name gin_trgm_ops);
CREATE INDEX places_name_trgm ON places USING gin (name gin_trgm_ops);
CREATE INDEX counties_name_trgm ON counties USING gin (name gin_trgm_ops);
