import 'server-only';
import { findingsConfig } from '../findings/config';
import { runFindings, type Finding } from '../findings/rules';
import type { RunOptions } from '../engines/types';
import type { ResolvedRange } from '../search-params';
import { getStore } from './store';

/** Findings for a range, optionally for one key. */
export async function listFindings(r: ResolvedRange, f: { keyArn?: string | null } = {}, opts?: RunOptions) {
  const { engine } = await getStore();
  const res = await runFindings(engine, { from: r.from, to: r.to }, findingsConfig(), opts);
  const findings = f.keyArn ? res.findings.filter((x: Finding) => x.keyArn === f.keyArn) : res.findings;
  return { findings, errors: res.errors };
}
