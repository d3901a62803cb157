// License adoption in a real browser: the table holds the export's rows, a tile and a chart
// bar filter it through the URL (surviving a reload), the notes appear, and the CSV of the
// view equals the view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, insights, parseCsv, rowCount, renderedColumn } from './harness.mjs';

let server, browser, page, exported;

before(async () => {
  server = await startServer({ tenants: 300, seed: 17 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  exported = parseCsv(insights(['export', '--db', server.db, 'adoption']));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const col = (name) => exported[0].indexOf(name);
const waitCount = (n) => page.waitForFunction(
  (n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), n);

async function headers() {
  return (await page.locator('table.data thead th').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
}

test('every exported row is in the table; the low-adoption tile filters it and survives a reload', async () => {
  await page.goto(`${server.url}/adoption`);
  await page.getByTestId('row').first().waitFor();
  assert.equal(await rowCount(page), exported.length - 1);
  const low = exported.slice(1).filter((r) => r[col('Low adoption')] === 'Yes');
  assert.ok(low.length > 0);
  const tile = page.locator('[data-testid=kpi][data-kpi=low]');
  assert.equal(Number(await tile.locator('.value').textContent()), low.length);
  await page.getByTestId('low-adoption-note').waitFor();
  await tile.click();
  await waitCount(low.length);
  assert.equal(new URL(page.url()).searchParams.get('only'), 'low');
  await page.reload();
  await waitCount(low.length);
  assert.ok((await renderedColumn(page, 'Low adoption')).every((c) => c.trim() === 'Yes'));
});

test('a workload bar filters the table, and the CSV of the view equals the view', async () => {
  await page.goto(`${server.url}/adoption`);
  await page.getByTestId('row').first().waitFor();
  const bar = page.getByTestId('chart-adoption').locator('[data-testid=bar]').first();
  const workload = await bar.getAttribute('data-label');
  const want = exported.slice(1).filter((r) => r[col('Workload')] === workload);
  await bar.click();
  await waitCount(want.length);
  assert.equal(new URL(page.url()).searchParams.get('workload'), workload);
  await page.getByTestId('search').fill('a');
  await page.waitForURL(/[?&]q=a(&|$)/);
  const n = await rowCount(page);
  assert.ok(n > 0 && n <= want.length);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(csv[0], await headers());
  assert.equal(csv.length - 1, n);
  const shown = await renderedColumn(page, 'Tenant ID');
  const id = csv[0].indexOf('Tenant ID');
  assert.deepEqual(csv.slice(1, 1 + shown.length).map((r) => r[id]), shown);
  // The same cells as the export, row for row (matched by tenant and workload).
  const key = (r, h) => `${r[h.indexOf('Tenant ID')]}|${r[h.indexOf('Workload')]}|${r[h.indexOf('SKU')]}`;
  const byKey = new Map(exported.slice(1).map((r) => [key(r, exported[0]), r]));
  for (const r of csv.slice(1)) {
    const e = byKey.get(key(r, csv[0]));
    assert.ok(e, key(r, csv[0]));
    for (const h of ['Deployment %', 'Usage %', 'Low adoption', 'Usage above 100%']) {
      assert.equal(r[csv[0].indexOf(h)], e[col(h)], h);
    }
  }
});
