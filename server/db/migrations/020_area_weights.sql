-- Rates per population for area hot spots: a county's population where it is known (set by an admin through the
-- counties collection, from the census the ministry uses). Unknown stays NULL, and analyses then use counts.
ALTER TABLE counties ADD COLUMN population integer CHECK (population > 0);

-- A point incident may stand for several (a police report of "5 cattle raids at Kapedo this week"): its weight counts
-- in heatmaps, hot spots and coverage as that many incidents.
ALTER TABLE incidents ADD COLUMN weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100000);
