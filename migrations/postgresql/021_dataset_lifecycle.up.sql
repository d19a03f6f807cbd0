-- Ours (datasets.md §1, §5): statuses queued and cancelled, strategy random, build progress and the
-- leakage report. The trading system's CHECK constraints on status and split_strategy may carry
-- other names than ours, so every single-column CHECK on those columns is replaced.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT con.conname
        FROM pg_constraint con
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)
        WHERE con.conrelid = 'datasets'::regclass AND con.contype = 'c'
          AND cardinality(con.conkey) = 1 AND a.attname IN ('status', 'split_strategy')
    LOOP
        EXECUTE format('ALTER TABLE datasets DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE datasets ADD CONSTRAINT datasets_status_check
    CHECK (status IN ('queued', 'building', 'ready', 'failed', 'cancelled'));
ALTER TABLE datasets ADD CONSTRAINT datasets_split_strategy_check
    CHECK (split_strategy IN ('time_based', 'walk_forward', 'random'));
ALTER TABLE datasets ADD COLUMN progress DOUBLE PRECISION NOT NULL DEFAULT 0
    CONSTRAINT datasets_progress_check CHECK (progress >= 0 AND progress <= 100);
ALTER TABLE datasets ADD COLUMN leakage_report JSONB;
