DROP TABLE feature_registry_versions;
