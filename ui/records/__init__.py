"""Records the office keeps about its own work: the audit log, the recycle bin, the import history."""
