-- A road line must not cross itself (routing would read the crossing as no junction) unless whoever drew it says the
-- loop is meant: a figure-of-eight patrol track, say. The flag is stored with the road, so later edits of a meant loop
-- need not repeat it. The check itself is the application's (server/assets/write.ts, with a reason naming the
-- geometry); existing roads keep false, and a crossing one already stored is refused only when its line is written again.
ALTER TABLE roads ADD COLUMN loop boolean NOT NULL DEFAULT false;
