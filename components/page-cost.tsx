'use client';

import { createContext, useContext, useEffect, useId, useMemo, useState } from 'react';
import { formatCost, sumCostSummaries, type CostSummary } from '@/lib/engines/athena/cost';

/**
 * The page total of Athena cost. Panels stream in behind their own Suspense
 * boundaries, so no server component sees them all finish; instead each panel
 * body reports its summary here from the browser, and the total in the page
 * header adds up whatever has arrived. A panel that goes away (another range,
 * another page) takes its share with it, so the total is always this page's.
 */
interface Registry {
  report(id: string, cost: CostSummary): void;
  remove(id: string): void;
}

// Two contexts: reporters need only the stable registry, so a new total re-renders the total alone.
const RegistryContext = createContext<Registry | null>(null);
const TotalContext = createContext<ReadonlyMap<string, CostSummary>>(new Map());

export function PageCostProvider({ children }: { children: React.ReactNode }) {
  const [parts, setParts] = useState<ReadonlyMap<string, CostSummary>>(() => new Map());
  const registry = useMemo<Registry>(
    () => ({
      report: (id, cost) => setParts((prev) => new Map(prev).set(id, cost)),
      remove: (id) =>
        setParts((prev) => {
          if (!prev.has(id)) return prev;
          const next = new Map(prev);
          next.delete(id);
          return next;
        }),
    }),
    [],
  );
  return (
    <RegistryContext.Provider value={registry}>
      <TotalContext.Provider value={parts}>{children}</TotalContext.Provider>
    </RegistryContext.Provider>
  );
}

/** Adds one panel's cost to the page total while it is on screen. Renders nothing. */
export function ReportPageCost({ cost }: { cost: CostSummary }) {
  const registry = useContext(RegistryContext);
  const id = useId();
  // Keyed by value (`key` stands for `cost`): the same numbers in a new object must not re-report; new numbers must.
  const key = JSON.stringify(cost);
  useEffect(() => {
    if (!registry) return;
    registry.report(id, cost);
    return () => registry.remove(id);
  }, [registry, id, key]);
  return null;
}

/** The page total; the header renders it only when the engine is Athena. */
export function PageCostTotal() {
  const parts = useContext(TotalContext);
  const total = sumCostSummaries(parts.values());
  return (
    <p className="mt-1 text-xs text-gray-500" data-testid="athena-page-cost" aria-live="polite">
      Athena, this page: {total.queries ? formatCost(total) : 'no queries finished yet'}
    </p>
  );
}
