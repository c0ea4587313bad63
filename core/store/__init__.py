"""The SQLite store and what keeps it safe: the schema ladder, backups and their order, the restore journal,
the database health check, leftovers of interrupted writes and the data folder."""
