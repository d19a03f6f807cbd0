-- Ours (registry.md §4): every registry change with time, actor, reason and before/after versions.
CREATE TABLE feature_registry_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action VARCHAR(30) NOT NULL,
    actor VARCHAR(100) NOT NULL,
    reason TEXT,
    version_before VARCHAR(50),
    version_after VARCHAR(50),
    details TEXT
);
CREATE INDEX idx_feature_registry_audit_at ON feature_registry_audit (at DESC);
