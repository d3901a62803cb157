// The Cloud Endpoints report in a real browser: a sales-motion bar filters the table and the
// URL, hidden columns come back from the column picker, CSV = view, and tenant-supplied text
// in charts and cells stays text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, insights, parseCsv, rowCount, renderedColumn, plainNumber } from './harness.mjs';

const EVIL = `<script>window.__pwned=1</script> "Q" & 'x' <img src=x onerror="window.__pwned=2">`;

const toCsv = (rows) => rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';

let server, browser, page, exported, dialogs = 0;

before(async () => {
  server = await startServer({
    tenants: 400,
    seed: 11,
    // Tenant-supplied text with markup, quotes and ampersands: one tenant's name and one MCI
    // workshop name (chart E's labels).
    prepare: async (dir) => {
      const epFile = path.join(dir, 'cloud_endpoints.csv');
      const eps = parseCsv(readFileSync(epFile, 'utf8'));
      const mci = eps[0].indexOf('MCI eligibility');
      // Every tenant with a workshop gets the evil one too, and the evil name: some of them
      // are in the report whatever the visibility rules decide.
      const targets = new Set();
      for (const r of eps.slice(1)) {
        if (r[mci] !== '') { r[mci] = `${EVIL};${r[mci]}`; targets.add(r[0]); }
      }
      writeFileSync(epFile, toCsv(eps));
      const tFile = path.join(dir, 'tenants.csv');
      const tenants = parseCsv(readFileSync(tFile, 'utf8'));
      for (const r of tenants.slice(1)) if (targets.has(r[0])) r[1] = EVIL;
      writeFileSync(tFile, toCsv(tenants));
    },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
  exported = parseCsv(insights(['export', '--db', server.db, 'cloud-endpoints']));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(query = '') {
  await page.goto(`${server.url}/cloud-endpoints${query}`);
  await page.getByTestId('row').first().waitFor();
}

const waitCount = (n) => page.waitForFunction(
  (n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), n);

async function headers() {
  return (await page.locator('table.data thead th').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
}

test('every exported tenant is in the table and the KPI tile', async () => {
  await open();
  assert.equal(await rowCount(page), exported.length - 1);
  const tile = page.locator('[data-testid=kpi][data-kpi=tenants] .value');
  assert.equal(plainNumber(await tile.textContent()), exported.length - 1);
});

test('clicking a sales-motion bar filters the table and says so in the URL', async () => {
  await open();
  const motionCol = exported[0].indexOf('Sales motion');
  assert.ok(motionCol >= 0);
  // The rarest motion present, so the filter visibly narrows the table.
  const tally = {};
  for (const r of exported.slice(1)) tally[r[motionCol]] = (tally[r[motionCol]] ?? 0) + 1;
  const [motion, expected] = Object.entries(tally).sort((a, b) => a[1] - b[1])[0];
  const bar = page.getByTestId('chart-c').locator(`[data-testid=bar][data-label="${motion}"]`);
  assert.match(await bar.getAttribute('aria-label'), new RegExp(`: ${expected}\\.`));
  await bar.click();
  await waitCount(expected);
  assert.equal(new URL(page.url()).searchParams.get('motion'), motion);
  assert.equal(await bar.getAttribute('aria-pressed'), 'true');
  const motions = await renderedColumn(page, 'Sales Motion');
  assert.ok(motions.length > 0 && motions.every((m) => m.trim() === motion), motions.join('|'));
  // The "why?" of a motion ends with the motion.
  await page.locator('[data-testid=why][data-col=sales_motion]').first().click();
  const steps = await page.getByTestId('why-panel').locator('li').allTextContents();
  assert.ok(steps.at(-1).includes(motion), steps.join(' | '));
  // A link reproduces it; clicking the bar again clears it.
  await page.reload();
  await waitCount(expected);
  await page.getByTestId('chart-c').locator(`[data-testid=bar][data-label="${motion}"]`).click();
  await waitCount(exported.length - 1);
});

test('a hidden column comes back from the column picker, and the CSV is the view', async () => {
  await open();
  assert.ok(!(await headers()).includes('Industry/Vertical'));
  await page.getByTestId('columns').locator('summary').click();
  await page.locator('[data-testid=columns] input[data-col=industry]').check();
  await page.waitForFunction(() => !!document.querySelector('th[data-col=industry]'));
  assert.match(page.url(), /cols=/);
  await page.getByTestId('search').fill('e');
  await page.waitForURL(/[?&]q=e(&|$)/);
  const n = await rowCount(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(csv[0], await headers());
  assert.ok(csv[0].includes('Industry/Vertical'));
  assert.equal(csv.length - 1, n);
  const shown = await renderedColumn(page, 'Tenant Name');
  assert.deepEqual(csv.slice(1, 1 + shown.length).map((r) => r[csv[0].indexOf('Tenant Name')]), shown);
});

test('tenant-supplied text in charts and cells stays text', async () => {
  await open();
  const chart = page.getByTestId('chart-e');
  const labels = await chart.locator('[data-testid=bar]').evaluateAll((bs) => bs.map((b) => b.dataset.label));
  assert.ok(labels.includes(EVIL), labels.join(' | '));
  assert.equal(await page.locator('.chart-svg script, .chart-svg img, .chart-svg foreignObject').count(), 0);
  assert.ok((await chart.locator('.chart-svg').innerHTML()).includes('&lt;script&gt;'));
  await chart.locator(`[data-testid=bar][data-label="${EVIL.replaceAll('"', '\\"')}"]`).click();
  await page.waitForURL(/mci=/);
  const n = await rowCount(page);
  assert.ok(n >= 1 && n < exported.length - 1, `${n} tenants list the evil workshop`);
  const names = await renderedColumn(page, 'Tenant Name');
  assert.ok(names.every((name) => name === EVIL), names.join(' | '));
  const mciCells = await renderedColumn(page, 'MCI Eligibility');
  assert.ok(mciCells.every((c) => c.startsWith(EVIL)), mciCells.join(' | '));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(dialogs, 0);
});
