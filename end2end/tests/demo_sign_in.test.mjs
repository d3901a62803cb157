// Demo sign-in (issue 10): with no key configured the app opens signed in as the sample
// executive, marked "demo", and switches to what a Report viewer — of the whole organization
// or of one MPN — sees, without reloading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, rowCount } from './harness.mjs';

let server, browser, page;

before(async () => {
  server = await startServer({ tenants: 300, seed: 9 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const hasEarnings = async () =>
  (await page.locator('table.data thead th').allTextContents()).some((t) => t.includes('Potential earnings'));

test('opens as the sample executive, marked demo, and switches to the other sample users', async () => {
  await page.goto(`${server.url}/opportunities`);
  await page.getByTestId('row').first().waitFor();
  await page.getByTestId('demo-marker').waitFor();
  assert.equal(await page.getByTestId('user-role').textContent(), 'Executive report viewer');
  assert.equal(await page.getByTestId('user-scope').textContent(), 'Whole organization');
  assert.ok(await hasEarnings());
  await page.goto(`${server.url}/tenants`);
  await page.getByTestId('row').first().waitFor();
  const all = await rowCount(page);

  await page.getByTestId('demo-user').selectOption('viewer');
  await page.waitForFunction(() => document.querySelector('[data-testid=user-role]')?.textContent === 'Report viewer');
  await page.getByTestId('row').first().waitFor();
  assert.equal(await rowCount(page), all, 'the whole organization');
  await page.getByRole('link', { name: 'Opportunities' }).click();
  await page.getByTestId('row').first().waitFor();
  assert.equal(await page.getByTestId('user-role').textContent(), 'Report viewer', 'kept across pages');
  assert.ok(!(await hasEarnings()));
  // A reload signs in again (the token was in memory only), as the sample user this tab chose.
  await page.reload();
  await page.getByTestId('row').first().waitFor();
  assert.equal(await page.getByTestId('user-role').textContent(), 'Report viewer', 'kept across a reload');
  assert.ok(!(await hasEarnings()));

  await page.getByTestId('demo-user').selectOption('viewer-mpn');
  await page.waitForFunction(() => /^MPN \d+$/.test(document.querySelector('[data-testid=user-scope]')?.textContent ?? ''));
  await page.goto(`${server.url}/tenants`);
  await page.getByTestId('row').first().waitFor();
  const scoped = await rowCount(page);
  assert.ok(scoped > 0 && scoped < all, `${scoped} of ${all}`);
  const mpn = (await page.getByTestId('user-scope').textContent()).slice(4);
  const shown = await page.locator('[data-testid=row]').evaluateAll((rows) => rows.length);
  assert.ok(shown > 0);
  // Every tenant listed is of that MPN, as the server says.
  const snap = await (await server.fetch('/api/snapshot')).json();
  const ofMpn = snap.tenants.filter((t) => t.mpn_id === mpn).length;
  assert.equal(scoped, ofMpn);
});
