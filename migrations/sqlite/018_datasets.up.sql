-- The trading system's migration 018 for SQLite: UUIDs, JSON and timestamps are text (timestamps
-- 'YYYY-MM-DD HH:MM:SS.ffffff' UTC, which sort and compare as times).
CREATE TABLE datasets (
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
CREATE INDEX idx_datasets_status ON datasets (status);
CREATE INDEX idx_datasets_symbol ON datasets (symbol);
CREATE INDEX idx_datasets_created_at ON datasets (created_at DESC);
