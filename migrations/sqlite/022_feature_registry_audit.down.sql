DROP TABLE feature_registry_audit;
