import { FindingsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyRef } from '@/lib/server/data';
import { listFindings } from '@/lib/server/data-findings';
import { parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/findings?from&to[&key&principal&severity&rule] → { findings: [{ rule, severity, keyArn, principal,
 * firstSeen, lastSeen, count, explanation, evidence }], errors }. `evidence` is the /api/events
 * filter that returns exactly the events behind the finding.
 */
export const GET = getHandler(async (search, _params, signal) => {
  const s = parseSearch(FindingsSearch, search);
  const range = resolveRange(s);
  const keyArn = s.key ? await resolveKeyRef(s.key, { signal }) : null;
  const res = await listFindings(range, { keyArn, principal: s.principal }, { signal });
  const findings = res.findings.filter((f) => (!s.severity || f.severity === s.severity) && (!s.rule || f.rule === s.rule));
  return { from: range.from, to: range.to, findings, errors: res.errors };
});
