-- The trading system's migration 020 for SQLite (rates as REAL, rounded to 4 decimals by the store
-- as DECIMAL(5,4) does in PostgreSQL).
CREATE TABLE data_quality_reports (
    id TEXT PRIMARY KEY,
    symbol VARCHAR(20) NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    missing_rate REAL NOT NULL,
    anomaly_rate REAL NOT NULL,
    sequence_gaps INTEGER NOT NULL DEFAULT 0,
    desynchronization_events INTEGER NOT NULL DEFAULT 0,
    anomaly_details TEXT,
    sequence_gap_details TEXT,
    recommendations TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    CONSTRAINT data_quality_reports_period_check CHECK (period_start < period_end),
    CONSTRAINT data_quality_reports_missing_rate_check CHECK (missing_rate >= 0 AND missing_rate <= 1),
    CONSTRAINT data_quality_reports_anomaly_rate_check CHECK (anomaly_rate >= 0 AND anomaly_rate <= 1),
    CONSTRAINT data_quality_reports_counts_check CHECK (sequence_gaps >= 0 AND desynchronization_events >= 0)
);
CREATE INDEX idx_data_quality_reports_symbol ON data_quality_reports (symbol);
CREATE INDEX idx_data_quality_reports_period ON data_quality_reports (period_start, period_end);
CREATE INDEX idx_data_quality_reports_created_at ON data_quality_reports (created_at DESC);
