// Numbers and times for people: the view shows `$`, thousands separators, compact tiles with
// the exact figure on hover, instants in the browser's time zone with the UTC instant on
// hover — and the CSV of the same view keeps the data contract's plain forms. Also the header's
// "Got feedback" link (configured) and the keyboard shortcut list (`?`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, parseCsv, renderedColumn, plainNumber } from './harness.mjs';

const FEEDBACK = 'https://forms.example.com/insights?from=e2e';
let server, browser, page;

before(async () => {
  server = await startServer({ tenants: 400, seed: 11, feedbackUrl: FEEDBACK });
  browser = await launchBrowser();
  page = await browser.context.newPage();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function download() {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  return parseCsv(readFileSync(await d.path(), 'utf8'));
}

test('a money tile shows $ compactly with the exact figure on hover; cells show $ and separators; the CSV of the view is plain', async () => {
  await page.goto(`${server.url}/cloud-endpoints`);
  await page.getByTestId('row').first().waitFor();
  const tile = page.locator('[data-testid=kpi][data-kpi=earnings]');
  assert.match(await tile.locator('.value').textContent(), /^\$\d{1,3}(\.\d{1,2})?[KMBT]$|^\$\d{1,3}\.\d\d$/);
  assert.match(await tile.getAttribute('title'), /^\$\d{1,3}(,\d{3})*\.\d\d — /);

  await page.goto(`${server.url}/opportunities?sort=potential_earnings&dir=desc`);
  await page.getByTestId('row').first().waitFor();
  const shown = await renderedColumn(page, 'Potential earnings');
  assert.match(shown[0], /^\$\d{1,3}(,\d{3})+\.\d\d$/, 'the largest earnings need a separator');
  const mau = await renderedColumn(page, 'MAU');
  assert.ok(mau.every((m) => /^\d{1,3}(,\d{3})*$/.test(m)), mau.join('|'));
  const csv = await download();
  const e = csv[0].indexOf('Potential earnings');
  const m = csv[0].indexOf('MAU');
  assert.match(csv[1][e], /^\d+\.\d\d$/, 'plain in the CSV');
  assert.deepEqual(csv.slice(1, 1 + shown.length).map((r) => Number(r[e])), shown.map(plainNumber));
  assert.deepEqual(csv.slice(1, 1 + mau.length).map((r) => r[m]), mau.map((v) => v.replaceAll(',', '')));
});

test('instants read in the browser\'s locale and time zone, with the UTC instant on hover; the CSV keeps RFC 3339', async () => {
  await page.goto(`${server.url}/referrals?cols=referral_id,assigned&sort=referral_id`);
  await page.getByTestId('row').first().waitFor();
  const cell = page.getByTestId('row').first().locator('td').nth(1);
  const [text, title] = [await cell.textContent(), await cell.getAttribute('title')];
  assert.match(title, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const local = await page.evaluate((t) => new Intl.DateTimeFormat([], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t)), title);
  assert.equal(text, local);
  const csv = await download();
  assert.equal(csv[1][csv[0].indexOf('Date of assignment')], title);
});

test('the feedback link goes where --feedback-url says, and `?` opens the shortcut list as a dialog', async () => {
  await page.goto(`${server.url}/opportunities`);
  await page.getByTestId('row').first().waitFor();
  const link = page.getByTestId('feedback');
  assert.equal(await link.getAttribute('href'), FEEDBACK);
  assert.equal(await link.getAttribute('target'), '_blank');

  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'shortcuts');
  assert.match(await dialog.textContent(), /Page Up \/ Page Down/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  // Typed into a field, `?` is just a character.
  await page.getByTestId('search').fill('');
  await page.getByTestId('search').press('?');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count(), 0);
  assert.equal(await page.getByTestId('search').inputValue(), '?');
});

test('without --feedback-url there is no feedback link', async () => {
  const bare = await startServer({ tenants: 20, seed: 3 });
  try {
    const p = await browser.context.newPage();
    await p.goto(`${bare.url}/tenants`);
    await p.getByTestId('row').first().waitFor();
    assert.equal(await p.getByTestId('feedback').count(), 0);
    await p.close();
  } finally {
    await bare.stop();
  }
});
