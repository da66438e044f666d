import { DrillLink } from '@/components/drill-link';
import { listFindings } from '@/lib/server/data-findings';
import { withQuery, type ResolvedRange } from '@/lib/search-params';
import { guarded } from './panel';

/** The summary is a page's slowest panel (every rule over every key): its loading state says why. */
export const FINDINGS_LOADING = 'Checking every finding rule over every key…';

/** "N findings: x high, y medium, z low", linked to the findings page with the same range (and key or principal). */
export async function FindingsSummary({
  range,
  rq,
  keyArn,
  principal,
}: {
  range: ResolvedRange;
  rq: URLSearchParams;
  keyArn?: string;
  principal?: string;
}) {
  return guarded(async () => {
    const { findings } = await listFindings(range, { keyArn, principal });
    const n = (s: string) => findings.filter((f) => f.severity === s).length;
    const of = { key: keyArn, principal };
    const href = withQuery('/findings', rq, of);
    if (!findings.length)
      return (
        <p className="text-sm text-gray-500" data-testid="findings-summary">
          No findings in this range.
        </p>
      );
    return (
      <p className="text-sm" data-testid="findings-summary">
        <DrillLink className="font-semibold text-blue-700 underline dark:text-blue-300" href={href}>
          {findings.length} finding{findings.length === 1 ? '' : 's'}
        </DrillLink>
        :{' '}
        {[
          ['high', 'text-red-700 dark:text-red-300'],
          ['medium', 'text-amber-700 dark:text-amber-300'],
          ['low', 'text-gray-600 dark:text-gray-400'],
        ].map(([s, c], i) => (
          <span key={s}>
            {i ? ', ' : ''}
            <DrillLink className={`${c} hover:underline`} href={withQuery('/findings', rq, { ...of, severity: s })}>
              {n(s)} {s}
            </DrillLink>
          </span>
        ))}
      </p>
    );
  });
}
