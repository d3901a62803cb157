// Customer eligibility in a real browser: the All-customers summary's counts equal the
// export, a count lists exactly those customers, a customer's tree shows Met / Not met with
// the export's current values, a leaf opens the rows behind it, and a filter in the URL
// survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, insights, parseCsv, rowCount } from './harness.mjs';

const AREA = 'Modern Work SMB';
const METRIC = 'Paid available units (PAU)';
let server, browser, page, exported;

before(async () => {
  // Dated today: the browser's deployment windows end today, as the export's do.
  server = await startServer({ tenants: 300, seed: 13, asOf: new Date().toISOString().slice(0, 10) });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  exported = parseCsv(insights(['export', '--db', server.db, 'eligibility']));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const col = (name) => exported[0].indexOf(name);
const rowsOf = (area, metric) => exported.slice(1).filter((r) => r[col('Solution area')] === area && r[col('Metric')] === metric);

test('a summary count lists those customers, and one customer shows its tree with the export\'s values', async () => {
  await page.goto(`${server.url}/eligibility`);
  await page.getByTestId('eligibility-summary').waitFor();
  const met = rowsOf(AREA, METRIC).filter((r) => r[col('Status')] === 'Met');
  assert.ok(met.length > 0, 'the demo has customers meeting it');
  const count = page.locator(`[data-testid=summary-count][data-area="${AREA}"][data-metric="${METRIC}"][data-effect=Positive]`);
  assert.equal(Number(await count.textContent()), met.length);
  await count.click();
  await page.waitForURL(/view=customers/);
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('area'), q.get('metric'), q.get('effect')], [AREA, METRIC, 'Positive']);
  assert.equal(await rowCount(page), met.length, 'one row per customer');
  assert.equal((await page.getByTestId('customer-count').textContent()).trim(), `· ${met.length} customers`);

  // Land on one customer.
  const link = page.getByTestId('row-link').first();
  const name = (await link.textContent()).trim();
  await link.click();
  const tree = page.getByTestId('tree');
  await tree.waitFor();
  const tpid = await tree.getAttribute('data-tpid');
  assert.ok(met.some((r) => r[col('TPID')] === tpid && r[col('Customer name')] === name), `${tpid} ${name}`);
  const area = tree.locator(`[data-testid=area-tree][data-area="${AREA}"]`);
  // Every metric leaf: the export's status and current value.
  const mine = exported.slice(1).filter((r) => r[col('TPID')] === tpid && r[col('Solution area')] === AREA);
  assert.equal(await area.locator('[data-testid=leaf][data-kind=metric]').count(), mine.length);
  const statuses = new Set();
  for (const r of mine) {
    const leaf = area.locator(`[data-testid=leaf][data-kind=metric][data-label="${r[col('Metric')]}"]`);
    assert.equal(await leaf.getAttribute('data-status'), r[col('Status')], r[col('Metric')]);
    assert.equal((await leaf.getByTestId('leaf-current').first().textContent()).trim(), r[col('Current value')]);
    assert.equal((await leaf.getByTestId('leaf-criterion').first().textContent()).trim(), r[col('Criterion')]);
    statuses.add(r[col('Status')]);
  }
  assert.ok(statuses.has('Met'));
  // Program eligibility checks come first, then the metrics.
  const kinds = await area.locator('[data-testid=leaf]').evaluateAll((ls) => ls.map((l) => l.dataset.kind));
  assert.equal(kinds[0], 'eligibility');

  // A leaf's details: the rows behind it and its checks.
  const pau = area.locator(`[data-testid=leaf][data-kind=metric][data-label="${METRIC}"]`);
  await pau.getByTestId('leaf-details-button').first().click();
  const details = pau.getByTestId('leaf-details');
  await details.waitFor();
  const rows = await details.getByTestId('leaf-row').allTextContents();
  assert.ok(rows.length > 0);
  assert.ok((await details.locator('ol.why li').count()) > 0);
  const headers = await details.locator('th').allTextContents();
  assert.ok(headers.includes('PAU') && headers.includes('Active subscription value (USD)'), headers.join('|'));
});

test('a filter in the URL survives a reload', async () => {
  const want = exported.slice(1).filter((r) => r[col('Solution area')] === 'Security' && r[col('Status')] === 'Not met');
  assert.ok(want.length > 0);
  await page.goto(`${server.url}/eligibility?view=customers&area=Security&status=Not%20met`);
  await page.getByTestId('row').first().waitFor();
  assert.equal(await rowCount(page), want.length);
  await page.reload();
  await page.getByTestId('row').first().waitFor();
  assert.equal(await rowCount(page), want.length);
  // The table's CSV is the view.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const { readFileSync } = await import('node:fs');
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.equal(csv.length - 1, want.length);
  const c = csv[0].indexOf('Current value');
  assert.deepEqual(csv.slice(1).map((r) => r[c]).sort(), want.map((r) => r[col('Current value')]).sort());
});
