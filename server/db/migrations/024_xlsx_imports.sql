-- Imports read Excel workbooks (.xlsx): a sheet is a table like a CSV file, and the batch records the format.
ALTER TABLE import_batches DROP CONSTRAINT import_batches_format_check;
ALTER TABLE import_batches ADD CONSTRAINT import_batches_format_check
  CHECK (format IN ('geojson','csv','shapefile','kml','gpx','gpkg','xlsx'));
