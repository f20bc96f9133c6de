"""The system area: backups, settings, first start."""
