'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { MAX_RANGE_MS, PRESETS, type Preset } from '@/lib/search-params';
import { BUCKETS, parseUtcText } from '@/lib/time';
import { otherPendingEdits, registerPendingEdits, withChanges } from './pending-edits';
import { useSettledSelect } from './use-settled-select';

/**
 * Time range and bucket controls. They only write the URL; the page reads it
 * back through the shared schema, so back/forward and shared links just work.
 */
/** `bucket` null: the page draws nothing per bucket, so there is no bucket to choose. */
export function RangePicker({ from, to, bucket, preset }: { from: string; to: string; bucket: string | null; preset: Preset | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();

  const go = (changes: Record<string, string | null>) => {
    // Filters typed but not applied go along (components/pending-edits.ts).
    const next = withChanges(sp, { ...otherPendingEdits('range'), ...changes });
    next.delete('cursor'); // a new range starts from the first page
    router.push(`${pathname}?${next.toString()}`);
  };

  const chosenBucket = sp.get('bucket') ?? 'auto';
  const bucketSelect = useSettledSelect(chosenBucket, (v) => go({ bucket: v === 'auto' ? null : v }));
  const bucketOptions: string[] = ['auto', ...BUCKETS];

  const btn = (active: boolean) =>
    `rounded px-2.5 py-1 text-sm ${active ? 'bg-blue-600 text-white' : 'bg-white text-gray-700 ring-1 ring-gray-300 hover:bg-gray-50 dark:bg-gray-900 dark:text-gray-200 dark:ring-gray-700'}`;

  return (
    // The range the page was computed for, to the millisecond: exports ask for exactly it, not for
    // "the last 7 days" again at click time (components/export/capture.ts).
    <div className="flex flex-wrap items-end gap-3" data-testid="range-picker" data-range-from={from} data-range-to={to}>
      <div role="group" aria-label="Time range" className="flex flex-wrap gap-1">
        {(Object.keys(PRESETS) as Preset[]).map((p) => (
          <button
            key={p}
            type="button"
            className={btn(preset === p)}
            aria-pressed={preset === p}
            onClick={() => go({ range: p, from: null, to: null })}
          >
            Last {p}
          </button>
        ))}
      </div>
      {/* Keyed by the range shown: a preset or back/forward puts its dates in the boxes. */}
      <CustomRange
        key={`${from}|${to}`}
        from={from}
        to={to}
        active={preset === null}
        btn={btn}
        onApply={(f, t) => go({ range: null, from: f, to: t })}
      />
      {bucket !== null && (
        <label className="flex flex-col text-xs text-gray-500">
          Bucket
          <select
            {...bucketSelect}
            className="rounded border border-gray-300 bg-white px-1 py-0.5 text-sm text-gray-900 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100"
          >
            {/* A bucket the URL names but no option is (the page says so): shown as chosen, so that
                picking Auto is a change too. The value is the visitor's: text only. */}
            {!bucketOptions.includes(chosenBucket) && (
              <option value={chosenBucket} disabled>
                “{chosenBucket}” (not a bucket)
              </option>
            )}
            <option value="auto">Auto ({bucket})</option>
            <option value="hour">Hour</option>
            <option value="day">Day</option>
          </select>
        </label>
      )}
    </div>
  );
}

/** An instant as the boxes show it: UTC, 24-hour, to the minute, or finer when it has seconds. */
function boxText(iso: string): string {
  // A link's own text that is no instant (the page names the problem) shows as it is, to correct.
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(iso)) return iso;
  const [day, time] = iso.replace(/Z$/, '').split('T');
  return `${day} ${time.replace(/\.000$/, '').replace(/:00$/, '')}`;
}

function CustomRange({
  from,
  to,
  active,
  btn,
  onApply,
}: {
  from: string;
  to: string;
  active: boolean;
  btn: (active: boolean) => string;
  onApply: (from: string, to: string) => void;
}) {
  const [customFrom, setCustomFrom] = useState(boxText(from));
  const [customTo, setCustomTo] = useState(boxText(to));
  const [tried, setTried] = useState(false);
  const dirty = customFrom.trim() !== boxText(from) || customTo.trim() !== boxText(to);
  const [pf, pt] = [parseUtcText(customFrom), parseUtcText(customTo)];
  const inverted = pf !== null && pt !== null && pf >= pt;
  // The pages refuse a longer range (lib/search-params.ts): said here, before the page would go blank.
  const tooLong = pf !== null && pt !== null && pt.getTime() - pf.getTime() > MAX_RANGE_MS;
  // What the URL gets: the instant, or (not a time) the text as typed, which the page then names as the problem.
  const value = (text: string) => parseUtcText(text)?.toISOString() ?? text.trim();
  // Dates typed but not applied: the filters' Apply takes them too (components/pending-edits.ts).
  const edits = useCallback(
    (): Record<string, string | null> => (dirty ? { range: null, from: value(customFrom), to: value(customTo) } : {}),
    [dirty, customFrom, customTo],
  );
  useEffect(() => registerPendingEdits('range', edits), [edits]);
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        const [f, t] = [parseUtcText(customFrom), parseUtcText(customTo)];
        if (f && t && f < t && t.getTime() - f.getTime() <= MAX_RANGE_MS) onApply(value(customFrom), value(customTo));
      }}
    >
      {(
        [
          ['From (UTC)', 'range-from', customFrom, setCustomFrom],
          ['To (UTC)', 'range-to', customTo, setCustomTo],
        ] as const
      ).map(([label, id, text, setText]) => {
        const bad = tried && !parseUtcText(text);
        return (
          <label key={label} className="relative flex flex-col text-xs text-gray-500">
            {label}
            {/* Text, not a date picker: a time pasted from an event (2026-11-20T14:05:09Z) or
                from this page (2026-11-20 14:05 UTC) goes in as it is, in 24-hour UTC. */}
            <input
              type="text"
              inputMode="text"
              spellCheck={false}
              autoComplete="off"
              placeholder="YYYY-MM-DD HH:MM"
              value={text}
              aria-invalid={bad || undefined}
              aria-describedby={bad ? `${id}-error` : undefined}
              onChange={(e) => setText(e.target.value)}
              className={`w-44 rounded border bg-white px-1.5 py-0.5 font-mono text-sm text-gray-900 dark:bg-gray-900 dark:text-gray-100 ${bad ? 'border-red-600' : 'border-gray-300 dark:border-gray-700'}`}
            />
            {bad && (
              <span id={`${id}-error`} role="alert" className="absolute top-full mt-0.5 whitespace-nowrap text-red-700 dark:text-red-300">
                Not a date: try 2026-11-20 or 2026-11-20 14:05
              </span>
            )}
          </label>
        );
      })}
      <button type="submit" className={btn(active)}>
        Apply
      </button>
      {tried && inverted && (
        <span role="alert" className="self-center text-xs text-red-700 dark:text-red-300" data-testid="range-inverted">
          From must be before To
        </span>
      )}
      {tried && tooLong && (
        <span role="alert" className="self-center text-xs text-red-700 dark:text-red-300" data-testid="range-too-long">
          A range can span at most {MAX_RANGE_MS / 86_400_000} days
        </span>
      )}
      {dirty && (
        <span className="self-center text-xs text-amber-700 dark:text-amber-300" data-testid="range-not-applied">
          Not applied yet
        </span>
      )}
    </form>
  );
}
