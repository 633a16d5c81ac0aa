-- Monitoring (issue 6): scorecard targets and the M&E indicator records of the Jukwaa la Usalama report.
-- Scorecard values themselves are not stored: they are computed from the asset tables as of each quarter's end
-- (server/monitoring/asof.ts), so they can never disagree with the register.

-- Targets and traffic-light thresholds of the county scorecard indicators (definitions and units in
-- server/monitoring/definitions.ts). One default row per indicator (county_code NULL) and optional per-county
-- overrides. `target` and `amber` are in the indicator's *score* unit:
--   higher is better: green when score >= target, amber when score >= amber, red below;
--   lower is better:  green when score <= target, amber when score <= amber, red above.
CREATE TABLE scorecard_targets (
  indicator   text NOT NULL CHECK (indicator IN ('units_operational','security_roads_rehabilitated',
                'border_posts_operational','registration_digitised','live_capture_units','prison_occupancy','incidents')),
  county_code text REFERENCES counties(code),
  target      double precision NOT NULL,
  amber       double precision NOT NULL,
  note        text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL DEFAULT 'system'
);
CREATE UNIQUE INDEX scorecard_targets_key ON scorecard_targets (indicator, (coalesce(county_code, '')));

INSERT INTO scorecard_targets (indicator, county_code, target, amber, note) VALUES
  ('units_operational', NULL, 82.3, 68.5,
   'Target: Annex III of the Jukwaa la Usalama report aims to operationalise 2,000 of the 4,571 inactive gazetted units; with 14,522 units (412 sub-counties + 995 divisions + 4,003 locations + 9,112 sub-locations, Table 2) that is (14,522 − 4,571 + 2,000) ÷ 14,522 = 82.3 % active. Amber from the national baseline before the drive, 9,951 ÷ 14,522 = 68.5 %.'),
  ('security_roads_rehabilitated', NULL, 25, 10,
   'Illustrative default set in Ramani (the report names the KPI "km of security roads constructed/rehabilitated" but gives no figure): 25 % of the county''s security road km rehabilitated is green, 10 % amber. The scorecard shows it in km (share × the county''s security road km).'),
  ('border_posts_operational', NULL, 100, 50,
   'Report (Tables 5 and 8): operationalise the border posts (Suam, Lunga Lunga, Mandera): every existing post fully operational is the target; amber from half. Planned posts are not counted.'),
  ('registration_digitised', NULL, 100, 34.4,
   'Annex III: "ICT centres digitized" target 100 %. Amber from the national baseline in the report: (1,345 − 882 manual) ÷ 1,345 = 34.4 % of registration centres digitised.'),
  ('live_capture_units', NULL, 2, 1,
   'Report (Tables 5, 8, 9, 13): deploy 2 live capture units per registration centre (1,345 centres). Amber from 1 per centre.'),
  ('prison_occupancy', NULL, 100, 150,
   'Occupancy at or below capacity is the target; amber up to 150 %. National baseline in the report: 62,000 inmates for 30,000 places = 207 % (section 2.0).'),
  ('incidents', NULL, 0, 10,
   'Score = % change in incidents against the previous quarter: no increase is green, an increase of up to 10 % amber, more red (illustrative default set in Ramani).');

-- M&E indicator records: the report's indicator table (Annex III) and others the ministry tracks, with targets,
-- periodic values and where each figure comes from. Edits are audited (audit_log collection 'me_indicators').
CREATE TABLE me_indicators (
  id           text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,62}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_sw      text NOT NULL CHECK (length(name_sw) BETWEEN 1 AND 200),
  unit         text NOT NULL CHECK (unit IN ('count','percent','persons','ratio')),
  direction    text NOT NULL CHECK (direction IN ('higher','lower')),
  target       double precision NOT NULL,
  target_text  text,
  remarks      text,
  source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 2000),
  sort_order   integer NOT NULL DEFAULT 100,
  version      integer NOT NULL DEFAULT 1,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL DEFAULT 'system'
);

-- A value per period: a year (2025), a quarter (2025Q3) or a month (2025-07).
CREATE TABLE me_indicator_values (
  indicator_id text NOT NULL REFERENCES me_indicators(id) ON DELETE CASCADE,
  period       text NOT NULL CHECK (period ~ '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  value        double precision NOT NULL,
  qualifier    text NOT NULL DEFAULT 'exact' CHECK (qualifier IN ('exact','at_least','below')),
  value_text   text,
  source_note  text NOT NULL CHECK (length(source_note) BETWEEN 1 AND 2000),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  text NOT NULL DEFAULT 'system',
  PRIMARY KEY (indicator_id, period)
);

-- Seeded from the published report (real figures, not sample data). Document: Ministry of Interior and National
-- Administration, "Jukwaa la Usalama County Tours: Abridged Technical Report" (2025), Annex III "Data Tables and
-- Performance Indicators" (page 22 in the report's table of contents). Annex III's value column is headed
-- "ACHIEVEMENT (2030)"; the forums ran from 7 April to 2 October 2025 and the report was compiled after them, so the
-- figures are recorded for the period 2025 with the printed text kept in value_text.
INSERT INTO me_indicators (id, name, name_sw, unit, direction, target, target_text, remarks, source, sort_order) VALUES
  ('firearms_recovered', 'Firearms recovered', 'Silaha zilizopatikana', 'count', 'higher', 500, '500',
   'Surpassed target', 'Jukwaa la Usalama report (2025), Annex III, p. 22; also Table 4 (Operation Maliza Uhalifu recovered 600+ firearms).', 10),
  ('livestock_recovered', 'Livestock recovered', 'Mifugo iliyopatikana', 'count', 'higher', 15000, '15,000',
   'Operation Maliza Uhalifu effective', 'Jukwaa la Usalama report (2025), Annex III, p. 22; also Table 4 (21,000 animals).', 20),
  ('chiefs_trained', 'Chiefs trained', 'Machifu waliopata mafunzo', 'count', 'higher', 5000, '5,000',
   'Training exceeded expectations', 'Jukwaa la Usalama report (2025), Annex III, p. 22.', 30),
  ('ngaos_promoted', 'NGAOs promoted', 'Maafisa wa NGAO waliopandishwa vyeo', 'count', 'higher', 1000, '1,000',
   'Career progression improved', 'Jukwaa la Usalama report (2025), Annex III, p. 22.', 40),
  ('ids_issued', 'IDs issued', 'Vitambulisho vilivyotolewa', 'count', 'higher', 3000000, '3M',
   'Rollout successful', 'Jukwaa la Usalama report (2025), Annex III, p. 22.', 50),
  ('seedlings_planted', 'Seedlings planted', 'Miche iliyopandwa', 'count', 'higher', 100000000, '100M',
   'Climate action on track', 'Jukwaa la Usalama report (2025), Annex III, p. 22.', 60),
  ('units_operationalised', 'Gazetted units operationalised', 'Vitengo vya utawala vilivyoanza kazi', 'count', 'higher', 2000, '2,000',
   '4,500+ units inactive (4,571 in section 2.0)', 'Jukwaa la Usalama report (2025), Annex III, p. 22; inactive units: section 2.0 and Table 3, p. 7–9.', 70),
  ('prison_inmates_vs_capacity', 'Prison inmates vs capacity', 'Wafungwa dhidi ya uwezo wa magereza', 'persons', 'lower', 30000, '30,000',
   'Severe congestion', 'Jukwaa la Usalama report (2025), Annex III, p. 22 ("Prison capacity vs inmates": capacity 30,000, inmates 62,000); also section 2.0.', 80),
  ('accs_with_vehicles', 'ACCs with vehicles', 'Makamishna wasaidizi wa kaunti wenye magari', 'percent', 'higher', 100, '100%',
   'Mobility gap persists', 'Jukwaa la Usalama report (2025), Annex III, p. 22.', 90),
  ('ict_centres_digitised', 'ICT (registration) centres digitised', 'Vituo vya usajili vilivyowekwa kidijitali', 'percent', 'higher', 100, '100%',
   'Connectivity weak; 882 manual centres remain', 'Jukwaa la Usalama report (2025), Annex III, p. 22; 1,345 registration centres and 882 manual: section 2.0, Table 3 and Table 9.', 100),
  ('population_per_police_officer', 'Population per police officer', 'Idadi ya watu kwa kila afisa wa polisi', 'ratio', 'lower', 450, '1:450 (UN benchmark)',
   'NPS understaffed', 'Jukwaa la Usalama report (2025), section 2.0 "Situational analysis" and Table 3, p. 7–9 (police–population ratio 1:575 against the UN benchmark 1:450).', 110);

INSERT INTO me_indicator_values (indicator_id, period, value, qualifier, value_text, source_note) VALUES
  ('firearms_recovered', '2025', 600, 'at_least', '600+', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('livestock_recovered', '2025', 21000, 'at_least', '21,000+', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('chiefs_trained', '2025', 8000, 'exact', '8,000', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('ngaos_promoted', '2025', 1200, 'exact', '1,200', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('ids_issued', '2025', 4000000, 'at_least', '4M+', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('seedlings_planted', '2025', 114000000, 'at_least', '114M+', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('units_operationalised', '2025', 1100, 'at_least', '1,100+', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('prison_inmates_vs_capacity', '2025', 62000, 'exact', '62,000', 'Annex III, p. 22, and section 2.0: 62,000 inmates against a capacity of 30,000.'),
  ('accs_with_vehicles', '2025', 50, 'below', '<50%', 'Annex III, p. 22, column "Achievement (2030)" as printed.'),
  ('ict_centres_digitised', '2025', 34.4, 'exact', '882 manual centres remain',
   'Annex III, p. 22 prints "882 manual centres remain"; the percentage is derived: (1,345 − 882) ÷ 1,345 = 34.4 % (section 2.0, Table 9).'),
  ('population_per_police_officer', '2025', 575, 'exact', '1:575', 'Section 2.0 and Table 3, p. 7–9.');
