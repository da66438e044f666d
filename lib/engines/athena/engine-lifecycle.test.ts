import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AthenaSettings } from './database';
import { athena, fakeClock, starts, state as athenaState, stops, testEngine, tick } from './test-support';

/** Around the protocol: timeout, abort, the result cache, shared executions, the concurrency cap. */
// Each sleep also yields one macrotask so a test can act while a query "runs".
let clock = fakeClock({ yieldOnSleep: true });
const engine = (s: Partial<AthenaSettings> = {}) => testEngine(clock.deps, { ATHENA_OUTPUT_LOCATION: undefined, ...s });
const state = (State: QueryExecutionState) => athenaState(State, {}, { bytes: 4096 });
const oneRow = {
  ResultSet: {
    ResultSetMetadata: { ColumnInfo: [{ Name: 'n', Type: 'integer' }] },
    Rows: [{ Data: [{ VarCharValue: 'n' }] }, { Data: [{ VarCharValue: '1' }] }],
  },
};
/** Keeps every query RUNNING until `finish()`. */
let running = true;
const finish = () => void (running = false);

beforeEach(() => {
  athena.reset();
  clock = fakeClock({ yieldOnSleep: true });
  running = true;
  let n = 0;
  athena.on(StartQueryExecutionCommand).callsFake(async () => ({ QueryExecutionId: `q-${++n}` }));
  athena.on(GetQueryExecutionCommand).callsFake(async () => state(running ? 'RUNNING' : 'SUCCEEDED'));
  athena.on(GetQueryResultsCommand).resolves(oneRow);
  athena.on(StopQueryExecutionCommand).resolves({});
});

describe('timeout and cancellation', () => {
  it('stops a query that runs past KEYTRAIL_QUERY_TIMEOUT, without sleeping past it', async () => {
    await expect(engine({ KEYTRAIL_QUERY_TIMEOUT: 5 }).run('SELECT 1', [])).rejects.toMatchObject({
      kind: 'timeout',
      detail: { setting: 'KEYTRAIL_QUERY_TIMEOUT', queryExecutionId: 'q-1' },
    });
    expect(stops()).toEqual(['q-1']);
    expect(clock.ms).toBe(5000);
  });

  it('stops the query when the request is aborted', async () => {
    const ac = new AbortController();
    const run = engine().run('SELECT 1', [], { signal: ac.signal });
    await tick();
    await tick();
    ac.abort();
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
    for (let i = 0; i < 5 && !stops().length; i++) await tick();
    expect(stops()).toEqual(['q-1']);
  });

  it('starts nothing for a request aborted before it runs', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(engine().run('SELECT 1', [], { signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(starts()).toBe(0);
  });

  it('keeps a shared execution running while anyone still waits, and stops it when the last one leaves', async () => {
    const e = engine();
    const a = new AbortController();
    const b = new AbortController();
    const ra = e.run('SELECT 1', [], { signal: a.signal });
    const rb = e.run('SELECT 1', [], { signal: b.signal });
    await tick();
    a.abort();
    await expect(ra).rejects.toMatchObject({ kind: 'cancelled' });
    await tick();
    await tick();
    expect(stops()).toEqual([]);
    b.abort();
    await expect(rb).rejects.toMatchObject({ kind: 'cancelled' });
    for (let i = 0; i < 5 && !stops().length; i++) await tick();
    expect(stops()).toEqual(['q-1']);
    expect(starts()).toBe(1);
  });

  it('lets the remaining waiter have the result after another gave up', async () => {
    const e = engine();
    const a = new AbortController();
    const ra = e.run('SELECT 1', [], { signal: a.signal });
    const rb = e.run('SELECT 1', []);
    await tick();
    a.abort();
    await expect(ra).rejects.toMatchObject({ kind: 'cancelled' });
    finish();
    expect((await rb).rows).toEqual([{ n: 1 }]);
    expect(stops()).toEqual([]);
  });

  it('a request after everyone left starts afresh instead of joining the stopped execution', async () => {
    const e = engine();
    const a = new AbortController();
    const ra = e.run('SELECT 1', [], { signal: a.signal });
    await tick();
    a.abort();
    await expect(ra).rejects.toMatchObject({ kind: 'cancelled' });
    finish();
    expect((await e.run('SELECT 1', [])).rows).toEqual([{ n: 1 }]);
    expect(starts()).toBe(2);
    for (let i = 0; i < 5 && !stops().length; i++) await tick();
    expect(stops()).toEqual(['q-1']); // the abandoned one, not the fresh one
  });

  it('stops the query when polling gives up (throttled to the end), since it would still scan and cost', async () => {
    athena.on(GetQueryExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'throttled' });
    expect(stops()).toEqual(['q-1']);
  });

  it('does not stop a query Athena already finished', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'boom' } } });
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'internal' });
    expect(stops()).toEqual([]);
  });
});

describe('no repeats', () => {
  it('answers a repeat from the cache without starting a query, at no cost', async () => {
    finish();
    const e = engine();
    const first = await e.run('SELECT 1 WHERE a = ?', ['x']);
    expect(first.stats).toMatchObject({ dataScannedBytes: 4096, reusedResult: false, queryExecutionId: 'q-1' });
    const again = await e.run('SELECT 1 WHERE a = ?', ['x']);
    expect(again.rows).toEqual(first.rows);
    expect(again.stats).toMatchObject({ dataScannedBytes: 0, reusedResult: true, queryExecutionId: 'q-1' });
    expect(starts()).toBe(1);
    // Different parameters, or the same value with another type, are other queries.
    await e.run('SELECT 1 WHERE a = ?', ['y']);
    await e.run('SELECT 1 WHERE a = ?', ['1']);
    await e.run('SELECT 1 WHERE a = ?', [1]);
    expect(starts()).toBe(4);
  });

  it('forgets a result after ATHENA_CACHE_SECONDS', async () => {
    finish();
    const e = engine({ ATHENA_CACHE_SECONDS: 30 });
    await e.run('SELECT 1', []);
    clock.ms += 29_999;
    await e.run('SELECT 1', []);
    expect(starts()).toBe(1);
    clock.ms += 1;
    await e.run('SELECT 1', []);
    expect(starts()).toBe(2);
  });

  it('caches nothing with ATHENA_CACHE_SECONDS=0', async () => {
    finish();
    const e = engine({ ATHENA_CACHE_SECONDS: 0 });
    await e.run('SELECT 1', []);
    await e.run('SELECT 1', []);
    expect(starts()).toBe(2);
  });

  it('shares one execution between concurrent identical requests; only the first pays', async () => {
    const e = engine({ ATHENA_CACHE_SECONDS: 0 });
    const runs = Array.from({ length: 5 }, () => e.run('SELECT 1 WHERE a = ?', ['x']));
    await tick();
    finish();
    const rs = await Promise.all(runs);
    expect(rs.every((r) => r.rows[0].n === 1 && r.stats.queryExecutionId === 'q-1')).toBe(true);
    expect(rs.map((r) => r.stats.dataScannedBytes)).toEqual([4096, 0, 0, 0, 0]);
    expect(starts()).toBe(1);
  });
});

describe('concurrency cap', () => {
  it('runs at most ATHENA_MAX_CONCURRENT executions at once and queues the rest', async () => {
    let active = 0;
    let peak = 0;
    athena.on(StartQueryExecutionCommand).callsFake(async () => {
      peak = Math.max(peak, ++active);
      return { QueryExecutionId: `q-${starts()}` };
    });
    let polls = 0;
    athena.on(GetQueryExecutionCommand).callsFake(async () => state(++polls % 3 === 0 ? 'SUCCEEDED' : 'RUNNING'));
    athena.on(GetQueryResultsCommand).callsFake(async () => {
      active--;
      return oneRow;
    });
    const e = engine({ ATHENA_MAX_CONCURRENT: 2 });
    const rs = await Promise.all(Array.from({ length: 7 }, (_, i) => e.run(`SELECT ${i}`, [])));
    expect(rs).toHaveLength(7);
    expect(starts()).toBe(7);
    expect(peak).toBe(2);
  });

  it('a request aborted while queued never starts', async () => {
    const e = engine({ ATHENA_MAX_CONCURRENT: 1 });
    const first = e.run('SELECT 1', []);
    const ac = new AbortController();
    const queued = e.run('SELECT 2', [], { signal: ac.signal });
    await tick();
    ac.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'cancelled' });
    finish();
    await first;
    await tick();
    expect(starts()).toBe(1);
  });
});
