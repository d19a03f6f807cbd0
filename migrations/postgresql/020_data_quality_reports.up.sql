-- The trading system's migration 020 (contracts.md §7, quality.md §3).
CREATE TABLE data_quality_reports (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    symbol VARCHAR(20) NOT NULL,
    period_start TIMESTAMP NOT NULL,
    period_end TIMESTAMP NOT NULL,
    missing_rate DECIMAL(5, 4) NOT NULL,
    anomaly_rate DECIMAL(5, 4) NOT NULL,
    sequence_gaps INTEGER NOT NULL DEFAULT 0,
    desynchronization_events INTEGER NOT NULL DEFAULT 0,
    anomaly_details JSONB,
    sequence_gap_details JSONB,
    recommendations TEXT[],
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    CONSTRAINT data_quality_reports_period_check CHECK (period_start < period_end),
    CONSTRAINT data_quality_reports_missing_rate_check CHECK (missing_rate >= 0 AND missing_rate <= 1),
    CONSTRAINT data_quality_reports_anomaly_rate_check CHECK (anomaly_rate >= 0 AND anomaly_rate <= 1),
    CONSTRAINT data_quality_reports_counts_check CHECK (sequence_gaps >= 0 AND desynchronization_events >= 0)
);
CREATE INDEX idx_data_quality_reports_symbol ON data_quality_reports (symbol);
CREATE INDEX idx_data_quality_reports_period ON data_quality_reports (period_start, period_end);
CREATE INDEX idx_data_quality_reports_created_at ON data_quality_reports (created_at DESC);
