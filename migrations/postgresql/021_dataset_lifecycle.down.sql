-- Back to 018's statuses and strategies: a queued build counts as building, a cancelled one as
-- failed, and random splits (for testing only) have no place in 018, so they are deleted.
ALTER TABLE datasets DROP CONSTRAINT datasets_status_check;
ALTER TABLE datasets DROP CONSTRAINT datasets_split_strategy_check;
UPDATE datasets SET status = 'building' WHERE status = 'queued';
UPDATE datasets SET status = 'failed', error_message = COALESCE(error_message, 'cancelled') WHERE status = 'cancelled';
DELETE FROM datasets WHERE split_strategy = 'random';
ALTER TABLE datasets ADD CONSTRAINT datasets_status_check CHECK (status IN ('building', 'ready', 'failed'));
ALTER TABLE datasets ADD CONSTRAINT datasets_split_strategy_check
    CHECK (split_strategy IN ('time_based', 'walk_forward'));
ALTER TABLE datasets DROP COLUMN progress;
ALTER TABLE datasets DROP COLUMN leakage_report;
