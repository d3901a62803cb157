// The one way to load and the one way to run a form (issue 9), seen in the browser: a failed
// load offers "Try again" that loads; a save in flight says "Saving…" and cannot be sent twice;
// a 400 puts the server's message beside the field it names and keeps the input; a refusal
// before sending points at the fields marked above it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';

let server, browser, page, referrals;

// Dated yesterday, so some pending referrals are still within their 7 days.
const asOf = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  server = await startServer({ tenants: 800, seed: 11, asOf });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  referrals = await (await server.fetch(`/api/referrals`)).json();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const pending = () => referrals.filter((r) => r.state.kind === 'Pending' && r.version === 0);

test('the data has pending referrals to edit', () => {
  assert.ok(pending().length >= 3, `pending referrals: ${pending().length}`);
});

async function openReferral(id) {
  await page.goto(`${server.url}/referrals?q=${id}&open=${id}`);
  await page.getByTestId('decision-form').waitFor();
}

test('a failed load says why, and "Try again" loads the page', async () => {
  const p = await browser.context.newPage();
  try {
    let failures = 1;
    await p.route('**/api/referrals', (route) => (failures-- > 0
      ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"the store is busy"}' })
      : route.continue()));
    await p.goto(`${server.url}/referrals`);
    const err = p.getByTestId('load-error');
    await err.waitFor();
    assert.match(await err.textContent(), /Your referrals could not be loaded\..*503.*the store is busy/s);
    await err.getByRole('button', { name: 'Try again' }).click();
    await p.getByTestId('row').first().waitFor();
    assert.equal(Number(await p.getByTestId('row-count').textContent()), referrals.length);
    assert.equal(await p.getByTestId('load-error').count(), 0);
  } finally {
    await p.close();
  }
});

test('a save in flight says "Saving…" and cannot be sent twice', async () => {
  const r = pending()[0];
  let puts = 0;
  await page.route('**/api/referrals/*/decision', async (route) => {
    puts++;
    await new Promise((done) => setTimeout(done, 1000));
    await route.continue();
  });
  try {
    await openReferral(r.referral.id);
    await page.getByTestId('status').fill('Engaged');
    await page.getByTestId('save-decision').click();
    await page.getByRole('status').filter({ hasText: 'Saving…' }).waitFor();
    assert.equal(await page.getByTestId('save-decision').isDisabled(), true);
    await page.getByTestId('saved').waitFor();
    assert.equal(await page.getByTestId('save-decision').isDisabled(), false);
    assert.equal(puts, 1);
    assert.match(await page.getByTestId('saved-decision').textContent(), /Pending · Engaged \(version 1\)/);
  } finally {
    await page.unroute('**/api/referrals/*/decision');
  }
});

test("a 400 puts the server's message beside the field it names and keeps the input", async () => {
  const r = pending()[1];
  await page.route('**/api/referrals/*/decision', (route) => route.fulfill({
    status: 400,
    contentType: 'application/json',
    body: JSON.stringify({
      error: 'the referral status is not one Partner Center knows',
      errors: [{ field: 'status', message: 'Pick a status Partner Center knows' }],
    }),
  }));
  try {
    await openReferral(r.referral.id);
    await page.getByTestId('status').fill('Somewhere in between');
    await page.getByTestId('save-decision').click();
    await page.getByTestId('invalid').waitFor();
    assert.match(await page.getByTestId('invalid').textContent(), /Not saved: the referral status is not one Partner Center knows/);
    assert.equal(await page.getByTestId('error-status').textContent(), 'Pick a status Partner Center knows');
    assert.equal(await page.getByTestId('status').inputValue(), 'Somewhere in between');
  } finally {
    await page.unroute('**/api/referrals/*/decision');
  }
});

test('a save refused before sending points at the fields marked above it', async () => {
  const r = pending()[2];
  await openReferral(r.referral.id);
  await page.getByTestId('acceptance').selectOption('Declined');
  await page.getByTestId('save-decision').click();
  const line = page.getByTestId('invalid');
  await line.waitFor();
  assert.match(await line.textContent(), /fix the fields marked above/);
  const fieldAbove = await page.evaluate(() => {
    const field = document.querySelector('[data-testid=error-decline_reason]');
    const outcome = document.querySelector('[data-testid=invalid]');
    return Boolean(field && outcome
      && (field.compareDocumentPosition(outcome) & Node.DOCUMENT_POSITION_FOLLOWING));
  });
  assert.ok(fieldAbove, 'the marked field stands above the message');

  // The same on the tenant detail's note form.
  await page.goto(`${server.url}/tenants/${r.referral.tenant_id}`);
  await page.getByTestId('note-form').waitFor();
  await page.getByTestId('add-note').click();
  const noteLine = page.getByTestId('note-form').getByTestId('invalid');
  await noteLine.waitFor();
  assert.match(await noteLine.textContent(), /fix the fields marked above/);
  const noteFieldAbove = await page.evaluate(() => {
    const form = document.querySelector('[data-testid=note-form]');
    const field = form.querySelector('.field-error');
    const outcome = form.querySelector('[data-testid=invalid]');
    return Boolean(field && outcome
      && (field.compareDocumentPosition(outcome) & Node.DOCUMENT_POSITION_FOLLOWING));
  });
  assert.ok(noteFieldAbove, 'a marked note field stands above the message');
});
