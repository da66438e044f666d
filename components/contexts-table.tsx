import { principalHref } from '@/lib/api-schemas';
import { DrillLink } from '@/components/drill-link';
import { MoreRows } from '@/components/more-rows';
import { PhoneCell, phoneCards, phoneLabel } from '@/components/phone-label';
import { contextKind, contextPairs } from '@/lib/encryption-context';
import { fmtInt, fmtPct, fmtUtc, shortArn } from '@/lib/format';
import type { KeyNames } from '@/lib/key-names';
import type { ContextOrder } from '@/lib/queries/catalog/usage';
import { withQuery } from '@/lib/search-params';

export interface ContextRow {
  context: string;
  calls: number;
  errors: number;
  principals: number;
  principal: string | null;
  keys: number;
  keyArn: string | null;
  lastSeen: string;
  contexts: number;
  withContext: number;
  allCalls: number;
}

/** Rows listed before "Show all": a key's few busiest contexts, then the long tail (one S3 object each) on request. */
const ROWS_AT_FIRST = 10;

/** A context's pairs, one per line, key in grey: the caller wrote them, so React text only. */
export function ContextPairList({ pairs }: { pairs: [string, string][] }) {
  return pairs.map(([k, v], i) => (
    <div key={i} className="font-mono text-xs break-all">
      <span className="text-gray-500">{k}</span> = {v}
    </div>
  ));
}

/** One context as its pairs under the kind of data it names, else its text as stored. */
function Pairs({ text }: { text: string }) {
  const pairs = contextPairs(text);
  if (!pairs) return <span className="font-mono break-all">{text}</span>;
  const kind = contextKind(pairs);
  return (
    <>
      {kind && <div className="text-[11px] font-semibold tracking-wide text-gray-500 uppercase">{kind}</div>}
      <ContextPairList pairs={pairs} />
    </>
  );
}

/**
 * A key's or a principal's encryption contexts (encryption_contexts.sql): which data the calls
 * protected, each opening the calls that passed it, with the other side (who, on a key's page;
 * which key, on a principal's). The totals under it say how much of the use this covers.
 */
export function ContextsTable({
  rows,
  of,
  rq,
  keyNames,
  order = 'calls',
}: {
  rows: ContextRow[];
  of: { key: string } | { principal: string };
  rq: URLSearchParams;
  /** How the query ranked them, for the button's words when the list is cut. */
  order?: ContextOrder;
  /** Each key's current alias, on a principal's page. */
  keyNames?: KeyNames;
}) {
  const { contexts, withContext, allCalls } = rows[0];
  const filter = 'key' in of ? { key: of.key } : { principal: of.principal };
  const link = 'font-mono text-blue-700 hover:underline dark:text-blue-300';
  return (
    <div>
      {/* relative: the sr-only header label is positioned absolutely; without a positioned box here
          it escapes the scroll box and widens the whole page on a phone (so every table's box is). */}
      <div className="relative overflow-x-auto">
        <table className={`w-full text-sm ${phoneCards.table}`} data-testid="contexts-table">
          <thead className={phoneCards.head}>
            <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
              <th className="py-2 pr-3">Encryption context</th>
              <th className="py-2 pr-3 text-right">Calls</th>
              <th className="py-2 pr-3 text-right">Errors</th>
              <th className="py-2 pr-3">{'key' in of ? 'Principal' : 'Key'}</th>
              <th className="py-2 pr-3">Last seen</th>
              <th className="py-2">
                <span className="sr-only">Events</span>
              </th>
            </tr>
          </thead>
          <tbody className={phoneCards.body}>
            <MoreRows
              shown={ROWS_AT_FIRST}
              colSpan={6}
              // The query's limit may cut the list: then "all" would not be all of them.
              more={
                contexts > rows.length
                  ? `Show the ${fmtInt(rows.length)} ${order === 'recent' ? 'last seen' : 'most used'}`
                  : `Show all ${fmtInt(rows.length)} contexts`
              }
              rows={rows.map((r) => (
                <tr key={r.context} className={`border-b border-gray-100 align-top dark:border-gray-800 ${phoneCards.row}`}>
                  <td className={`max-w-[40rem] py-2 pr-3 text-xs ${phoneCards.line}`}>
                    <Pairs text={r.context} />
                  </td>
                  <PhoneCell label="Calls" className="text-right tabular-nums">
                    {fmtInt(r.calls)}
                  </PhoneCell>
                  <PhoneCell label="Errors" className="text-right tabular-nums">
                    {fmtInt(r.errors)} <span className="text-xs text-gray-500">({fmtPct(r.errors, r.calls)})</span>
                  </PhoneCell>
                  <td className="py-2 pr-3 text-xs">
                    {phoneLabel('key' in of ? 'Principal' : 'Key')}
                    {'key' in of ? (
                      r.principal ? (
                        <DrillLink className={link} href={principalHref(r.principal, rq)} title={r.principal}>
                          {shortArn(r.principal)}
                        </DrillLink>
                      ) : (
                        <span className="text-gray-500">{r.principals ? `${fmtInt(r.principals)} principals` : '—'}</span>
                      )
                    ) : r.keyArn ? (
                      <DrillLink className={link} href={withQuery(`/keys/${encodeURIComponent(r.keyArn)}`, rq)} title={r.keyArn}>
                        {keyNames?.get(r.keyArn) ?? shortArn(r.keyArn)}
                      </DrillLink>
                    ) : (
                      <span className="text-gray-500">{r.keys ? `${fmtInt(r.keys)} keys` : '—'}</span>
                    )}
                  </td>
                  <td className="py-2 pr-3 text-xs whitespace-nowrap" title={fmtUtc(r.lastSeen, true)}>
                    {phoneLabel('Last seen')}
                    {fmtUtc(r.lastSeen)}
                  </td>
                  <td className="py-2 text-xs">
                    <DrillLink className="underline" href={withQuery('/events', rq, { ...filter, context: r.context })}>
                      events
                    </DrillLink>
                  </td>
                </tr>
              ))}
            />
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-gray-500" data-testid="contexts-totals">
        {fmtInt(withContext)} of {fmtInt(allCalls)} {'key' in of ? 'calls to this key' : 'calls by this principal'} in this range passed an
        encryption context ({fmtPct(withContext, allCalls)});{' '}
        {contexts > rows.length
          ? `the ${fmtInt(rows.length)} ${order === 'recent' ? 'last seen' : 'most used'} of ${fmtInt(contexts)} distinct contexts are listed.`
          : `${fmtInt(contexts)} distinct ${contexts === 1 ? 'context' : 'contexts'}.`}{' '}
        KMS binds each ciphertext to its context, and CloudTrail logs the context, never the data.
      </p>
    </div>
  );
}
