// The Tenants report in a real browser: load, search, filter, sort, download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, insights, parseCsv, rowCount, renderedColumn, plainNumber } from './harness.mjs';

let server, browser, page, exported;

before(async () => {
  server = await startServer({ tenants: 400, seed: 11 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  exported = parseCsv(insights(['export', '--db', server.db, 'tenants']));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(query = '') {
  await page.goto(`${server.url}/tenants${query}`);
  await page.getByTestId('row').first().waitFor();
}

test('renders every exported tenant, virtualized', async () => {
  await open();
  assert.equal(await rowCount(page), exported.length - 1);
  const domRows = await page.getByTestId('row').count();
  assert.ok(domRows > 0 && domRows <= 100, `DOM rows ${domRows}`);
  const names = await renderedColumn(page, 'Tenant name');
  assert.deepEqual(names, exported.slice(1, 1 + names.length).map((r) => r[0]));
});

test('search narrows to tenant name or domain matches and the URL keeps it', async () => {
  await open();
  const term = exported[5][0].split(' ')[0].toLowerCase();
  await page.getByTestId('search').fill(term);
  const expected = exported.slice(1).filter((r) => (r[0] + '\n' + r[1]).toLowerCase().includes(term));
  await page.waitForFunction((n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), expected.length);
  const names = await renderedColumn(page, 'Tenant name');
  assert.deepEqual(names, expected.slice(0, names.length).map((r) => r[0]));
  await page.waitForURL(new RegExp(`q=${term}`));
  await page.reload();
  await page.getByTestId('row').first().waitFor();
  assert.equal(await rowCount(page), expected.length);
  assert.equal(await page.getByTestId('search').inputValue(), term);
});

test('sorts by a column both ways with aria-sort', async () => {
  await open();
  const th = page.locator('th[data-col=mau]');
  await th.locator('button').click();
  await page.waitForFunction(() => document.querySelector('th[data-col=mau]').getAttribute('aria-sort') === 'ascending');
  const asc = (await renderedColumn(page, 'MAU')).map(plainNumber);
  const all = exported.slice(1).map((r) => Number(r[7])).sort((a, b) => a - b);
  assert.deepEqual(asc, all.slice(0, asc.length));
  await th.locator('button').click();
  await page.waitForFunction(() => document.querySelector('th[data-col=mau]').getAttribute('aria-sort') === 'descending');
  const desc = (await renderedColumn(page, 'MAU')).map(plainNumber);
  assert.deepEqual(desc, [...all].reverse().slice(0, desc.length));
  assert.equal(await page.locator('th[data-col=name]').getAttribute('aria-sort'), 'none');
});

test('filters by workload and claim date range', async () => {
  await open('?workload=Intune&from=2026-01-01&to=2026-06-30');
  const n = await rowCount(page);
  assert.ok(n > 0 && n < exported.length - 1, `filtered ${n}`);
  const usage = await renderedColumn(page, 'Workload usage');
  assert.ok(usage.every((u) => u.includes('Intune')), 'every row has Intune');
});

test('keyboard moves through rows and scrolls the window', async () => {
  await open();
  await page.locator('.table-scroll').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('tr.data-row.active'));
  const last = await page.locator('tr.data-row.active td').first().textContent();
  assert.equal(last, exported[exported.length - 1][0]);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('tr.data-row.active td').first().textContent(), exported[2][0]);
});

test('Download CSV gives exactly the rows of the view', async () => {
  await open('?sort=pau&dir=desc');
  await page.getByTestId('search').fill('a');
  const n = await rowCount(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(csv[0], exported[0], 'same headers as the export');
  assert.equal(csv.length - 1, n);
  const pau = csv.slice(1).map((r) => Number(r[8]));
  assert.deepEqual(pau, [...pau].sort((a, b) => b - a), 'in the view order');
  assert.ok(csv.slice(1).every((r) => (r[0] + '\n' + r[1]).toLowerCase().includes('a')));
});

test('an API failure shows a clear message', async () => {
  const p = await browser.context.newPage();
  await p.route('**/api/snapshot', (route) => route.fulfill({
    status: 500, contentType: 'application/json', body: '{"error":"the data store failed"}',
  }));
  await p.goto(`${server.url}/`);
  const err = p.getByTestId('load-error');
  await err.waitFor();
  assert.match(await err.textContent(), /could not be loaded.*500.*data store failed/s);
  await p.close();
});

test('a tenant name opens its detail page, and Back returns to the same view', async () => {
  await open('?sort=pau&dir=desc');
  const link = page.getByTestId('row-link').first();
  const name = await link.textContent();
  await link.click();
  await page.waitForURL(/\/tenants\/[0-9a-f-]{36}$/);
  await page.getByTestId('tenant-name').waitFor();
  assert.equal(await page.getByTestId('tenant-name').textContent(), name);
  await page.goBack();
  await page.getByTestId('row').first().waitFor();
  assert.match(page.url(), /sort=pau&dir=desc/);
  assert.equal(await page.getByTestId('row-link').first().textContent(), name);
});
