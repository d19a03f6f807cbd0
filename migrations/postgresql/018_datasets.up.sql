-- The trading system's migration 018 (contracts.md §7). Where the table exists already it is
-- checked (columns present), never re-created.
CREATE TABLE datasets (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    symbol VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'building',
    split_strategy VARCHAR(50) NOT NULL,
    train_period_start TIMESTAMP NULL,
    train_period_end TIMESTAMP NULL,
    validation_period_start TIMESTAMP NULL,
    validation_period_end TIMESTAMP NULL,
    test_period_start TIMESTAMP NULL,
    test_period_end TIMESTAMP NULL,
    walk_forward_config JSONB,
    target_config JSONB NOT NULL,
    feature_registry_version VARCHAR(50) NOT NULL,
    train_records INTEGER DEFAULT 0,
    validation_records INTEGER DEFAULT 0,
    test_records INTEGER DEFAULT 0,
    output_format VARCHAR(20) NOT NULL DEFAULT 'parquet',
    storage_path VARCHAR(500),
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    completed_at TIMESTAMP,
    estimated_completion TIMESTAMP,
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
