import { canExport } from '@/lib/server/viewer';
import { EvidencePackButton } from './export/evidence-pack';
import { RangePicker } from './range-picker';
import type { ResolvedRange } from '@/lib/search-params';
import { fmtUtc } from '@/lib/format';
import { loadConfig } from '@/lib/config';
import { PageCostTotal } from './page-cost';

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
  /** False on pages without exportable panels (the events list exports its rows itself), or none shown (a bad URL). */
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
            {range.notApplied ? (
              // Nothing is shown for the stand-in range: say so, not its dates.
              <span className="text-amber-800 dark:text-amber-200">
                The range in this address is not valid: correct it below or pick one.
              </span>
            ) : (
              <>
                {fmtUtc(range.from)} → {fmtUtc(range.to)}
              </>
            )}
            {buckets && !range.notApplied && ` · ${range.bucket === 'hour' ? 'hourly' : 'daily'} buckets`}
            {/* A preset ends at the next whole minute; a typed end hours ahead is worth a word. */}
            {range.to.getTime() > Date.now() + 3_600_000 && (
              <span className="ml-1 text-amber-800 dark:text-amber-200" data-testid="range-future">
                · this range ends in the future: no logs lie past now ({fmtUtc(new Date())})
              </span>
            )}
          </p>
        )}
        {/* Dashboard pages (those with a range) total their panels' Athena cost; the embedded engine costs nothing. */}
        {range && onAthena() && <PageCostTotal />}
      </div>
      <div className="ml-auto flex flex-col items-end gap-2">
        {range && evidencePack && (await canExport()) && <EvidencePackButton />}
        {range && (
          <RangePicker
            from={range.notApplied?.from ?? range.from.toISOString()}
            to={range.notApplied?.to ?? range.to.toISOString()}
            bucket={buckets ? range.bucket : null}
            preset={range.preset}
          />
        )}
        {children}
      </div>
    </div>
  );
}
