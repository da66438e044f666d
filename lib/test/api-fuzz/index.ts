/**
 * The API fuzz harness both engines' fuzz tests share (app/api/fuzz.test.ts,
 * app/api/fuzz-athena.test.ts): the routes and their parameters, hostile
 * values, and an oracle for what the engine must receive.
 *
 * The oracle is independent of the query layer: what each `?` means comes
 * from the "Params (in order)" header of the .sql file (its documented
 * contract), and the expected value of each comes from the request URL, parsed
 * here by the documented rules (ISO dates in UTC, text trimmed, one value per
 * parameter). Only a key's resolution is taken from the engine's own answer to
 * resolve_key, since that is data, not input.
 */
export * from './query-files';
export * from './routes';
export * from './model';
export * from './oracle';
