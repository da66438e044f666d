/**
 * Bench phase, the bare engine timed call by call beside the HTTP runs: the store's byte copy
 * opened as the server opens its own (a DuckDB file is locked to one process), each API case's
 * SQL run on request. The orchestrator alternates one call here with one HTTP call, so both see
 * the machine in the same moment: on this shared 2-core machine the same 30 ms query drifts
 * 27–45 ms from minute to minute, more than the 25% the ratio target allows.
 * Protocol: a case name per line on stdin; one JSON line back, `{"ms": …}` or `{"error": …}`.
 *   phase-twin.ts <db copy> <inputs JSON>
 */
import readline from 'node:readline';
import { Database } from '../lib/engines/duckdb/database';
import { createDuckdbEngine } from '../lib/engines/duckdb/engine';
import { API_CASES, type Inputs } from './baselines';

async function main(): Promise<void> {
  const [dbPath, inputsJson] = process.argv.slice(2);
  const inputs = JSON.parse(inputsJson) as Inputs;
  const db = await Database.open(dbPath);
  const e = createDuckdbEngine(db);
  const cases = new Map(API_CASES.map((c) => [c.name, c]));
  process.stdout.write('{"ready":true}\n');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const c = cases.get(line.trim());
    if (!c) {
      process.stdout.write(`${JSON.stringify({ error: `no case "${line.trim()}"` })}\n`);
      continue;
    }
    const t = performance.now();
    await c.bare(e, inputs);
    process.stdout.write(`${JSON.stringify({ ms: performance.now() - t })}\n`);
  }
  db.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
