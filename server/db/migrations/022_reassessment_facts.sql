-- The re-assessment flag and its notifications carry what changed as data (leg, factor, value before and after), so
-- each screen words it in its reader's language; the English sentence stays for API clients and the email.
ALTER TABLE flight_requests ADD COLUMN reassessment jsonb;
ALTER TABLE notifications ADD COLUMN facts jsonb;
