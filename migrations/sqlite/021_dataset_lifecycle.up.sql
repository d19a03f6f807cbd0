-- Ours (datasets.md §1, §5): statuses queued and cancelled, strategy random, build progress and the
-- leakage report. SQLite cannot alter a CHECK constraint, so the table is rebuilt with the new
-- ones and the rows copied (the procedure of sqlite.org/lang_altertable.html).
CREATE TABLE datasets_021 (
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
    progress REAL NOT NULL DEFAULT 0 CONSTRAINT datasets_progress_check CHECK (progress >= 0 AND progress <= 100),
    leakage_report TEXT,
    CONSTRAINT datasets_status_check CHECK (status IN ('queued', 'building', 'ready', 'failed', 'cancelled')),
    CONSTRAINT datasets_split_strategy_check CHECK (split_strategy IN ('time_based', 'walk_forward', 'random')),
    CONSTRAINT datasets_train_period_check
        CHECK (train_period_start IS NULL OR train_period_end IS NULL OR train_period_start < train_period_end),
    CONSTRAINT datasets_validation_period_check
        CHECK (validation_period_start IS NULL OR validation_period_end IS NULL
               OR validation_period_start < validation_period_end),
    CONSTRAINT datasets_test_period_check
        CHECK (test_period_start IS NULL OR test_period_end IS NULL OR test_period_start < test_period_end)
);
INSERT INTO datasets_021 (id, symbol, status, split_strategy, train_period_start, train_period_end, validation_period_start,
    validation_period_end, test_period_start, test_period_end, walk_forward_config, target_config,
    feature_registry_version, train_records, validation_records, test_records, output_format, storage_path,
    created_at, completed_at, estimated_completion, error_message)
SELECT id, symbol, status, split_strategy, train_period_start, train_period_end, validation_period_start,
    validation_period_end, test_period_start, test_period_end, walk_forward_config, target_config,
    feature_registry_version, train_records, validation_records, test_records, output_format, storage_path,
    created_at, completed_at, estimated_completion, error_message
FROM datasets;
DROP TABLE datasets;
ALTER TABLE datasets_021 RENAME TO datasets;
CREATE INDEX idx_datasets_status ON datasets (status);
CREATE INDEX idx_datasets_symbol ON datasets (symbol);
CREATE INDEX idx_datasets_created_at ON datasets (created_at DESC);
