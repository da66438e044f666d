/**
 * The orchestrator's side of bench/phase-twin.ts: the bare engine in a process of its own, on a
 * copy of the store, asked for one timed call at a time so they interleave with the HTTP calls.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Inputs } from './baselines';
import { removeStore, root } from './common';

export interface Twin {
  /** Runs the case's SQL once on the bare engine; its time in ms (measured in the twin, so IPC is not in it). */
  time: (caseName: string) => Promise<number>;
  stop: () => Promise<void>;
}

export async function startTwin(dbPath: string, inputs: Inputs): Promise<Twin> {
  const copy = `${dbPath}.twin`;
  removeStore(copy);
  // The store was closed (checkpointed) by the phase before, so the file alone is the whole store.
  fs.copyFileSync(dbPath, copy);
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'phase-twin.ts'), copy, JSON.stringify(inputs)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const lines = readline.createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const next = async (): Promise<{ ms?: number; error?: string; ready?: boolean }> => {
    const r = await lines.next();
    if (r.done) throw new Error(`bench/phase-twin.ts exited (${proc.exitCode ?? proc.signalCode})`);
    return JSON.parse(r.value) as { ms?: number; error?: string; ready?: boolean };
  };
  await next(); // {"ready":true}: the store is open
  let queue = Promise.resolve();
  const time = (caseName: string): Promise<number> => {
    // One request in flight at a time: replies come back in order.
    const p = queue.then(async () => {
      proc.stdin!.write(`${caseName}\n`);
      const r = await next();
      if (r.error !== undefined || r.ms === undefined) throw new Error(`twin: ${r.error ?? 'no time'}`);
      return r.ms;
    });
    queue = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  };
  const stop = async () => {
    proc.stdin!.end();
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
    removeStore(copy);
  };
  return { time, stop };
}
