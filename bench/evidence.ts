/**
 * The report's "evidence" section: for each missed target, what the run itself
 * measured about where the time goes (no extra runs, no product instrumentation),
 * and the plan of the slowest query.
 */
import { bareP50, f1, f2, int, isBrowser, num, type Result } from './report';

/** What the run itself says about the misses: where the time goes, and the slowest query's plan. */
export function evidence(r: Result): string[] {
  const kt = r.ingest.keytrail;
  const inc = r.ingest.incremental;
  const s1 = (n: number) => `${f1(n / 1000)} s`;
  const ing = num(kt, 'ingestPathsMs');
  const out = ['## Evidence for the misses', ''];
  const missed = (re: RegExp) => r.targets.some((t) => !t.met && re.test(t.target));
  if (missed(/^ingest/))
    out.push(
      `- **Ingest** (\`ingestPaths\` ${s1(ing)}): finding files ${s1(num(kt, 'findFilesMs'))}; ${num(kt, 'batches')} batches, the first at ${int(num(kt, 'firstBatchRecordsPerSec'))} records/s and the last full one at ${int(num(kt, 'lastBatchRecordsPerSec'))} records/s; after the batches (alias resolution over the store, span) ${s1(num(kt, 'afterBatchesMs'))}. ` +
        `The main thread was busy ${s1(num(kt, 'mainThreadBusyMs'))} (reading, gunzip, splitting, appending) and waited ${s1(num(kt, 'mainThreadWaitingMs'))} on DuckDB; CPU time ${s1(num(kt, 'cpuMs'))} over ${s1(ing)} of wall time = ${f2(num(kt, 'cpuMs') / ing)} of ${r.machine.cores} cores. ` +
        `For scale: reading every file in Node (gunzip + JSON.parse, the DIY phase) takes ${s1(r.ingest.diy.ms)}, and DuckDB parses them all in ${s1(r.ingest.limit.ms)}.`,
    );
  if (missed(/^incremental/))
    out.push(
      `- **Incremental** (${s1(inc.ms)} for ${int(num(inc, 'filesRead'))} new files): open ${s1(num(inc, 'openMs'))}, finding files and the known-files check ${s1(num(inc, 'findFilesMs'))} (walks all ${int(num(inc, 'filesFound'))}), loading ${s1(num(inc, 'ingestPathsMs') - num(inc, 'findFilesMs') - num(inc, 'afterBatchesMs'))}, after the batches ${s1(num(inc, 'afterBatchesMs'))}, close ${s1(num(inc, 'closeMs'))}.`,
    );
  if (isBrowser(r.browser)) {
    const slow = missed(/page panels|overview/);
    const b = r.browser;
    const page = (n: string, label: string) => {
      const x = b[n];
      const h = r.http.pages[n];
      if (!x || !h) return '';
      const np = x.panelsNoPrefetch ? ` (${f1(x.panelsNoPrefetch.p50)} ms with Next's prefetches refused)` : '';
      return `${label}: server render of the full HTML ${f1(h.p50)} ms, in the browser the HTML is all received at ${f1(x.htmlReceived.p50)} ms, DOMContentLoaded ${f1(x.domContentLoaded.p50)} ms${x.early ? `, chart frame ${f1(x.early.p50)} ms` : ''}, panel ${f1(x.panels.p50)} ms${np}; Chromium ran ${f1(x.scriptMs.p50)} ms of JS in ${f1(x.taskMs.p50)} ms of main-thread tasks, after loading ${x.scriptKiB} KiB of scripts; the visit made ${x.requests} requests, ${x.prefetches} of them prefetches`;
    };
    if (slow)
      out.push(
        `- **Pages** (browser, p50): ${[page('overview /', 'overview'), page('key /keys/<key>', 'key page')].filter(Boolean).join('; ')}. Chromium and the server share the ${r.machine.cores} cores here: the same HTML that the bench's own client receives in full in the *server render* time arrives later in the browser (*HTML received*), so part of the gap is this machine, not the product. The rest is the browser's: scripts, hydration, the chart drawn only after hydration${r.browserFloor ? `; the app's data-free 404 page already takes ${f1(r.browserFloor.shellLoad.p50)} ms to its load event` : ''}. Streamed panels are in the page from *HTML received* on, yet show later: React (19.2+) reveals streamed Suspense boundaries in batches, no sooner than 300 ms after the shell's first frame or the previous reveal (react-dom's inline scripts: \`$RT\` is set on the shell's first animation frame and on each reveal; \`$RC\` schedules \`setTimeout($RV, $RT + 300 - now)\`), so a panel behind \`<Suspense>\` cannot appear sooner than ~300 ms after the shell paints. Next \`<Link>\` prefetches per visit (each a server render): ${Object.entries(
          b,
        )
          .map(([n, x]) => `${n.split(' ')[0]} ${x.prefetches}`)
          .join(', ')}.`,
      );
  }
  const over = Object.entries(r.http.api).filter(([n, h]) => h.p50 > 1.25 * bareP50(r, n));
  if (over.length)
    out.push(
      `- **API overhead** per call, p50 (ms): a route that reads no data costs ${f1(r.http.floor.p50)} ms over HTTP (proxy, Next routing, loopback); per route, HTTP + Next + shaping (KeyTrail − catalog) + validation (catalog − bare): ${over
        .map(([n, h]) => {
          const b = r.bare.api[n];
          const cat = b.catalog?.p50 ?? NaN;
          return `${n} ${f1(h.p50 - cat)} + ${f1(cat - b.bare.p50)}`;
        })
        .join('; ')}.${
        over.some(([, h]) => h.app && h.db)
          ? ` In the server's own timing (Server-Timing, p50): ${over
              .filter(([, h]) => h.app && h.db)
              .map(
                ([n, h]) =>
                  `${n}: HTTP + Next ${f1(h.p50 - h.app!.p50)}, KeyTrail's code ${f1(h.app!.p50 - h.db!.p50)}, engine ${f1(h.db!.p50)} (bare ${f1(bareP50(r, n))})`,
              )
              .join('; ')}.`
          : ''
      }`,
    );
  const sl = r.bare.slowest;
  out.push(
    '',
    `Slowest query measured (bare p50): **${sl.name}** (\`${sl.query}\`), args \`${JSON.stringify(sl.args)}\`. EXPLAIN ANALYZE:`,
    '',
    '<details><summary>plan</summary>',
    '',
    '```',
    sl.explain.trim(),
    '```',
    '',
    '</details>',
    '',
  );
  return out;
}
