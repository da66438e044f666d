'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

export const EVENT_FILTERS = [
  { name: 'key', label: 'Key (id, ARN or alias)' },
  { name: 'principal', label: 'Principal' },
  { name: 'eventName', label: 'Operation' },
  { name: 'errorCode', label: 'Error code (* = any)' },
  { name: 'sourceIp', label: 'Source IP' },
  { name: 'account', label: 'Account' },
  { name: 'region', label: 'Region' },
] as const;

/** Filter form for the events explorer: submitting writes the URL; the page does the rest. */
export function EventsFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  return (
    <form
      className="mb-4 grid grid-cols-2 gap-2 md:grid-cols-4 lg:grid-cols-8"
      data-testid="events-filters"
      onSubmit={(e) => {
        e.preventDefault();
        const next = new URLSearchParams(sp.toString());
        const fd = new FormData(e.currentTarget);
        for (const f of EVENT_FILTERS) {
          const v = String(fd.get(f.name) ?? '').trim();
          if (v) next.set(f.name, v);
          else next.delete(f.name);
        }
        next.delete('cursor');
        router.push(`${pathname}?${next.toString()}`);
      }}
    >
      {EVENT_FILTERS.map((f) => (
        <label key={f.name} className="flex flex-col text-xs text-gray-500">
          {f.label}
          <input
            name={f.name}
            defaultValue={sp.get(f.name) ?? ''}
            className="rounded border border-gray-300 bg-white px-2 py-1 text-sm text-gray-900 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100"
          />
        </label>
      ))}
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded bg-blue-600 px-3 py-1 text-sm text-white hover:bg-blue-700">
          Apply
        </button>
        <button
          type="button"
          className="rounded px-3 py-1 text-sm ring-1 ring-gray-300 dark:ring-gray-700"
          onClick={() => {
            const next = new URLSearchParams(sp.toString());
            for (const f of EVENT_FILTERS) next.delete(f.name);
            next.delete('cursor');
            router.push(`${pathname}?${next.toString()}`);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
