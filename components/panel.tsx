import { formatCost, summarizeAthenaCost } from '@/lib/engines/athena/cost';
import { recordQueries, type QueryRecord } from '@/lib/queries/define';
import { BadRequestError } from '@/lib/search-params';
import { panelMessage } from '@/lib/server/page-search';
import { canExport } from '@/lib/server/viewer';
import { Suspense } from 'react';
import { ExportMenu } from './export/export-menu';
import { ReportPageCost } from './page-cost';

/** A titled card. Its body streams in behind its own Suspense boundary. */
export async function Panel({
  title,
  children,
  actions,
  testId,
  suspenseKey,
  exportAs,
  exportParams,
  loading,
  anchor,
}: {
  title: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
  testId?: string;
  /** Changes with the URL state, so a new range shows the loading state again. */
  suspenseKey?: string;
  /** The panel id in lib/server/panels.ts: adds the export menu (PNG, SVG, CSV, JSON). */
  exportAs?: string;
  /** Extra export params the URL path holds (e.g. the key on a key page). */
  exportParams?: Record<string, string>;
  /** What the loading state says, when "Loading…" would not say why it takes longer. */
  loading?: string;
  /** A fragment links on the page scroll to (`#anchor`), whoever may export. */
  anchor?: string;
}) {
  // Read-only viewers get no export menu (the export routes refuse them anyway).
  const id = exportAs && (await canExport()) ? `panel-${exportAs}` : undefined;
  return (
    <section
      id={id}
      aria-label={title}
      data-testid={testId}
      data-export-panel={id ? exportAs : undefined}
      data-export-params={exportParams ? JSON.stringify(exportParams) : undefined}
      className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm dark:border-gray-800 dark:bg-gray-900"
    >
      {/* data-panel-header: a vector SVG export draws the export's own title here instead (components/export/vector-svg.ts). */}
      {anchor && <span id={anchor} />}
      <div className="mb-3 flex items-center gap-2" data-panel-header="">
        <h2 className="text-sm font-semibold text-gray-700 dark:text-gray-200">{title}</h2>
        <div className="ml-auto flex items-center gap-2">
          {actions}
          {exportAs && id && <ExportMenu panel={exportAs} title={title} targetId={id} params={exportParams} />}
        </div>
      </div>
      <Suspense key={suspenseKey} fallback={<PanelLoading label={loading} />}>
        {children}
      </Suspense>
    </section>
  );
}

export function PanelLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex h-24 items-center justify-center text-sm text-gray-500">
      <span className="mr-2 inline-block h-3 w-3 animate-spin rounded-full border-2 border-gray-300 border-t-blue-600" />
      {label}
    </div>
  );
}

/**
 * One panel's failure, shown in place; the rest of the page keeps working. `userError`: the request
 * itself cannot be answered (a key the logs do not name, a bad filter), so it says so plainly and
 * offers no Retry, which would only ask the same again.
 */
export function PanelError({ error, userError = false }: { error: unknown; userError?: boolean }) {
  const msg = error instanceof Error ? error.message : String(error);
  if (userError)
    return (
      <div
        role="alert"
        className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        {msg}
      </div>
    );
  return (
    <div
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      This panel could not load: {msg} {/* A plain link: reloading re-runs this panel's queries (the others are unaffected either way). */}
      <a href="" className="font-semibold underline">
        Retry
      </a>
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="py-6 text-center text-sm text-gray-500">{children}</p>;
}

/**
 * Renders a panel body, or its error in place: one panel's failure never blanks
 * the page. Errors the user can act on are shown as they are; others are logged.
 * `known` words errors the panel expects itself (e.g. an unknown key).
 */
export async function guarded(
  render: () => Promise<React.ReactNode>,
  known?: (e: unknown) => string | undefined,
): Promise<React.ReactNode> {
  try {
    const { result, queries } = await recordQueries(render);
    return (
      <>
        {result}
        <AthenaCost queries={queries} />
      </>
    );
  } catch (e) {
    const mine = known?.(e) ?? (e instanceof BadRequestError || e instanceof RangeError ? e.message : undefined);
    return mine !== undefined ? <PanelError error={mine} userError /> : <PanelError error={panelMessage(e)} />;
  }
}

/**
 * On Athena, what each panel cost: data scanned, estimated price, engine time,
 * reuse, execution ids; and its share of the page total in the header.
 */
export function AthenaCost({ queries, hidden = false }: { queries: QueryRecord[]; hidden?: boolean }) {
  const cost = summarizeAthenaCost(queries.map((q) => q.stats));
  if (!cost) return null;
  return (
    <>
      <ReportPageCost cost={cost} />
      {!hidden && (
        <p
          className="mt-2 text-[11px] text-gray-500"
          data-testid="athena-cost"
          title={queries.map((q) => `${q.name}: ${q.stats.queryExecutionId}`).join('\n')}
        >
          Athena: {formatCost(cost)} · {cost.ids.join(', ')}
        </p>
      )}
    </>
  );
}
