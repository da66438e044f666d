/**
 * Files KeyTrail's processes create (the store, its write-ahead log, DuckDB's spill files, the
 * server's token file) are their owner's alone: they hold an account's KMS activity. Imported first
 * by each entry point (npm start, ingest, sample), for its effect; the Next server `npm start`
 * spawns inherits the umask.
 */
process.umask(0o077);
