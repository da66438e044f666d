import { DrillLink } from '@/components/drill-link';
import { KeysSearch } from '@/lib/api-schemas';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { Empty, guarded, Panel } from '@/components/panel';
import { PhoneCell, phoneCards, phoneLabel } from '@/components/phone-label';
import { fmtDeletionDate, fmtInt, fmtPct, fmtUtc, shortArn } from '@/lib/format';
import { rotationSummary } from '@/lib/server/data-rotation';
import { badge, RotationSetting } from '@/components/rotation-setting';
import { pageSearch } from '@/lib/server/page-search';
import { rangeQuery, shownRangeQuery, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Rotation and lifecycle' };

export default async function RotationPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const ps = pageSearch(KeysSearch, await searchParams);
  return (
    <>
      <PageHeader
        title="Rotation and lifecycle"
        subtitle="What the logs prove about each key at the end of the range, and how it was used. Keys to act on come first."
        range={ps.range}
        evidencePack={ps.ok}
        buckets={false}
      />
      <PageBody search={ps}>
        {(search) => (
          <Panel title="Keys" testId="rotation-panel" exportAs="rotation" suspenseKey={rangeQuery(search).toString()}>
            <RotationPanel range={ps.range} rq={shownRangeQuery(search, ps.range)} />
          </Panel>
        )}
      </PageBody>
    </>
  );
}

async function RotationPanel({ range, rq }: { range: ResolvedRange; rq: URLSearchParams }) {
  return guarded(async () => {
    const { keys, notFoundKeys, overdueDays, previousComplete, previousToDate, rangeEndLogged } = await rotationSummary(range);
    // Named in the logs, yet KMS never found them: not keys of the account, but said, so none goes missing unexplained.
    const notFound = notFoundKeys.length > 0 && (
      <p className="mb-3 text-xs text-gray-600 dark:text-gray-300" data-testid="rotation-not-found">
        Not listed: {fmtInt(notFoundKeys.length)} key {notFoundKeys.length === 1 ? 'id' : 'ids'} that KMS answered NotFoundException every
        time the logs name {notFoundKeys.length === 1 ? 'it' : 'them'} (no such key: a mistyped or probed key id, or a key deleted before
        the logs begin):{' '}
        {notFoundKeys.map((arn, i) => (
          <span key={arn}>
            {i > 0 && ', '}
            <DrillLink className="font-mono underline" href={withQuery(`/keys/${encodeURIComponent(arn)}`, rq)}>
              {shortArn(arn)}
            </DrillLink>
          </span>
        ))}
        .
      </p>
    );
    if (!keys.length)
      return (
        <>
          {notFound}
          <Empty>No key appears in the logs before {fmtUtc(range.to)}: try a later range.</Empty>
        </>
      );
    const count = (f: (k: (typeof keys)[number]) => boolean) => keys.filter(f).length;
    const totalCalls = keys.reduce((a, k) => a + k.calls, 0);
    const prevCalls = keys.reduce((a, k) => a + k.previousCalls, 0);
    const deleted = count((k) => k.deleted);
    // Asymmetric, HMAC, imported or custom-key-store keys: rotation is no setting of theirs.
    const fixed = count((k) => !k.deleted && k.rotationSupported === false);
    // Rotation counts are of keys that still exist: a deleted key has nothing left to rotate.
    const stats = [
      [
        'Keys',
        `${fmtInt(keys.length)}${deleted || fixed ? ` (${[deleted && `${fmtInt(deleted)} deleted`, fixed && `${fmtInt(fixed)} cannot rotate automatically`].filter(Boolean).join(', ')})` : ''}`,
      ],
      ['Rotation on', fmtInt(count((k) => !k.deleted && k.rotationEnabled === true))],
      ['Rotation off', fmtInt(count((k) => !k.deleted && k.rotationEnabled === false))],
      ['No rotation evidence', fmtInt(count((k) => !k.deleted && k.rotationEnabled === null && k.rotationSupported !== false))],
      [`Overdue (> ${overdueDays} days)`, fmtInt(count((k) => k.overdue))],
      ['Unusable, still called', fmtInt(count((k) => k.stillUsed))],
      ['Unused in range', fmtInt(count((k) => k.unused))],
      [
        // Summed over the keys: calls that name no key are not in it (the overview's total has them),
        // and a ReEncrypt between two keys counts under both.
        previousToDate ? 'Calls naming a key, vs the same stretch of the previous period' : 'Calls naming a key, vs previous period',
        // A period the logs begin inside is no baseline: "+54400%" would be noise.
        `${fmtInt(totalCalls)} (${
          !previousComplete
            ? 'no earlier logs'
            : !rangeEndLogged
              ? 'the logs stop before the range ends'
              : prevCalls
                ? `${totalCalls >= prevCalls ? '+' : ''}${Math.round(((totalCalls - prevCalls) / prevCalls) * 100)}%`
                : 'none before'
        })`,
      ],
    ];
    return (
      <>
        <dl className="mb-4 grid grid-cols-2 gap-2 md:grid-cols-4" data-testid="rotation-stats">
          {stats.map(([l, v]) => (
            <div key={l} className="rounded border border-gray-200 p-2 dark:border-gray-800">
              <dt className="text-xs text-gray-500">{l}</dt>
              <dd className="text-lg font-semibold tabular-nums">{v}</dd>
            </div>
          ))}
        </dl>
        {notFound}
        <div className="relative overflow-x-auto">
          <table className={`w-full text-sm ${phoneCards.table}`} data-testid="rotation-table">
            <thead className={phoneCards.head}>
              <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
                <th className="py-2 pr-3">Key</th>
                <th className="py-2 pr-3">Automatic rotation</th>
                <th className="py-2 pr-3">Last rotation</th>
                <th className="py-2 pr-3 text-right">Days since</th>
                <th className="py-2 pr-3">State</th>
                <th className="py-2 pr-3 text-right">Calls (prev.)</th>
                <th className="py-2 pr-3 text-right">Principals</th>
                <th className="py-2 pr-3 text-right">Failure rate</th>
              </tr>
            </thead>
            <tbody className={phoneCards.body}>
              {keys.map((k) => (
                <tr key={k.keyArn} className={`border-b border-gray-100 align-top dark:border-gray-800 ${phoneCards.row}`}>
                  <td className={`max-w-xs py-2 pr-3 ${phoneCards.line}`}>
                    <DrillLink
                      className="text-blue-700 hover:underline dark:text-blue-300"
                      href={withQuery(`/keys/${encodeURIComponent(k.keyArn)}`, rq)}
                    >
                      {k.alias ?? shortArn(k.keyArn)}
                    </DrillLink>
                    <div className="truncate font-mono text-[10px] text-gray-500" title={k.keyArn}>
                      {k.keyArn}
                    </div>
                  </td>
                  <td className={`py-2 pr-3 text-xs ${phoneCards.line}`}>
                    {phoneLabel('Automatic rotation')}
                    <RotationSetting k={k} />
                  </td>
                  <PhoneCell label="Last rotation" className="text-xs">
                    {k.lastRotated ? `${fmtUtc(k.lastRotated)} (${k.lastRotationType})` : '—'}
                  </PhoneCell>
                  <PhoneCell label="Days since" className="text-right tabular-nums">
                    {k.deleted ? '—' : (k.daysSinceRotation ?? (k.ageDays !== null ? `${fmtInt(k.ageDays)} (never rotated)` : '—'))}{' '}
                    {k.overdue && badge('bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100', 'overdue')}
                  </PhoneCell>
                  <td className="py-2 pr-3 text-xs">
                    {k.deleted && badge('bg-gray-700 text-white dark:bg-gray-300 dark:text-gray-900', `deleted · ${fmtUtc(k.deletedAt)}`)}
                    {k.pendingImport &&
                      badge('bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100', 'pending import (no key material)')}
                    {k.pendingDeletion &&
                      badge(
                        'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
                        `pending deletion${k.deletionDate ? ` · ${fmtDeletionDate(k.deletionDate)}` : ''}`,
                      )}
                    {k.deletionDatePassed && (
                      // KMS deletes the key when the wait ends: gone, most likely, with its DeleteKey not in the logs.
                      <div className="mt-0.5 text-[10px] text-red-800 dark:text-red-200" data-testid="deletion-date-passed">
                        date passed with no DeleteKey logged: most likely deleted (a gap in the logs?)
                      </div>
                    )}
                    {k.disabled && badge('bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100', 'disabled')}
                    {k.materialExpires &&
                      // Imported material that expires: KMS deletes it then, and every call fails until a new import.
                      badge(
                        k.materialExpiresSoon
                          ? 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100'
                          : 'bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200',
                        `key material expires ${fmtUtc(k.materialExpires)}`,
                      )}
                    {k.stillUsed && badge('bg-red-600 text-white', 'still called')}
                    {k.unused && badge('bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200', 'unused')}
                  </td>
                  <PhoneCell label="Calls (prev.)" className="text-right tabular-nums">
                    {fmtInt(k.calls)} {/* A period the logs begin inside is no baseline: its partial count would mislead. */}
                    {previousComplete ? (
                      <span className="text-xs text-gray-500">({fmtInt(k.previousCalls)})</span>
                    ) : (
                      <span className="text-xs text-gray-400" title="The logs do not cover the previous period">
                        (—)
                      </span>
                    )}
                  </PhoneCell>
                  <PhoneCell label="Principals" className="text-right tabular-nums">
                    {fmtInt(k.principals)}
                  </PhoneCell>
                  <PhoneCell label="Failure rate" className="text-right tabular-nums">
                    {fmtPct(k.errors, k.calls)}
                  </PhoneCell>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  });
}
