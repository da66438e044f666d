'use client';

import { DrillLink } from '@/components/drill-link';
import { phoneCards, phoneLabel } from '@/components/phone-label';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { fmtDeletionDate, fmtInt, fmtPct, fmtUtc } from '@/lib/format';
import { filterKeys } from '@/lib/keys-filter';
import { NO_SUCH_KEY } from '@/lib/not-found-help';

export interface KeyRow {
  keyArn: string;
  alias: string | null;
  aliases: string | null;
  accountId: string;
  region: string;
  calls: number;
  errors: number;
  principals: number;
  lastUsed: string;
  /** Calls KMS answered NotFoundException (all of them: there may be no such key). */
  notFound?: number;
  rotationEnabled?: boolean | null;
  disabled?: boolean;
  pendingDeletion?: boolean;
  deletionDate?: string | null;
  pendingImport?: boolean;
  deleted?: boolean;
  deletedAt?: string | null;
}

/** State badges from the logs: a key pending deletion or disabled that is still called needs a look. */
function Badges({ r }: { r: KeyRow }) {
  const b = 'ml-1 inline-block rounded px-1.5 py-0.5 text-[10px] font-medium';
  // A deleted key has no other state, and its rotation is no longer a finding.
  if (r.deleted)
    return (
      <span
        className={`${b} bg-gray-700 text-white dark:bg-gray-300 dark:text-gray-900`}
        title={r.deletedAt ? `Deleted ${fmtUtc(r.deletedAt)}` : undefined}
      >
        deleted
      </span>
    );
  // Every call got NotFoundException and nothing says the key ever existed: a mistyped or probed key
  // id (AWS's documentation example, a guess), or a key deleted before the logs begin.
  if (r.notFound && r.notFound === r.calls && r.rotationEnabled == null && !r.disabled && !r.pendingDeletion)
    return (
      <span
        className={`${b} bg-gray-200 text-gray-800 dark:bg-gray-700 dark:text-gray-100`}
        title={`${NO_SUCH_KEY} Not counted among the active keys.`}
        data-testid="key-not-found"
      >
        not found
      </span>
    );
  return (
    <>
      {r.pendingImport && (
        <span
          className={`${b} bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100`}
          title="No key material: deleted, expired or never imported"
        >
          pending import
        </span>
      )}
      {r.pendingDeletion && (
        <span
          className={`${b} bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100`}
          title={r.deletionDate ? `Deletion date: ${fmtDeletionDate(r.deletionDate)}` : undefined}
        >
          pending deletion
        </span>
      )}
      {r.disabled && <span className={`${b} bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100`}>disabled</span>}
      {r.rotationEnabled === true && (
        <span className={`${b} bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100`}>rotation on</span>
      )}
      {r.rotationEnabled === false && (
        <span className={`${b} bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-100`}>rotation off</span>
      )}
    </>
  );
}

const COLUMNS = [
  { id: 'alias', label: 'Alias / key', get: (r: KeyRow) => r.alias ?? r.keyArn },
  { id: 'account', label: 'Account', get: (r: KeyRow) => r.accountId },
  { id: 'region', label: 'Region', get: (r: KeyRow) => r.region },
  { id: 'calls', label: 'Calls', get: (r: KeyRow) => r.calls, num: true },
  { id: 'errors', label: 'Errors', get: (r: KeyRow) => r.errors, num: true },
  { id: 'errorRate', label: 'Error rate', get: (r: KeyRow) => (r.calls ? r.errors / r.calls : 0), num: true },
  { id: 'principals', label: 'Principals', get: (r: KeyRow) => r.principals, num: true },
  { id: 'lastUsed', label: 'Last used', get: (r: KeyRow) => r.lastUsed },
] as const;
type ColumnId = (typeof COLUMNS)[number]['id'];
const PAGE = 50;

/** Sortable, filterable, paginated keys table; its state lives in the URL (k* params). */
export function KeysTable({ rows, linkSuffix }: { rows: KeyRow[]; linkSuffix: string }) {
  const pathname = usePathname();
  const sp = useSearchParams();
  // The filter box filters at each key press; the URL gets its text once typing pauses.
  const urlQ = sp.get('kq') ?? '';
  const [q, setQ] = useState(urlQ);
  const wrote = useRef(urlQ);
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Back, Forward or a link changed the URL's text (not this box's own write): show it.
  useEffect(() => {
    if (urlQ === wrote.current) return;
    wrote.current = urlQ;
    setQ(urlQ);
  }, [urlQ]);
  useEffect(() => () => clearTimeout(typing.current), []);
  const account = sp.get('kaccount') ?? '';
  const region = sp.get('kregion') ?? '';
  const sort = (COLUMNS.find((c) => c.id === sp.get('ksort'))?.id ?? 'calls') as ColumnId;
  const dir = sp.get('kdir') === 'asc' ? 'asc' : 'desc';
  // Text typed but not yet in the URL starts from the first page, as it will once it is.
  const page = q !== urlQ ? 1 : Math.max(1, Number(sp.get('kpage')) || 1);

  const set = (changes: Record<string, string | null>) => {
    // From the address bar, not `sp`: the router syncs it a moment after a write, and a second write
    // before then (a select right after typing) must not undo the first.
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
    // The table filters and sorts the rows it was given, in the browser: the URL holds the state
    // (shared links, Back) without a server render of the whole overview at every keystroke.
    window.history.replaceState(null, '', `${pathname}?${next.toString()}`);
  };

  const accounts = [...new Set(rows.map((r) => r.accountId))].sort();
  const regions = [...new Set(rows.map((r) => r.region))].sort();
  const filtered = filterKeys(rows, { q, account, region });
  const col = COLUMNS.find((c) => c.id === sort)!;
  const sorted = [...filtered].sort((a, b) => {
    const x = col.get(a);
    const y = col.get(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return dir === 'asc' ? c : -c;
  });
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const shown = sorted.slice((Math.min(page, pages) - 1) * PAGE, Math.min(page, pages) * PAGE);
  const input = 'rounded border border-gray-300 bg-white px-2 py-1 text-sm dark:border-gray-700 dark:bg-gray-900';

  return (
    <div data-testid="keys-table">
      <div className="mb-3 flex flex-wrap gap-2">
        <input
          aria-label="Filter keys by alias or ARN"
          placeholder="Filter by alias or ARN…"
          value={q}
          onChange={(e) => {
            const v = e.target.value;
            setQ(v);
            clearTimeout(typing.current);
            typing.current = setTimeout(() => {
              wrote.current = v;
              set({ kq: v || null, kpage: null });
            }, 300);
          }}
          className={`${input} w-64`}
        />
        <select
          aria-label="Account"
          value={account}
          onChange={(e) => set({ kaccount: e.target.value || null, kpage: null })}
          className={input}
        >
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <select
          aria-label="Region"
          value={region}
          onChange={(e) => set({ kregion: e.target.value || null, kpage: null })}
          className={input}
        >
          <option value="">All regions</option>
          {regions.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        {/* A phone hides the header row, and with it the sort buttons: the same choice as a menu. */}
        <div className="flex gap-1 sm:hidden">
          <select
            aria-label="Sort keys by"
            value={sort}
            onChange={(e) => set({ ksort: e.target.value, kdir: 'desc', kpage: null })}
            className={input}
          >
            {COLUMNS.map((c) => (
              <option key={c.id} value={c.id}>
                Sort: {c.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={dir === 'asc' ? 'Sorted ascending: sort descending' : 'Sorted descending: sort ascending'}
            onClick={() => set({ kdir: dir === 'desc' ? 'asc' : 'desc' })}
            className={input}
          >
            {dir === 'asc' ? '▲' : '▼'}
          </button>
        </div>
        <span className="ml-auto self-center text-xs text-gray-500">
          {fmtInt(filtered.length)} of {fmtInt(rows.length)} keys
        </span>
      </div>
      <div className="relative overflow-x-auto">
        {/* On a phone each key is a small card: its figures wrap onto lines instead of scrolling sideways. */}
        <table className={`w-full text-sm ${phoneCards.table}`}>
          <thead className={phoneCards.head}>
            <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
              {COLUMNS.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={sort === c.id ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  className={`py-2 pr-3 ${'num' in c ? 'text-right' : ''}`}
                >
                  <button
                    type="button"
                    className="hover:text-gray-900 dark:hover:text-white"
                    onClick={() => set({ ksort: c.id, kdir: sort === c.id && dir === 'desc' ? 'asc' : 'desc' })}
                  >
                    {c.label} {sort === c.id ? (dir === 'asc' ? '▲' : '▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className={phoneCards.body}>
            {shown.map((r) => (
              <tr
                key={r.keyArn}
                className={`border-b border-gray-100 hover:bg-gray-50 dark:border-gray-800 dark:hover:bg-gray-800/50 ${phoneCards.row}`}
              >
                <td className="max-w-md py-2 pr-3 max-sm:max-w-full max-sm:basis-full">
                  <DrillLink
                    href={`/keys/${encodeURIComponent(r.keyArn)}${linkSuffix}`}
                    className="font-medium text-blue-700 hover:underline dark:text-blue-300"
                  >
                    {r.alias ?? r.keyArn.split('/').pop()}
                  </DrillLink>
                  <Badges r={r} />
                  <div className="truncate font-mono text-xs text-gray-500" title={r.keyArn}>
                    {r.keyArn}
                  </div>
                </td>
                <td className="py-2 pr-3 font-mono text-xs">
                  {phoneLabel('Account')}
                  {r.accountId}
                </td>
                <td className="py-2 pr-3 text-xs">
                  {phoneLabel('Region')}
                  {r.region}
                </td>
                {(
                  [
                    ['Calls', fmtInt(r.calls)],
                    ['Errors', fmtInt(r.errors)],
                    ['Error rate', fmtPct(r.errors, r.calls)],
                    ['Principals', fmtInt(r.principals)],
                  ] as const
                ).map(([label, value]) => (
                  <td key={label} className="py-2 pr-3 text-right tabular-nums">
                    {phoneLabel(label)}
                    {value}
                  </td>
                ))}
                <td className="py-2 pr-3 text-xs whitespace-nowrap">
                  {phoneLabel('Last used')}
                  {fmtUtc(r.lastUsed)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Keys pages" className="mt-3 flex items-center gap-2 text-sm">
          <button type="button" disabled={page <= 1} onClick={() => set({ kpage: String(page - 1) })} className={input}>
            Previous
          </button>
          <span>
            Page {Math.min(page, pages)} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => set({ kpage: String(page + 1) })} className={input}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
