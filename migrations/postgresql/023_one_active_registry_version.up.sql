-- Ours (registry.md §4): only one registry version can be active, enforced by the database.
CREATE UNIQUE INDEX idx_feature_registry_versions_one_active ON feature_registry_versions (is_active) WHERE is_active;
