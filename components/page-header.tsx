import { canExport } from '@/lib/server/viewer';
import { EvidencePackButton } from './export/evidence-pack';
import { RangePicker } from './range-picker';
import type { ResolvedRange } from '@/lib/search-params';
import { fmtUtc } from '@/lib/format';
import { loadConfig } from '@/lib/config';
import { PageCostTotal } from './page-cost';
import { ResetLink } from './reset-link';

/** The engine from the settings alone: the header must not open the store (or wait for it) to decide. */
function onAthena(): boolean {
  try {
    return loadConfig().KEYTRAIL_ENGINE === 'athena';
  } catch {
    // A bad setting is reported by the panels, with the setting named; the header just leaves the total out.
    return false;
  }
}

export async function PageHeader({
  title,
  subtitle,
  range,
  evidencePack = true,
  buckets = true,
  children,
}: {
  title: string;
  subtitle?: React.ReactNode;
  range?: ResolvedRange;
  /** False on pages without exportable panels (the events list exports its rows itself). */
  evidencePack?: boolean;
  /** False on pages that draw nothing per bucket (lists and tables): no bucket choice, no "daily buckets". */
  buckets?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {subtitle && <div className="mt-1 text-sm text-gray-500">{subtitle}</div>}
        {range && (
          <p className="mt-1 text-xs text-gray-500" data-testid="range-label">
            {fmtUtc(range.from)} → {fmtUtc(range.to)}
            {buckets && ` · ${range.bucket === 'hour' ? 'hourly' : 'daily'} buckets`}
          </p>
        )}
        {/* Dashboard pages (those with a range) total their panels' Athena cost; the embedded engine costs nothing. */}
        {range && onAthena() && <PageCostTotal />}
      </div>
      <div className="ml-auto flex flex-col items-end gap-2">
        {range && evidencePack && (await canExport()) && <EvidencePackButton />}
        {range && (
          <RangePicker
            from={range.from.toISOString()}
            to={range.to.toISOString()}
            bucket={buckets ? range.bucket : null}
            preset={range.preset}
          />
        )}
        {children}
      </div>
    </div>
  );
}

export function BadUrl({ message, params = [] }: { message: string; params?: string[] }) {
  return (
    <div
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-semibold">This page’s URL has a problem.</p>
      <p className="mt-1">{message}</p>
      <p className="mt-2">
        <ResetLink params={params} />
      </p>
    </div>
  );
}

/**
 * A key or event the store does not hold: not a broken URL (resetting filters would not help),
 * so it says where else to look.
 */
export function NotInStore({ message }: { message: string }) {
  return (
    <div
      role="alert"
      className="rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
      data-testid="not-in-store"
    >
      <p className="font-semibold">Not in the logs KeyTrail has read.</p>
      <p className="mt-1">{message}</p>
      <p className="mt-2">
        It may belong to an account, region or time the ingested trail does not cover (see{' '}
        <a className="underline" href="/health">
          Data health
        </a>
        ), or the link may be mistyped. Find it from the{' '}
        <a className="underline" href="/">
          overview
        </a>{' '}
        or the{' '}
        <a className="underline" href="/events">
          events list
        </a>
        .
      </p>
    </div>
  );
}
