-- Back to 018's statuses and strategies: a queued build counts as building, a cancelled one as
-- failed, and random splits (for testing only) have no place in 018, so they are deleted.
CREATE TABLE datasets_018 (
    id TEXT PRIMARY KEY,
    symbol VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'building',
    split_strategy VARCHAR(50) NOT NULL,
    train_period_start TEXT NULL,
    train_period_end TEXT NULL,
    validation_period_start TEXT NULL,
    validation_period_end TEXT NULL,
    test_period_start TEXT NULL,
    test_period_end TEXT NULL,
    walk_forward_config TEXT,
    target_config TEXT NOT NULL,
    feature_registry_version VARCHAR(50) NOT NULL,
    train_records INTEGER DEFAULT 0,
    validation_records INTEGER DEFAULT 0,
    test_records INTEGER DEFAULT 0,
    output_format VARCHAR(20) NOT NULL DEFAULT 'parquet',
    storage_path VARCHAR(500),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    completed_at TEXT,
    estimated_completion TEXT,
    error_message TEXT,
    CONSTRAINT datasets_status_check CHECK (status IN ('building', 'ready', 'failed')),
    CONSTRAINT datasets_split_strategy_check CHECK (split_strategy IN ('time_based', 'walk_forward')),
    CONSTRAINT datasets_train_period_check
        CHECK (train_period_start IS NULL OR train_period_end IS NULL OR train_period_start < train_period_end),
    CONSTRAINT datasets_validation_period_check
        CHECK (validation_period_start IS NULL OR validation_period_end IS NULL
               OR validation_period_start < validation_period_end),
    CONSTRAINT datasets_test_period_check
        CHECK (test_period_start IS NULL OR test_period_end IS NULL OR test_period_start < test_period_end)
);
UPDATE datasets SET status = 'building' WHERE status = 'queued';
UPDATE datasets SET status = 'failed', error_message = COALESCE(error_message, 'cancelled') WHERE status = 'cancelled';
DELETE FROM datasets WHERE split_strategy = 'random';
INSERT INTO datasets_018 (id, symbol, status, split_strategy, train_period_start, train_period_end, validation_period_start,
    validation_period_end, test_period_start, test_period_end, walk_forward_config, target_config,
    feature_registry_version, train_records, validation_records, test_records, output_format, storage_path,
    created_at, completed_at, estimated_completion, error_message)
SELECT id, symbol, status, split_strategy, train_period_start, train_period_end, validation_period_start,
    validation_period_end, test_period_start, test_period_end, walk_forward_config, target_config,
    feature_registry_version, train_records, validation_records, test_records, output_format, storage_path,
    created_at, completed_at, estimated_completion, error_message
FROM datasets;
DROP TABLE datasets;
ALTER TABLE datasets_018 RENAME TO datasets;
CREATE INDEX idx_datasets_status ON datasets (status);
CREATE INDEX idx_datasets_symbol ON datasets (symbol);
CREATE INDEX idx_datasets_created_at ON datasets (created_at DESC);
