-- Accepted public intake requests (web form, SMS, USSD), one row per key counted: the rate limits then hold whichever
-- app instance a report reaches (like login_failures, 013_stateless.sql). Keys are keyed hashes of the device id,
-- address or phone, never the values. Rows older than the limits' window are pruned as new ones arrive.
CREATE TABLE intake_hits (
  kind text NOT NULL CHECK (kind IN ('device', 'ip', 'phone')),
  key  text NOT NULL,
  at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intake_hits_key ON intake_hits (kind, key, at);
CREATE INDEX intake_hits_at ON intake_hits (at);
