import { DrillLink } from '@/components/drill-link';
import { KeysSearch, NOT_REPORT_FILTERS } from '@/lib/api-schemas';
import { FindingsTable } from '@/components/findings-table';
import { KpiCards, kpiFigures } from '@/components/kpi-cards';
import { PageBody } from '@/components/page-body';
import { PanelError } from '@/components/panel';
import { PrintButton } from '@/components/print-button';
import { distinctArnLabels, fmtInt, fmtPct, fmtUtc, shortArn } from '@/lib/format';
import { kpisWithPrevious, listKeys, PRINCIPALS_LISTED, topPrincipals } from '@/lib/server/data';
import { dataSource } from '@/lib/server/data-source';
import { failuresByDay } from '@/lib/server/data-failures';
import { listFindings } from '@/lib/server/data-findings';
import { lifecycleChanges, rotationSummary } from '@/lib/server/data-rotation';
import { sharedRotationNote } from '@/lib/rotation-support';
import { pageSearch, panelMessage } from '@/lib/server/page-search';
import { rangeQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';
import type { z } from 'zod';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';
/** The title names the period: it is the PDF's title, and a saved page's name. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const ps = pageSearch(KeysSearch, await searchParams);
  const { from, to } = ps.ok ? ps.range : { from: null, to: null };
  // A preset ends at the next whole minute: "now", as the report's own header says.
  const end = to && (to > new Date() ? 'now' : fmtUtc(to, seconds(to)));
  return { title: from && end ? `Report ${fmtUtc(from, seconds(from))} → ${end}` : 'Report' };
}

/** A period given to the second shows its seconds: evidence must not round its own bounds. */
const seconds = (d: Date) => d.getUTCSeconds() !== 0 || d.getUTCMilliseconds() !== 0;

/** How many keys the report lists: the busiest; the keys export has them all. */
const TOP_KEYS = 15;

/** A multi-Region replica's rotation is its primary's: where it was set, in parentheses, or nothing. */
const sharedNote = (k: { keyArn: string; rotationEvidenceKeyArn: string | null; rotationEvidence: string | null }) => {
  const note = sharedRotationNote(k.keyArn, k.rotationEvidenceKeyArn, k.rotationEvidence);
  return note ? ` (${note})` : '';
};

/** A printable report for a range: one document an auditor or manager can hand on. */
export default async function ReportPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const raw = await searchParams;
  const ps = pageSearch(KeysSearch, raw);
  const ignored = NOT_REPORT_FILTERS.filter((f) => raw[f] !== undefined);
  return (
    <>
      {ignored.length > 0 && (
        <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 print:hidden">
          The report covers every key and principal: the link&rsquo;s {ignored.map((f) => `${f}=`).join(' and ')} filter is not applied. A
          key&rsquo;s or a principal&rsquo;s own page exports its panels.
        </p>
      )}
      {/* The report's own title, for a URL it cannot answer (the report has no range picker: the main menu carries the range). */}
      {!ps.ok && <h1 className="mb-4 text-2xl font-semibold">KMS key usage report</h1>}
      <PageBody search={ps}>{(search) => <Report search={search} range={ps.range} />}</PageBody>
    </>
  );
}

async function Report({ search, range: r }: { search: z.output<typeof KeysSearch>; range: ResolvedRange }) {
  let data;
  try {
    const [kpis, keys, principals, rotation, findings, failures, changes, source] = await Promise.all([
      kpisWithPrevious(null, r),
      listKeys(r),
      topPrincipals(null, r, 10),
      rotationSummary(r),
      listFindings(r),
      failuresByDay(null, r),
      lifecycleChanges(r),
      dataSource(),
    ]);
    data = {
      kpis,
      keys: keys.rows,
      principals: principals.rows,
      rotation,
      findings: findings.findings,
      findingErrors: findings.errors,
      failures: failures.rows,
      changes,
      source,
    };
  } catch (e) {
    return <PanelError error={panelMessage(e)} />;
  }
  const generated = new Date();
  const aliases = new Map(data.keys.map((k) => [k.keyArn, k.alias]));
  // Counted by the query past its limit of 10 (top_principals): the principals behind the whole list.
  const principalsInAll = data.principals[0]?.principalsInAll ?? 0;
  // Key ids KMS never found: not in the rotation figures, and marked so among the top keys.
  const noSuchKey = new Set(data.rotation.notFoundKeys);
  const rot = data.rotation.keys;
  // Rotation compliance is of keys that still exist: a deleted key has nothing left to rotate.
  const live = rot.filter((k) => !k.deleted);
  for (const k of rot) if (k.alias && !aliases.get(k.keyArn)) aliases.set(k.keyArn, k.alias);
  // Evidence must not show two keys (one alias in two regions) or two roles (one name in two
  // accounts) under the same name.
  const keyName = distinctArnLabels(
    [...data.keys.map((k) => k.keyArn), ...rot.map((k) => k.keyArn), ...data.changes.flatMap((c) => (c.keyArn ? [c.keyArn] : []))],
    (a) => aliases.get(a) ?? shortArn(a),
  );
  const principalName = distinctArnLabels(
    data.changes.flatMap((c) => (c.principal ? [c.principal] : [])),
    shortArn,
  );
  const h2 = 'mt-8 mb-2 text-lg font-semibold break-after-avoid';
  const th = 'py-1 pr-3 text-left text-xs text-gray-500';
  const td = 'py-1 pr-3 text-sm';
  const pdfHref = `/api/report/pdf?${rangeQuery(search)}`;
  return (
    <article
      className="report mx-auto max-w-5xl bg-white p-6 text-gray-900 print:p-0"
      data-testid="report"
      data-generated={generated.toISOString()}
    >
      <div className="mb-4 flex gap-2 print:hidden">
        <a className="rounded bg-blue-600 px-3 py-1 text-sm text-white" href={pdfHref} data-testid="download-pdf">
          Download PDF
        </a>
        <PrintButton />
        <DrillLink className="px-3 py-1 text-sm underline" href={`/?${rangeQuery(search)}`}>
          Back to the dashboard
        </DrillLink>
      </div>
      <header>
        <h1 className="text-2xl font-semibold">KMS key usage report</h1>
        <p className="text-sm text-gray-600">
          {/* A preset ends at the next whole minute: the report says "now", not a time after it was made. */}
          {fmtUtc(r.from, seconds(r.from))} → {r.to > generated ? `now, ${fmtUtc(generated, true)}` : fmtUtc(r.to, seconds(r.to))} ·
          generated {fmtUtc(generated, true)} by KeyTrail {pkg.version} · source: {data.source.label}
        </p>
        {/* The dashboard's sample banner is not printed: the sample says it is one on paper too. */}
        {data.source.sample && (
          <p className="mt-2 border border-amber-400 px-2 py-1 text-sm font-semibold text-amber-900" data-testid="report-sample">
            Sample data: these keys, principals and calls are invented by KeyTrail. This is not evidence about any AWS account.
          </p>
        )}
      </header>

      <h2 className={h2}>Summary</h2>
      <KpiCards {...kpiFigures(data.kpis)} paper />

      <h2 className={h2}>Rotation compliance</h2>
      <p className="text-sm">
        {fmtInt(live.length)} keys{live.length < rot.length ? ` (and ${fmtInt(rot.length - live.length)} deleted)` : ''}:{' '}
        {fmtInt(live.filter((k) => k.rotationEnabled).length)} with automatic rotation on,{' '}
        {fmtInt(live.filter((k) => k.rotationEnabled === false).length)} off,{' '}
        {fmtInt(live.filter((k) => k.rotationEnabled === null && k.rotationSupported !== false).length)} with no evidence in the logs,{' '}
        {fmtInt(live.filter((k) => k.rotationSupported === false).length)} that cannot rotate automatically (asymmetric, HMAC, imported key
        material or a custom key store); {fmtInt(rot.filter((k) => k.overdue).length)} overdue (more than {data.rotation.overdueDays} days);{' '}
        {fmtInt(rot.filter((k) => k.stillUsed).length)} unusable (disabled, deleting, deleted or without key material) yet still called;{' '}
        {fmtInt(rot.filter((k) => k.unused).length)} unused.
        {data.rotation.notFoundKeys.length > 0 &&
          ` Not counted: ${fmtInt(data.rotation.notFoundKeys.length)} key ${data.rotation.notFoundKeys.length === 1 ? 'id' : 'ids'} the logs name that KMS answered NotFoundException every time (no such key).`}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full">
          <thead>
            <tr>
              <th className={th}>Key</th>
              <th className={th}>Rotation</th>
              <th className={th}>Last rotation</th>
              <th className={th}>State</th>
              <th className={th}>Calls</th>
            </tr>
          </thead>
          <tbody>
            {rot.map((k) => (
              <tr key={k.keyArn} className="break-inside-avoid border-t border-gray-100">
                <td className={td}>{keyName.get(k.keyArn)}</td>
                <td className={td}>
                  {k.deleted
                    ? 'n/a (deleted)'
                    : k.rotationSupported === false
                      ? `n/a: ${k.rotationUnsupportedReason}`
                      : k.rotationEnabled === null
                        ? 'unknown'
                        : `${k.rotationEnabled ? (k.awsManaged ? 'on (AWS managed, yearly)' : 'on') : 'off'}${sharedNote(k)}`}
                </td>
                <td className={td}>
                  {k.lastRotated ? `${fmtUtc(k.lastRotated)} (${k.lastRotationType})` : '—'}
                  {k.overdue ? ' · overdue' : ''}
                </td>
                <td className={td}>
                  {[
                    k.deleted && `deleted ${fmtUtc(k.deletedAt)}`,
                    k.pendingImport && 'pending import',
                    k.materialExpires && `key material expires ${fmtUtc(k.materialExpires)}`,
                    k.pendingDeletion &&
                      (k.deletionDatePassed ? 'pending deletion, date passed (no DeleteKey logged)' : 'pending deletion'),
                    k.disabled && 'disabled',
                    k.stillUsed && 'still called',
                    k.unused && 'unused',
                  ]
                    .filter(Boolean)
                    .join(', ') || 'enabled'}
                </td>
                <td className={td}>{fmtInt(k.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className={`${h2} break-before-page`}>Lifecycle changes in the range</h2>
      {data.changes.length ? (
        <div className="relative overflow-x-auto">
          <table className="w-full">
            <thead>
              <tr>
                <th className={th}>When (UTC)</th>
                <th className={th}>Change</th>
                <th className={th}>Key</th>
                <th className={th}>By</th>
              </tr>
            </thead>
            <tbody>
              {data.changes.map((c) => (
                <tr key={c.eventId ?? `${c.keyArn}|${c.eventName}|${c.principal}`} className="break-inside-avoid border-t border-gray-100">
                  <td className={td}>
                    {fmtUtc(c.eventTime)}
                    {c.eventId === null && ` → ${fmtUtc(c.lastTime)}`}
                  </td>
                  <td className={td}>
                    {/* Grants a service made or retired for its own work: one row for all of them. */}
                    {c.eventId === null ? `${fmtInt(c.events)} × ${c.eventName} (an AWS service's own grants)` : c.eventName}
                    {c.errorCode ? ` (failed: ${c.errorCode})` : ''}
                  </td>
                  <td className={td}>{c.keyArn ? keyName.get(c.keyArn) : '—'}</td>
                  <td className={`${td} font-mono text-xs`}>{c.principal ? principalName.get(c.principal) : shortArn(null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-gray-500">None.</p>
      )}

      <h2 className={h2}>Top keys</h2>
      {/* Evidence says what it leaves out: the full list is the keys export. */}
      {data.keys.length > TOP_KEYS && (
        <p className="text-sm text-gray-600" data-testid="report-keys-shown">
          The {TOP_KEYS} busiest of {fmtInt(data.keys.length)} keys used in the period; the dashboard&rsquo;s keys export lists them all.
        </p>
      )}
      <div className="relative overflow-x-auto">
        <table className="w-full">
          <thead>
            <tr>
              <th className={th}>Key</th>
              <th className={th}>Calls</th>
              <th className={th}>Error rate</th>
              <th className={th}>Principals</th>
            </tr>
          </thead>
          <tbody>
            {data.keys.slice(0, TOP_KEYS).map((k) => (
              <tr key={k.keyArn} className="break-inside-avoid border-t border-gray-100">
                <td className={td}>
                  {keyName.get(k.keyArn)}
                  {noSuchKey.has(k.keyArn) && ' (no such key: KMS answered NotFoundException every time)'}
                </td>
                <td className={td}>{fmtInt(k.calls)}</td>
                <td className={td}>{fmtPct(k.errors, k.calls)}</td>
                <td className={td}>{fmtInt(k.principals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className={h2}>Top principals</h2>
      {principalsInAll > data.principals.length && (
        <p className="text-sm text-gray-600" data-testid="report-principals-shown">
          The {fmtInt(data.principals.length)} busiest of {fmtInt(principalsInAll)} principals; the top principals export lists{' '}
          {principalsInAll > PRINCIPALS_LISTED ? `the ${fmtInt(PRINCIPALS_LISTED)} busiest, and the events export every call` : 'them all'}.
        </p>
      )}
      <div className="relative overflow-x-auto">
        <table className="w-full">
          <thead>
            <tr>
              <th className={th}>Principal</th>
              <th className={th}>Calls</th>
              <th className={th}>Failed</th>
            </tr>
          </thead>
          <tbody>
            {data.principals.map((p) => (
              <tr key={p.principal} className="break-inside-avoid border-t border-gray-100">
                <td className={`${td} font-mono text-xs`}>{p.principal}</td>
                <td className={td}>{fmtInt(p.calls)}</td>
                <td className={td}>
                  {fmtInt(p.errors)} ({fmtPct(p.errors, p.calls)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className={`${h2} break-before-page`}>Failures by day and error code</h2>
      {data.failures.length ? (
        <div className="relative overflow-x-auto">
          <table className="w-full">
            <thead>
              <tr>
                <th className={th}>Day (UTC)</th>
                <th className={th}>Error code</th>
                <th className={th}>Failed calls</th>
              </tr>
            </thead>
            <tbody>
              {data.failures.map((f) => (
                <tr key={`${f.day}|${f.errorCode}`} className="break-inside-avoid border-t border-gray-100">
                  <td className={td}>{f.day.slice(0, 10)}</td>
                  <td className={td}>{f.errorCode}</td>
                  <td className={td}>{fmtInt(f.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-gray-500">No failed calls.</p>
      )}

      <h2 className={h2}>Findings</h2>
      {/* A rule that could not run leaves its findings out: the report says so rather than "None". */}
      {data.findingErrors.map((e) => (
        <p key={e.rule} role="alert" className="mb-2 text-sm text-red-700" data-testid="report-finding-error">
          Incomplete: the rule &ldquo;{e.rule}&rdquo; could not run ({e.error}); its findings are not in this report.
        </p>
      ))}
      {data.findings.length ? (
        <FindingsTable findings={data.findings} aliases={aliases} stacked />
      ) : (
        <p className="text-sm text-gray-500">{data.findingErrors.length ? 'None from the rules that ran.' : 'None.'}</p>
      )}
    </article>
  );
}
