-- The trading system's migration 019 (contracts.md §7). Only one active version is made unique by
-- our migration 023.
CREATE TABLE feature_registry_versions (
    version VARCHAR(50) PRIMARY KEY,
    config JSONB NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT FALSE,
    validated_at TIMESTAMP,
    validation_errors TEXT[],
    loaded_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    created_by VARCHAR(100),
    activated_by VARCHAR(100),
    rollback_from VARCHAR(50),
    previous_version VARCHAR(50),
    schema_version VARCHAR(50),
    migration_script TEXT,
    compatibility_warnings TEXT[],
    breaking_changes TEXT[],
    activation_reason TEXT
);
CREATE INDEX idx_feature_registry_versions_active ON feature_registry_versions (is_active) WHERE is_active;
CREATE INDEX idx_feature_registry_versions_created_at ON feature_registry_versions (created_at DESC);
CREATE INDEX idx_feature_registry_versions_previous ON feature_registry_versions (previous_version);
