-- Kenya's international land borders, one line per neighbour: the stretches of the country outline that a
-- neighbouring country's Natural Earth polygon (data/basemap, the same 1:10m edition as the outline) runs along.
-- Filled by the loader from the committed files (server/seed/load.ts); the flight assessment measures the distance
-- from a route to them, so the Indian Ocean coast and lake shores inside Kenya never count as a border.
CREATE TABLE land_borders (
  country text PRIMARY KEY,
  source  text NOT NULL,
  geom    geometry(MultiLineString, 4326) NOT NULL
);
CREATE INDEX land_borders_geom_idx ON land_borders USING gist (geom);
