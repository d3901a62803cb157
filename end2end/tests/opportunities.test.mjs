// The Opportunities report in a real browser: tiles and grid filter the table, sort, column
// configuration, the whole view in the URL (reload, Back/Forward), "why?", CSV = view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, insights, parseCsv, rowCount, renderedColumn, plainNumber, eventually } from './harness.mjs';

let server, browser, page, exported, col;

before(async () => {
  server = await startServer({ tenants: 400, seed: 11 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  exported = parseCsv(insights(['export', '--db', server.db, 'opportunities']));
  col = (name) => exported[0].indexOf(name);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(query = '') {
  await page.goto(`${server.url}/opportunities${query}`);
  await page.getByTestId('row').first().waitFor();
}

const waitCount = (n) => page.waitForFunction(
  (n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), n);

async function headers() {
  return (await page.locator('table.data thead th').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
}

test('shows every exported row, virtualized, with the seed columns', async () => {
  await open();
  assert.equal(await rowCount(page), exported.length - 1);
  const dom = await page.getByTestId('row').count();
  assert.ok(dom > 0 && dom <= 100, `DOM rows ${dom}`);
  assert.deepEqual(await headers(), ['TPID', 'Tenant ID', 'Tenant name', 'Workload', 'SKU', 'MAU', 'PAU',
    'Usage %', 'Usage threshold', 'Usage tipping point', 'Opportunity', 'CPOR claim #', 'Starting HWM',
    'Prior HWM', 'Potential earnings', 'Resources']);
});

test('a tile click filters the table to what the tile counts, and Back undoes it', async () => {
  await open();
  const tile = page.locator('[data-testid=tile][data-focus=claim]');
  const value = plainNumber(await tile.locator('.value').textContent());
  const claimOpps = ['Claim workload', 'Claim incentives', 'Drive usage and claim incentives'];
  const expected = exported.slice(1).filter((r) => claimOpps.includes(r[col('Opportunity')])).length;
  assert.equal(value, expected, 'tile = rows of the export with a claim opportunity');
  await tile.click();
  await waitCount(expected);
  assert.equal(await tile.getAttribute('aria-pressed'), 'true');
  assert.match(page.url(), /focus=claim/);
  const opps = await renderedColumn(page, 'Opportunity');
  assert.ok(opps.every((o) => claimOpps.includes(o)), opps.join('|'));
  await page.getByTestId('focus-chip').waitFor();
  await page.goBack();
  await waitCount(exported.length - 1);
  await page.goForward();
  await waitCount(expected);
});

test('a tenant tile and a grid cell count tenants, in the SKU tab too', async () => {
  await open('?scope=e3');
  const tab = page.locator('[data-testid=scope-tab][aria-selected=true]');
  assert.equal((await tab.textContent()).trim(), 'E3');
  const tenants = plainNumber(await page.getByTestId('tile-tenants').locator('.value').textContent());
  assert.equal(Number(await page.getByTestId('tenant-count').textContent()), tenants);
  const upsell = page.locator('[data-testid=tile][data-focus=upsell]');
  const n = plainNumber(await upsell.locator('.value').textContent());
  await upsell.click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=tenant-count]').textContent === String(n), n);
  await open();
  const cell = page.locator('[data-testid=grid-cell][data-focus="grid:e3:below"]');
  const inCell = Number((await cell.getAttribute('aria-label')).match(/: (\d+) tenants/)[1]);
  await cell.click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=tenant-count]').textContent === String(n), inCell);
  assert.match(page.url(), /focus=grid%3Ae3%3Abelow|focus=grid:e3:below/);
  const skus = await renderedColumn(page, 'SKU');
  assert.ok(skus.length > 0);
});

test('sorts by Potential earnings, hides a column, and a reload keeps the whole view', async () => {
  await open();
  await page.locator('[data-testid=tile][data-focus=earnings]').click();
  const th = page.locator('th[data-col=potential_earnings] button');
  await th.click();
  await th.click();
  await page.waitForFunction(() => document.querySelector('th[data-col=potential_earnings]').getAttribute('aria-sort') === 'descending');
  const earnings = (await renderedColumn(page, 'Potential earnings')).map(plainNumber);
  const all = exported.slice(1).map((r) => Number(r[col('Potential earnings')])).filter((v) => v > 0).sort((a, b) => b - a);
  assert.deepEqual(earnings, all.slice(0, earnings.length));

  await page.getByTestId('columns').locator('summary').click();
  await page.locator('[data-testid=columns] input[data-col=resources]').uncheck();
  await page.waitForFunction(() => !document.querySelector('th[data-col=resources]'));
  await page.getByTestId('search').fill('a');
  await page.waitForURL(/[?&]q=a(&|$)/);
  const n = await rowCount(page);
  const before = await headers();
  assert.ok(!before.includes('Resources'));

  await page.reload();
  await page.getByTestId('row').first().waitFor();
  assert.equal(await rowCount(page), n);
  assert.deepEqual(await headers(), before);
  assert.equal(await page.locator('th[data-col=potential_earnings]').getAttribute('aria-sort'), 'descending');
  assert.equal(await page.getByTestId('search').inputValue(), 'a');
  assert.equal(await page.locator('[data-testid=tile][data-focus=earnings]').getAttribute('aria-pressed'), 'true');

  // The choice of columns is remembered for a link without any.
  await open();
  assert.ok(!(await headers()).includes('Resources'));
  await page.getByTestId('columns').locator('summary').click();
  await page.getByText('Reset to default columns').click();
  await page.waitForFunction(() => !!document.querySelector('th[data-col=resources]'));
});

test('Download CSV gives exactly the visible rows and columns, in view order', async () => {
  await open('?sort=potential_earnings&dir=desc&cols=tenant_name,workload,sku,opportunity,potential_earnings&threshold=Below');
  const n = await rowCount(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(csv[0], await headers());
  assert.equal(csv.length - 1, n);
  const shown = await renderedColumn(page, 'Tenant name');
  assert.deepEqual(csv.slice(1, 1 + shown.length).map((r) => r[0]), shown);
  const belowRows = exported.slice(1).filter((r) => r[col('Usage threshold')] === 'Below').length;
  assert.equal(n, belowRows);
});

test('"why?" on a computed cell lists the checks behind it; definitions open', async () => {
  await open();
  await page.locator('[data-testid=why][data-col=opportunity]').first().click();
  const panel = page.getByTestId('why-panel');
  await panel.waitFor();
  const steps = await panel.locator('li').allTextContents();
  assert.ok(steps.length >= 2, steps.join(' | '));
  assert.match(steps.at(-1), /^→ /);
  const value = (await page.locator('[data-testid=why][data-col=opportunity]').first().textContent()).trim();
  assert.equal(steps.at(-1), `→ ${value}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('glossary-toggle').click();
  const glossary = page.getByTestId('glossary');
  await glossary.waitFor();
  assert.match(await glossary.textContent(), /Usage tipping point/);
});

test('what-if thresholds recompute every figure and "why?", and live in the URL', async () => {
  await open();
  await page.getByTestId('what-if').locator('summary').click();
  await page.getByTestId('what-if-min_pau').fill('1000000');
  await page.getByTestId('what-if-min_pau').press('Enter');
  await page.waitForURL(/whatif=1~n1000000/);
  // Nobody has a million paid seats: every workload is ineligible → Upsell, no claim opportunity.
  await page.waitForFunction(() => document.querySelector('[data-testid=tile][data-focus=claim] .value')?.textContent === '0');
  // The tiles follow at once, the rows a frame later (`Report::view`).
  await eventually(async () => {
    const opps = await renderedColumn(page, 'Opportunity');
    assert.ok(opps.every((o) => o === 'Upsell'), opps.join('|'));
  });
  assert.equal(await rowCount(page), exported.length - 1, 'the same rows, re-evaluated');
  await page.locator('[data-testid=why][data-col=opportunity]').first().click();
  const steps = await page.getByTestId('why-panel').locator('li').allTextContents();
  assert.ok(steps.some((s) => s.includes('1000000')), steps.join(' | '));
  await page.getByTestId('what-if-reset').click();
  await page.waitForFunction(() => !location.search.includes('whatif'));
  await page.waitForFunction(() => document.querySelector('[data-testid=tile][data-focus=claim] .value')?.textContent !== '0');
});
