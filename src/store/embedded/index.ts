/**
 * The embedded PostgreSQL: PGlite served over the wire protocol on a loopback socket, from a
 * thread of its own, with the session handling pglite-socket lacks (see README.md here for
 * why, and for how to remove it). Everything outside this folder uses only what this module exports.
 */
export { openEmbeddedDatabase, type EmbeddedDatabase } from './server.ts';
export { EmbeddedDatabaseIncompatibleError } from './upstream-mismatch.ts';
export { prepared, PreparingClient, PreparingQueueClient, type PreparedStatement } from './prepared-statements.ts';
