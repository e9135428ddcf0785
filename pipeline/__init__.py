"""Turn parsed report pages into canonical data: schema, normalizer, checks, storage."""
