DROP TABLE data_quality_reports;
