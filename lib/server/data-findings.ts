import 'server-only';
import { findingsConfig } from '../findings/config';
import { runFindings, type Finding } from '../findings/rules';
import type { RunOptions } from '../engines/types';
import type { ResolvedRange } from '../search-params';
import { getStore } from './store';

/**
 * Findings run ten rules over every key; the overview, key pages and findings page all want
 * them for the same range, so one run serves every request for 30 seconds
 * (in-flight runs are shared too).
 */
const runs = new Map<string, { at: number; run: ReturnType<typeof runFindings> }>();
const TTL_MS = 30_000;

/** Findings for a range, optionally for one key. `fresh` bypasses the shared run: exports must record the queries they ran, for provenance. */
export async function listFindings(
  r: ResolvedRange,
  f: { keyArn?: string | null; principal?: string | null; fresh?: boolean } = {},
  opts?: RunOptions,
) {
  const { engine } = await getStore();
  const k = `${r.from.toISOString()}|${r.to.toISOString()}`;
  let hit = runs.get(k);
  if (f.fresh) hit = { at: Date.now(), run: runFindings(engine, { from: r.from, to: r.to }, findingsConfig(), opts) };
  else if (!hit || Date.now() - hit.at > TTL_MS) {
    if (runs.size > 100) runs.clear();
    // No caller's abort signal: the run is shared, and one reader leaving must not fail the others.
    hit = { at: Date.now(), run: runFindings(engine, { from: r.from, to: r.to }, findingsConfig()) };
    runs.set(k, hit);
    hit.run.catch(() => runs.delete(k));
  }
  const res = await hit.run;
  const findings = res.findings.filter(
    (x: Finding) => (!f.keyArn || x.keyArn === f.keyArn) && (!f.principal || x.principal === f.principal),
  );
  return { findings, errors: res.errors };
}
