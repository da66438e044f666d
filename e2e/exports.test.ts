import fs from 'node:fs';
import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { isProvenanceLine } from '../lib/export/csv';

/** Exports downloaded from the browser and parsed back. */

/** A PNG decoded in the browser: how many colours (sampled), how many light pixels, and the top-left corner's luminance. */
async function pngStats(page: Page, png: Buffer): Promise<{ colours: number; light: number; corner: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const lum = (i: number) => 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 400) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    let light = 0;
    for (let i = 0; i < d.length; i += 4) if (lum(i) > 180) light++;
    return { colours: seen.size, light, corner: lum(4 * (4 * c.width + 4)) };
  }, png.toString('base64'));
}
test('a chart exports as a PNG of the right size that is not blank, and as a vector SVG of its bars with a short footer', async ({
  page,
}) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  const panel = page.locator('#panel-timeline');
  await expect(panel.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const box = (await panel.boundingBox())!;

  await panel.getByLabel(/^Export Usage by operation/).click();
  const [png] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'PNG' }).click()]);
  const pngBytes = fs.readFileSync((await png.path())!);
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  const width = pngBytes.readUInt32BE(16);
  expect(width).toBe(Math.round(box.width) * 2);
  // Not blank: decode it in the browser and count distinct colours.
  expect((await pngStats(page, pngBytes)).colours).toBeGreaterThan(10);

  // The SVG is real vectors: the chart's own shapes and text, with no HTML, CSS or var() inside.
  await panel.getByLabel(/^Export Usage by operation/).click();
  const svgItem = panel.getByRole('menuitem', { name: 'SVG', exact: true });
  await expect(svgItem).toHaveAttribute('title', /Vector SVG/);
  const [svg] = await Promise.all([page.waitForEvent('download'), svgItem.click()]);
  const svgText = fs.readFileSync((await svg.path())!, 'utf8');
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  fs.writeFileSync('test-results/screenshots/timeline-export.svg', svgText);
  const shownBars = await panel.locator('.recharts-bar-rectangle path').count();
  const legend = await panel.locator('.recharts-legend-item-text').allTextContents();
  const range = await page
    .locator('[data-range-from][data-range-to]')
    .first()
    .evaluate((e: HTMLElement) => `${e.dataset.rangeFrom} → ${e.dataset.rangeTo} (UTC)`);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const chart = doc.querySelector('#export-body > svg');
    return {
      parsed: doc.querySelector('parsererror') === null && doc.documentElement.localName === 'svg',
      bars: chart ? [...chart.querySelectorAll('rect')].filter((r) => !r.closest('clipPath, defs')).length : -1,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      title: doc.getElementById('export-title')?.textContent,
      range: doc.getElementById('export-range')?.textContent,
      footer: [...doc.querySelectorAll('#export-footer text')].map((t) => t.textContent).join('\n'),
      styled: doc.querySelectorAll('[class], [style], style, link, foreignObject').length,
    };
  }, svgText);
  expect(parsed.parsed).toBe(true);
  expect(svgText).not.toContain('foreignObject');
  expect(svgText).not.toContain('var(');
  expect(parsed.styled).toBe(0);
  expect(shownBars).toBeGreaterThan(7);
  expect(parsed.bars).toBe(shownBars);
  // The export's title: the key as the export names it (its ARN), where the panel says only "Usage by operation".
  expect(parsed.title).toMatch(/^Usage by operation of arn:aws:kms:[\w-]+:\d{12}:key\//);
  expect(parsed.range).toBe(range);
  // The legend, drawn as text beside its swatches.
  for (const name of legend) expect(parsed.texts).toContain(name);
  // A short footer: names, parameters and hashes, not the SQL.
  expect(parsed.footer).toMatch(/Query usage_timeline · SQL sha256 [0-9a-f]{12} · parameters: \[/);
  expect(parsed.footer).toContain('Full SQL');
  expect(parsed.footer).not.toContain('SELECT');
  // ~1,000 characters, give or take where its lines wrap; with the SQL (1,320 characters) it would pass 2,300.
  // (A bound of 1,000 failed once in CI at 1,014.)
  expect(parsed.footer.length).toBeLessThan(1500);

  // Drawn alone, as a tool would draw a file: not blank, and it looks like the chart (screenshot).
  await page.setContent(
    `<body style="margin:0"><img id="svg" src="data:image/svg+xml;base64,${Buffer.from(svgText).toString('base64')}"></body>`,
  );
  const img = page.locator('#svg');
  await img.evaluate((i: HTMLImageElement) => i.decode());
  expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(Math.ceil(box.width));
  const shot = await img.screenshot({ path: 'test-results/screenshots/timeline-export-svg.png' });
  expect((await pngStats(page, shot)).colours).toBeGreaterThan(10);
});

test('every row of the principal × key grid adds up to its total, keys without a column included', async ({ page }) => {
  await page.goto('/failures?range=30d');
  const grid = page.getByTestId('principal-key-heatmap');
  await expect(grid.locator('a').first()).toBeVisible();
  const rows = await grid.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      total: Number((tr as HTMLElement).dataset.total),
      cells: [...tr.querySelectorAll('[data-count]')].map((c) => Number(c.getAttribute('data-count'))),
      shown: Number(tr.querySelector('[data-row-total]')?.textContent?.replace(/,/g, '')),
    })),
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.cells.reduce((a, b) => a + b, 0)).toBe(r.total);
    expect(r.shown).toBe(r.total);
  }
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  await page.locator('#panel-failures-by-principal-key').screenshot({ path: 'test-results/screenshots/principal-key-grid.png' });
});

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });
  test('a wide panel exports in full, in the colours it is shown in (light text on its dark background)', async ({ page }) => {
    await page.setViewportSize({ width: 600, height: 900 });
    await page.goto('/failures?range=30d');
    const panel = page.locator('#panel-failures-by-principal-key');
    await expect(panel.locator('table a').first()).toBeVisible();
    // On a narrow screen the principal × key grid scrolls sideways: the image must hold all of it.
    const full = await panel
      .locator('table')
      .first()
      .evaluate((t) => t.scrollWidth);
    const shown = await panel.evaluate((p) => p.clientWidth);
    expect(full).toBeGreaterThan(shown);
    await panel.getByLabel(/^Export /).click();
    const [png] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'PNG' }).click()]);
    const bytes = fs.readFileSync((await png.path())!);
    expect(bytes.readUInt32BE(16) / 2).toBeGreaterThanOrEqual(full);
    const { corner, light } = await pngStats(page, bytes);
    expect(corner).toBeLessThan(80);
    expect(light).toBeGreaterThan(100);
    // The page is back as it was: the grid scrolls again.
    expect(await panel.evaluate((p) => p.clientWidth)).toBe(shown);
  });
});

test("the heatmap's Integrity view exports as an image that says it shows only integrity failures", async ({ page }) => {
  await page.goto('/failures?range=7d');
  const panel = page.locator('#panel-failures-by-hour');
  const heatmap = panel.getByTestId('weekday-hour-heatmap');
  await expect(heatmap.locator('a.heat-cell').first()).toBeVisible();
  await heatmap.getByRole('button', { name: 'Integrity', exact: true }).click();
  // The total the image shows, read off the cells on screen (the toggle filters there, not in the query).
  const counts = await heatmap.locator('a.heat-cell').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-count'))));
  const total = counts.reduce((a, b) => a + b, 0);
  await panel.getByLabel(/^Export /).click();
  const [svg] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'SVG', exact: true }).click()]);
  const text = fs.readFileSync((await svg.path())!, 'utf8');
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  fs.writeFileSync('test-results/screenshots/heatmap-integrity-export.svg', text);
  const { title, body, footer, totalX, rowLabelX } = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const texts = [...doc.querySelectorAll('#export-body text')];
    const x = (n: Element | undefined) => Number(n?.getAttribute('x'));
    return {
      // Where the total starts, against the grid's weekday labels (the left edge of the panel's content).
      totalX: x(texts.find((n) => n.textContent?.includes('Integrity failures'))),
      rowLabelX: x(texts.find((n) => n.textContent === 'Mon')),
      title: doc.querySelector('#export-title')?.textContent ?? '',
      // Each run of text in the panel is its own <text>: read in order, one space apart.
      body: [...doc.querySelectorAll('#export-body text')].map((n) => n.textContent).join(' '),
      // Footer lines wrap at spaces and commas: joined back into one line of text.
      footer: [...doc.querySelectorAll('#export-footer text')]
        .map((n) => n.textContent)
        .join(' ')
        .replace(/\s+/g, ' '),
    };
  }, text);
  expect(title).toBe('Failed calls by weekday and hour (UTC) · only Integrity: ciphertext, signature or MAC rejected');
  expect(footer).toContain('· only Integrity: ciphertext, signature or MAC rejected');
  // The total says what the image shows; the toggle buttons, screen controls, are left out.
  expect(body).toMatch(new RegExp(`${total.toLocaleString('en-US')}\\s+Integrity failures\\s+· hours in UTC`));
  for (const button of ['All failures', 'AccessDenied', 'Key state']) expect(body).not.toContain(button);
  // With the buttons left out, the total starts the row where the grid starts, not after a gap.
  expect(Math.abs(totalX - rowLabelX)).toBeLessThan(8);
  // The PNG leaves them out too (looked at by eye: test-results/screenshots).
  await panel.getByLabel(/^Export /).click();
  const [png] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'PNG', exact: true }).click()]);
  fs.copyFileSync((await png.path())!, 'test-results/screenshots/heatmap-integrity-export.png');
  // The evidence pack names the same view: its images' provenance is titled as the single export's,
  // and its CSV and JSON (every class: the toggle filters on screen) keep the query's title.
  const [zip] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Evidence pack (ZIP)' }).click(),
  ]);
  const files = unzipSync(new Uint8Array(fs.readFileSync((await zip.path())!)));
  const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as {
    files: { path: string; panel: string; shownOnScreen?: string; provenance: { title: string } }[];
  };
  const only = 'Integrity: ciphertext, signature or MAC rejected';
  const heatFiles = manifest.files.filter((f) => f.panel === 'failures-by-hour');
  expect(heatFiles.map((f) => [f.path.split('.').pop(), f.shownOnScreen, f.provenance.title])).toEqual([
    ['json', only, 'Failed calls by weekday and hour (UTC)'],
    ['csv', only, 'Failed calls by weekday and hour (UTC)'],
    ['png', only, `Failed calls by weekday and hour (UTC) · only ${only}`],
    ['svg', only, `Failed calls by weekday and hour (UTC) · only ${only}`],
  ]);
  const packSvg = Buffer.from(files[heatFiles[3].path]).toString();
  expect(packSvg).toContain(`>Failed calls by weekday and hour (UTC) · only ${only}</text>`);
  // Other panels show all their query returned.
  expect(manifest.files.filter((f) => f.panel !== 'failures-by-hour').every((f) => f.shownOnScreen === undefined)).toBe(true);
  // Back to every failure: the image's title is the query's again.
  await heatmap.getByRole('button', { name: 'All failures', exact: true }).click();
  await panel.getByLabel(/^Export /).click();
  const [all] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'SVG', exact: true }).click()]);
  expect(fs.readFileSync((await all.path())!, 'utf8')).toContain('>Failed calls by weekday and hour (UTC)</text>');
});

test.describe('in dark mode, as SVG', () => {
  test.use({ colorScheme: 'dark' });
  test("a chart's vector SVG keeps its dark background and light text, in colours every tool reads", async ({ page }) => {
    await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
    const panel = page.locator('#panel-timeline');
    await expect(panel.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await panel.getByLabel(/^Export Usage by operation/).click();
    const [svg] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'SVG', exact: true }).click()]);
    const text = fs.readFileSync((await svg.path())!, 'utf8');
    // Tailwind's oklch() colours come out as hex: older tools know no oklch().
    expect(text).not.toMatch(/oklch|var\(/);
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const bg = /<rect x="0" y="0" width="\d+" height="\d+" fill="(#[0-9a-f]{6})"/.exec(text)![1];
    const ink = /<text id="export-title"[^>]* fill="(#[0-9a-f]{6})"/.exec(text)![1];
    expect(lum(bg)).toBeLessThan(80);
    expect(lum(ink)).toBeGreaterThan(180);
    await page.setContent(
      `<body style="margin:0"><img id="svg" src="data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}"></body>`,
    );
    await page.locator('#svg').evaluate((i: HTMLImageElement) => i.decode());
    await page.locator('#svg').screenshot({ path: 'test-results/screenshots/timeline-export-svg-dark.png' });
  });
});

test('the evidence pack holds every panel as PNG, SVG, CSV and JSON, and every hash in the manifest matches', async ({ page }) => {
  await page.goto('/failures?range=7d');
  await expect(page.locator('#panel-failures-by-hour a.heat-cell').first()).toBeVisible();
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Evidence pack (ZIP)' }).click();
  // One pack at a time: the button says it is building and takes no second click.
  await expect(page.getByRole('button', { name: 'Building evidence pack…' })).toBeDisabled();
  const dl = await download;
  await expect(page.getByRole('button', { name: 'Evidence pack (ZIP)' })).toBeEnabled();
  const files = unzipSync(new Uint8Array(fs.readFileSync((await dl.path())!)));
  const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as {
    complete: boolean;
    missing: unknown[];
    files: { path: string; sha256: string; panel: string; svgKind?: string; provenance: { queries: unknown[]; generatedAt: string } }[];
  };
  expect([manifest.complete, manifest.missing]).toEqual([true, []]);
  const panels = new Set(manifest.files.map((f) => f.panel));
  expect([...panels].sort()).toEqual(['failures-by-day', 'failures-by-hour', 'failures-by-principal-key']);
  expect(manifest.files).toHaveLength(12);
  for (const f of manifest.files) {
    expect(crypto.createHash('sha256').update(files[f.path]).digest('hex')).toBe(f.sha256);
    expect(f.provenance.queries.length).toBeGreaterThan(0);
    // Each data file's entry is that file's own: the CSV came from a request of its own.
    const text = Buffer.from(files[f.path]).toString();
    if (f.path.endsWith('.csv')) expect(text).toContain(`# generatedAt: ${f.provenance.generatedAt}\r\n`);
    if (f.path.endsWith('.json')) expect(JSON.parse(text).meta.generatedAt).toBe(f.provenance.generatedAt);
  }
  // The heatmap's SVG is vectors (a rect per cell of the 7 × 24 grid); a table's is HTML inside, and says so.
  const svgOf = (panel: string) => manifest.files.find((f) => f.panel === panel && f.path.endsWith('.svg'))!;
  const heat = Buffer.from(files[svgOf('failures-by-hour').path]).toString();
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  fs.writeFileSync('test-results/screenshots/heatmap-export.svg', heat);
  expect(svgOf('failures-by-hour').svgKind).toBe('vector');
  expect(heat).not.toContain('foreignObject');
  expect(heat).not.toContain('var(');
  expect((heat.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(7 * 24);
  expect(svgOf('failures-by-principal-key').svgKind).toBe('html');
  await page.setContent(
    `<body style="margin:0"><img id="svg" src="data:image/svg+xml;base64,${Buffer.from(heat).toString('base64')}"></body>`,
  );
  await page.locator('#svg').evaluate((i: HTMLImageElement) => i.decode());
  await page.locator('#svg').screenshot({ path: 'test-results/screenshots/heatmap-export-svg.png' });
});

test('a panel that cannot be exported is left out of the evidence pack, named in its manifest and on the page', async ({ page }) => {
  await page.goto('/failures?range=7d');
  await expect(page.locator('#panel-failures-by-hour a.heat-cell').first()).toBeVisible();
  // As an Athena throttle would answer one panel's export.
  await page.route('**/api/export/failures-by-day?*', (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'Athena is throttling requests.' }) }),
  );
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Evidence pack (ZIP)' }).click();
  const files = unzipSync(new Uint8Array(fs.readFileSync((await (await download).path())!)));
  const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as {
    complete: boolean;
    missing: { panel: string; error: string }[];
    files: { panel: string }[];
  };
  expect(manifest.complete).toBe(false);
  expect(manifest.missing).toEqual([{ panel: 'failures-by-day', error: 'failures-by-day: HTTP 503, Athena is throttling requests.' }]);
  expect([...new Set(manifest.files.map((f) => f.panel))].sort()).toEqual(['failures-by-hour', 'failures-by-principal-key']);
  await expect(page.getByRole('status').filter({ hasText: 'Evidence pack downloaded without 1 of 3 panels' })).toContainText(
    'failures-by-day: HTTP 503, Athena is throttling requests.',
  );
});

test('the events list exports every matching event as CSV', async ({ page, request }) => {
  await page.goto('/events?range=7d&eventName=DescribeKey');
  const href = (await page.getByTestId('export-events-csv').getAttribute('href'))!;
  const text = await (await request.get(href)).text();
  const rows = text.split('\r\n').filter((l) => l && !isProvenanceLine(l));
  const api = await (await request.get('/api/events?range=7d&eventName=DescribeKey&limit=1000')).json();
  expect(api.events.length).toBeGreaterThan(50); // more than one page of the list
  expect(rows.length - 1).toBe(api.events.length);
});

test('the report renders and downloads as a PDF of several pages', async ({ page, request }) => {
  await page.goto('/report?range=30d');
  await expect(page.getByTestId('report')).toContainText('Rotation compliance');
  // A preset ends now: the header never claims a time after the report was made.
  await expect(page.getByTestId('report').locator('header')).toContainText(/→ now, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · generated/);
  // The e2e store is the sample: on paper, where the banner is not printed, the report says so itself.
  await expect(page.getByTestId('report').locator('header')).toContainText("source: KeyTrail's sample data: invented events");
  await expect(page.getByTestId('report-sample')).toBeVisible();
  await expect(page).toHaveTitle(/^Report \d{4}-\d\d-\d\d \d\d:\d\d UTC → now/);
  await page.screenshot({ path: 'test-results/screenshots/report.png', fullPage: true });
  const href = (await page.getByTestId('download-pdf').getAttribute('href'))!;
  // As behind a load balancer: the PDF's links lead to where the caller reached the dashboard.
  const res = await request.get(href, {
    timeout: 90_000,
    headers: { 'x-forwarded-host': 'keytrail.example.com', 'x-forwarded-proto': 'https' },
  });
  expect(res.status()).toBe(200);
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThan(1);
  expect(text).toMatch(/\/URI \(https:\/\/keytrail\.example\.com\/keys\//);
  expect(text).not.toMatch(/\/URI \(http:\/\/(127\.0\.0\.1|localhost)/);
  // The report has no key filter: a PDF must not look filtered when it is not.
  const keyed = await request.get(`${href}&key=alias/payments`);
  expect(keyed.status()).toBe(400);
  expect((await keyed.json()).error).toMatch(/covers every key and principal/);
});
