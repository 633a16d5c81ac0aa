-- Fields a file has no column for can take one value for every row of the import (e.g. every row of a list of
-- police posts is kind 'police_post'): field → value, checked and coerced like a column's values.
ALTER TABLE import_batches ADD COLUMN fixed jsonb NOT NULL DEFAULT '{}';
