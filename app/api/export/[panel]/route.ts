import { NextResponse, type NextRequest } from 'next/server';
import { ExportSearch } from '@/lib/api-schemas';
import { toCsv } from '@/lib/export/csv';
import { exportFileName } from '@/lib/export/file-name';
import { provenance, provenanceLines } from '@/lib/export/provenance';
import { recordQueries } from '@/lib/queries/define';
import { errorResponse } from '@/lib/server/api';
import { dataSource } from '@/lib/server/data-source';
import { loadPanel, PANELS, type PanelId } from '@/lib/server/panels';
import { BadRequestError, fromUrlSearchParams, parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/export/<panel>?format=csv|json&<the page's URL state>: the panel's
 * rows exactly as shown, with provenance (# lines in CSV, a `meta` object in JSON).
 */
export async function GET(req: NextRequest, ctx: { params: Promise<{ panel: string }> }) {
  try {
    const { panel } = await ctx.params;
    if (!Object.hasOwn(PANELS, panel)) throw new BadRequestError(`Unknown panel "${panel}". Known: ${Object.keys(PANELS).join(', ')}.`);
    const s = parseSearch(ExportSearch, fromUrlSearchParams(req.nextUrl.searchParams));
    const range = resolveRange(s);
    const { result, queries } = await recordQueries(() => loadPanel(panel as PanelId, s, range));
    const filters = Object.fromEntries(
      Object.entries({
        key: s.key,
        principal: s.principal,
        severity: s.severity,
        rule: s.rule,
        // The keys table's own filter narrows the keys export only.
        ...(panel === 'keys' ? { keyFilter: s.kq, account: s.kaccount, region: s.kregion } : {}),
      }).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const meta = provenance({
      title: result.title,
      from: range.from,
      to: range.to,
      filters,
      queries,
      listed: result.listed,
      warnings: result.warnings,
      source: (await dataSource()).label,
    });
    const name = exportFileName(panel, meta.generatedAt, s.format, { key: s.key, principal: s.principal });
    const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' };
    if (s.format === 'json') return NextResponse.json({ meta, columns: result.columns, rows: result.rows }, { headers });
    return new NextResponse(toCsv(result.columns, result.rows, provenanceLines(meta)), {
      headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
