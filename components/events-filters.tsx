'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';
import { errorClassLabel } from '@/lib/error-classes';
import { canonicalOperation, KMS_OPERATIONS } from '@/lib/kms-operations';
import { otherPendingEdits, registerPendingEdits, withChanges } from './pending-edits';

export const EVENT_FILTERS = [
  { name: 'key', label: 'Key (id, ARN or alias)' },
  { name: 'principal', label: 'Principal' },
  { name: 'eventName', label: 'Operation' },
  { name: 'errorCode', label: 'Error code (any case; * = any failure, % = any characters)' },
  { name: 'sourceIp', label: 'Source IP' },
  { name: 'accessKeyId', label: 'Access key id' },
  { name: 'context', label: 'Encryption context contains' },
  { name: 'userAgent', label: 'User agent contains' },
  { name: 'account', label: 'Account (whose trail logged it)' },
  { name: 'keyAccount', label: 'Key’s account (any caller)' },
  { name: 'region', label: 'Region' },
] as const;

/**
 * The Principal box matches exactly ("is": what drill-downs pass, or a role session's ARN) or by
 * part ("contains", any case: a role name, a session name), each its own URL parameter so a
 * drill-down's count never widens when other filters are applied.
 */
const PRINCIPAL_MODES = { is: 'principal', contains: 'principalContains' } as const;
type PrincipalMode = keyof typeof PRINCIPAL_MODES;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Filters a drill-down sets that have no box of their own (a heatmap cell, a "(unknown key)" row):
 * shown as removable chips, so a list is never narrowed by something the form does not show.
 */
const DRILL_FILTERS: { name: string; label: (v: string) => string }[] = [
  { name: 'noKey', label: () => 'Only events that name no key' },
  { name: 'noPrincipal', label: () => 'Only events with no known principal' },
  { name: 'errorClass', label: (v) => `Error class: ${errorClassLabel(v)}` },
  { name: 'weekday', label: (v) => `Weekday: ${WEEKDAYS[Number(v) - 1] ?? v} (UTC)` },
  { name: 'hour', label: (v) => `Hour: ${v.padStart(2, '0')}:00–${v.padStart(2, '0')}:59 UTC` },
];

/** Filter form for the events explorer: submitting writes the URL; the page does the rest. */
export function EventsFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const go = (next: URLSearchParams) => {
    next.delete('cursor');
    router.push(`${pathname}?${next.toString()}`);
  };
  const drill = DRILL_FILTERS.filter((f) => sp.get(f.name) !== null);
  // A removed chip takes its button with it: focus goes to the chip now in its place, or the
  // form's first box, not to the page's body (a keyboard user would start over from the top).
  const chips = useRef<HTMLUListElement>(null);
  const form = useRef<HTMLDivElement>(null);
  const removedAt = useRef<number | null>(null);
  useEffect(() => {
    const i = removedAt.current;
    if (i === null) return;
    removedAt.current = null;
    const buttons = chips.current?.querySelectorAll('button');
    const target = buttons?.length ? buttons[Math.min(i, buttons.length - 1)] : form.current?.querySelector('input');
    target?.focus();
  }, [drill.length]);
  return (
    <>
      {drill.length > 0 && (
        <ul ref={chips} className="mb-2 flex flex-wrap gap-2 text-xs" aria-label="Filters from the drill-down" data-testid="drill-filters">
          {drill.map((f, i) => (
            <li
              key={f.name}
              className="flex items-center gap-1 rounded-full bg-blue-50 py-0.5 pr-1 pl-2 text-blue-900 dark:bg-blue-950 dark:text-blue-100"
            >
              {f.label(sp.get(f.name)!)}
              <button
                type="button"
                className="rounded-full px-1 hover:bg-blue-100 dark:hover:bg-blue-900"
                aria-label={`Remove filter: ${f.label(sp.get(f.name)!)}`}
                onClick={() => {
                  const next = new URLSearchParams(sp.toString());
                  next.delete(f.name);
                  removedAt.current = i;
                  go(next);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div ref={form}>
        <EventsForm sp={sp} go={go} />
      </div>
    </>
  );
}

/** The boxes' values as URL changes: a value set, or null for an empty box. */
function boxValues(form: HTMLFormElement): Record<string, string | null> {
  const fd = new FormData(form);
  const values: Record<string, string | null> = Object.fromEntries(
    EVENT_FILTERS.map((f) => {
      const v = String(fd.get(f.name) ?? '').trim();
      // eventName matches exactly: "decrypt" means Decrypt.
      return [f.name, (f.name === 'eventName' ? canonicalOperation(v) : v) || null];
    }),
  );
  const mode: PrincipalMode = fd.get('principalMatch') === 'is' ? 'is' : 'contains';
  const typed = values.principal;
  values[PRINCIPAL_MODES.is] = mode === 'is' ? typed : null;
  values[PRINCIPAL_MODES.contains] = mode === 'contains' ? typed : null;
  return values;
}

/** The box's match: "is" when the URL holds an exact principal (a drill-down), else "contains". */
const principalMode = (sp: URLSearchParams): PrincipalMode => (sp.get(PRINCIPAL_MODES.is) !== null ? 'is' : 'contains');

function EventsForm({ sp, go }: { sp: ReturnType<typeof useSearchParams>; go: (next: URLSearchParams) => void }) {
  const ref = useRef<HTMLFormElement>(null);
  // Filters typed but not applied: the range's Apply takes them too (components/pending-edits.ts).
  const edits = useCallback((): Record<string, string | null> => {
    if (!ref.current) return {};
    const typed = Object.entries(boxValues(ref.current)).filter(([k, v]) => v !== sp.get(k));
    return Object.fromEntries(typed);
  }, [sp]);
  useEffect(() => registerPendingEdits('filters', edits), [edits]);
  return (
    <form
      ref={ref}
      // A new URL (Clear, a chip removed, back/forward) resets the boxes to what it says.
      key={sp.toString()}
      className="mb-4 grid grid-cols-2 gap-2 md:grid-cols-4 lg:grid-cols-5 xl:grid-cols-10"
      data-testid="events-filters"
      onSubmit={(e) => {
        e.preventDefault();
        // Dates typed in the range picker but not applied go along.
        const next = withChanges(sp, { ...otherPendingEdits('filters'), ...boxValues(e.currentTarget) });
        // A key (principal) typed in replaces "only events that name no key (principal)": the pair matches nothing.
        if (next.get('key')) next.delete('noKey');
        if (next.get(PRINCIPAL_MODES.is) || next.get(PRINCIPAL_MODES.contains)) next.delete('noPrincipal');
        go(next);
      }}
    >
      {EVENT_FILTERS.map((f) =>
        f.name === 'principal' ? (
          <PrincipalBox key={f.name} sp={sp} />
        ) : (
          // The key box is as wide as the principal's: a drill-down fills it with a full key ARN.
          <label key={f.name} className={`flex flex-col justify-end text-xs text-gray-500 ${f.name === 'key' ? 'col-span-2' : ''}`}>
            {f.label}
            <input
              name={f.name}
              list={f.name === 'eventName' ? 'kms-operations' : undefined}
              placeholder={f.name === 'accessKeyId' ? 'AKIA… or ASIA…' : undefined}
              defaultValue={sp.get(f.name) ?? ''}
              className={BOX}
            />
          </label>
        ),
      )}
      <datalist id="kms-operations">
        {KMS_OPERATIONS.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded bg-blue-600 px-3 py-1 text-sm text-white hover:bg-blue-700">
          Apply
        </button>
        <button
          type="button"
          className="rounded px-3 py-1 text-sm ring-1 ring-gray-300 dark:ring-gray-700"
          onClick={() => {
            const next = new URLSearchParams(sp.toString());
            for (const f of [...EVENT_FILTERS, ...DRILL_FILTERS]) next.delete(f.name);
            next.delete(PRINCIPAL_MODES.contains);
            go(next);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

const BOX =
  'rounded border border-gray-300 bg-white px-2 py-1 text-sm text-gray-900 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100';

/** Principal: a match select ("is" / "contains") and one box, written to the parameter the select names. */
function PrincipalBox({ sp }: { sp: URLSearchParams }) {
  const mode = principalMode(sp);
  return (
    <div className="col-span-2 flex flex-col justify-end text-xs text-gray-500" role="group" aria-labelledby="principal-label">
      <span id="principal-label">Principal</span>
      <div className="flex gap-1">
        <select name="principalMatch" defaultValue={mode} aria-label="Principal match" className={`${BOX} w-auto`}>
          <option value="contains">contains</option>
          <option value="is">is exactly</option>
        </select>
        <input
          name="principal"
          aria-label="Principal"
          placeholder="role name, session, ARN…"
          title="contains: part of the principal's or session's ARN, any case. is exactly: a principal as the lists show it, or a role session's ARN."
          defaultValue={sp.get(PRINCIPAL_MODES[mode]) ?? ''}
          className={`${BOX} min-w-0 flex-1`}
        />
      </div>
    </div>
  );
}
