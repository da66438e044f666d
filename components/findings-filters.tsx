'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { RULES, SEVERITIES } from '@/lib/findings/rule-ids';
import { useSettledSelect } from './use-settled-select';

/** Severity and rule filters; they write the URL only. */
export function FindingsFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(sp.toString());
    if (v) next.set(k, v);
    else next.delete(k);
    router.push(`${pathname}?${next.toString()}`);
  };
  const cls = 'rounded border border-gray-300 bg-white px-2 py-1 text-sm dark:border-gray-700 dark:bg-gray-900';
  const severity = useSettledSelect(sp.get('severity') ?? '', (v) => set('severity', v));
  const rule = useSettledSelect(sp.get('rule') ?? '', (v) => set('rule', v));
  return (
    <div className="mb-3 flex flex-wrap gap-2">
      <select aria-label="Severity" className={cls} {...severity}>
        <option value="">All severities</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select aria-label="Rule" className={cls} {...rule}>
        <option value="">All rules</option>
        {Object.entries(RULES).map(([id, label]) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </select>
      {/* A key's or a principal's page links here with its own filter: say so, and let it go. */}
      {(
        [
          ['key', 'Key'],
          ['principal', 'Principal'],
        ] as const
      ).map(([k, label]) => {
        const v = sp.get(k);
        return v ? (
          <button
            key={k}
            type="button"
            onClick={() => set(k, '')}
            className="rounded-full bg-blue-50 px-3 py-1 text-xs text-blue-900 ring-1 ring-blue-200 dark:bg-blue-950 dark:text-blue-100 dark:ring-blue-800"
            title={`Show the findings of every ${label.toLowerCase()}`}
            data-testid={`findings-filter-${k}`}
          >
            {label}: <span className="font-mono">{v}</span> ✕
          </button>
        ) : null;
      })}
    </div>
  );
}
