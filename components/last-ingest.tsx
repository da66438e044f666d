import { guarded } from '@/components/panel';
import { fmtInt, fmtUtc } from '@/lib/format';
import { lastIngest } from '@/lib/server/data-health';

/**
 * The last ingest's own account of itself: what it read, skipped and dropped, and every file it
 * could not load with the reason. Those files are tried again by every ingest until they load.
 */
export async function LastIngestPanel() {
  return guarded(async () => {
    const r = await lastIngest();
    if (r.engine === 'athena')
      return <p className="text-sm text-gray-500">Athena reads the trail in S3 directly: there is no local ingest.</p>;
    const l = r.last;
    if (!l) return <p className="text-sm text-gray-500">No ingest has read any file into this store yet.</p>;
    const skipped = Object.entries(l.skipped);
    const facts: [string, string][] = [
      ['Finished', fmtUtc(l.finishedAt, true)],
      ['Files read', `${fmtInt(l.filesRead)} of ${fmtInt(l.filesFound)} found (${fmtInt(l.filesUnchanged)} already read)`],
      ['Records', `${fmtInt(l.records)} (${fmtInt(l.kmsRecords)} KMS)`],
      ['KMS events added', fmtInt(l.eventsAdded)],
      // Re-deliveries, and the events of a file read again (rewritten in place, or its folder moved).
      ['Already stored (dropped)', fmtInt(l.duplicatesDropped)],
      ...(l.copiesSkipped
        ? [['Copies of calls counted once (VPC endpoint, cross-account)', fmtInt(l.copiesSkipped)] as [string, string]]
        : []),
      ...(l.replacedByCorrections
        ? [['Records replaced by CloudTrail’s corrected record of the call', fmtInt(l.replacedByCorrections)] as [string, string]]
        : []),
      ...(l.untimedRecords
        ? [['KMS records with an unreadable eventTime (stored; in no chart or time filter)', fmtInt(l.untimedRecords)] as [string, string]]
        : []),
      ...skipped.map(([why, n]) => [`Skipped: ${why}`, fmtInt(n)] as [string, string]),
      ['Took', `${(l.elapsedMs / 1000).toFixed(1)} s`],
    ];
    return (
      <div className="grid gap-3 text-sm" data-testid="last-ingest">
        {/* On a phone each label sits above its value; wider, labels take at most half the width
            (a long one wraps) so no value is pushed out of the card. */}
        <dl className="grid grid-cols-1 gap-x-4 sm:grid-cols-[fit-content(50%)_minmax(0,1fr)] sm:gap-y-1">
          {facts.map(([k, v], i) => (
            <div key={k} className="contents">
              <dt className={`min-w-0 break-words text-gray-500 ${i ? 'mt-2 sm:mt-0' : ''}`}>{k}</dt>
              <dd className="min-w-0 break-words tabular-nums">{v}</dd>
            </div>
          ))}
          <dt className="mt-2 min-w-0 text-gray-500 sm:mt-0">From</dt>
          <dd className="min-w-0 font-mono text-xs break-all">{l.inputs.join(', ')}</dd>
        </dl>
        {l.errorsTotal ? (
          <div
            role="alert"
            className="rounded border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
          >
            <p className="font-semibold">
              {fmtInt(l.errorsTotal)} file(s) could not be loaded; every other file was. Each ingest tries them again.
            </p>
            <ul className="mt-2 grid gap-1" data-testid="ingest-errors">
              {l.errors.map((e) => (
                <li key={e.path}>
                  <span className="font-mono text-xs break-all">{e.path}</span>: {e.reason}
                </li>
              ))}
            </ul>
            {l.errorsTotal > l.errors.length && (
              <p className="mt-1">… and {fmtInt(l.errorsTotal - l.errors.length)} more (the ingest's output lists all).</p>
            )}
          </div>
        ) : (
          <p className="text-gray-500">Every file it read loaded.</p>
        )}
      </div>
    );
  });
}
