// Referrals and tenant detail in a real browser (issue 4): accept a referral, add a note, a
// contact and a Blocked service status, reload and see it all; expired referrals are
// read-only and unlinked; a stale edit gets a 409 that keeps what was typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, insights, parseCsv, renderedColumn, eventually } from './harness.mjs';

let server, browser, page, referrals;

// Dated yesterday, so some pending referrals are within their 7 days and others are past it.
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
const expired = () => referrals.filter((r) => r.state.kind === 'Expired');

async function openReferral(p, id) {
  await p.goto(`${server.url}/referrals?q=${id}&open=${id}`);
  await p.getByTestId('referral-panel').waitFor();
}

async function tenantFor(id) {
  const detail = await (await server.fetch(`/api/tenants/${id}`)).json();
  return detail;
}

test('the list shows every referral, searchable by ID, with live countdowns', async () => {
  assert.ok(pending().length >= 6, `pending referrals: ${pending().length}`);
  assert.ok(expired().length >= 1, `expired referrals: ${expired().length}`);
  await page.goto(`${server.url}/referrals`);
  await page.getByTestId('row').first().waitFor();
  assert.equal(Number(await page.getByTestId('row-count').textContent()), referrals.length);
  const r = pending()[0];
  await page.getByTestId('search').fill(r.referral.id);
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]').textContent === '1');
  await page.getByTestId('row').first().click();
  await page.getByTestId('referral-panel').waitFor();
  assert.match(page.url(), new RegExp(`open=${r.referral.id}`));
  const first = await page.getByTestId('countdown').textContent();
  assert.match(first, /\d+ d \d+ h \d+ min \d+ s left|\d+ h \d+ min \d+ s left/);
  await page.locator('details.why summary').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid=countdown]').textContent !== t, first);
  assert.equal(await page.locator('details.why').getAttribute('open'), '', 'the open "why?" survives the tick');
  assert.match(await page.locator('details.why ol').textContent(), /pending \d+ h < 168 h after assignment/);
  assert.equal(await page.getByTestId('tenant-link').getAttribute('href'), `/tenants/${r.referral.tenant_id}`);
});

test('a pending referral older than 7 days shows as expired, unlinked and read-only', async () => {
  const r = expired().find((x) => x.referral.acceptance === 'Pending');
  assert.ok(r, 'an imported pending referral past its 7 days');
  assert.ok(Date.now() - Date.parse(r.referral.assigned_at) >= 7 * 24 * 3600 * 1000);
  await page.goto(`${server.url}/referrals?q=${r.referral.id}`);
  await page.getByTestId('row').first().waitFor();
  const state = page.locator('[data-testid=row] button[data-col=state]');
  assert.equal(await state.textContent(), 'Expired (reassigned)');
  assert.equal(await page.locator('[data-testid=row] [data-testid=row-link]').count(), 0, 'tenant name is plain text in the table');
  await page.getByTestId('row').first().click();
  await page.getByTestId('referral-panel').waitFor();
  assert.equal(await page.getByTestId('tenant-link').count(), 0);
  assert.equal(await page.getByTestId('tenant-plain').textContent(), r.tenant_name);
  await page.getByTestId('read-only').waitFor();
  assert.equal(await page.getByTestId('decision-form').count(), 0);
});

test('declining needs a reason, checked as you type', async () => {
  const r = pending()[1];
  await openReferral(page, r.referral.id);
  await page.getByTestId('acceptance').selectOption('Declined');
  await page.getByTestId('error-decline_reason').waitFor();
  await page.getByTestId('decline_reason').fill('No capacity this quarter');
  await page.getByTestId('error-decline_reason').waitFor({ state: 'detached' });
  await page.getByTestId('services_estimated_value').fill('12,34x');
  await page.getByTestId('error-services_estimated_value').waitFor();
  await page.getByTestId('services_estimated_value').fill('');
  await page.getByTestId('close-panel').click();
});

test('accept, note, contact and Blocked status survive a reload', async () => {
  const r = pending()[2];
  const tid = r.referral.tenant_id;
  await openReferral(page, r.referral.id);
  await page.getByTestId('acceptance').selectOption('Accepted');
  await page.getByTestId('status').fill('Engaged');
  await page.getByTestId('save-decision').click();
  await page.getByTestId('saved').waitFor();
  assert.match(await page.getByTestId('saved-decision').textContent(), /Accepted · Engaged \(version 1\)/);
  // The table follows the saved decision in the next animation frame (`Report::view`).
  await eventually(async () => assert.equal(await page.locator('[data-testid=row] button[data-col=state]').first().textContent(), 'Accepted'));

  await page.getByTestId('tenant-link').click();
  await page.getByTestId('tenant-detail').waitFor();
  assert.equal(new URL(page.url()).pathname, `/tenants/${tid}`);

  // A status note.
  const noteText = `Kick-off held with the customer ${Date.now()}`;
  await page.getByTestId('note-text-input').fill(noteText);
  await page.getByTestId('note-next-action').fill('Pilot with 50 users');
  await page.getByTestId('note-next-owner').fill('Ann');
  await page.getByTestId('add-note').click();
  await page.locator('[data-testid=notes] [data-testid=note-text]', { hasText: noteText }).waitFor();
  assert.equal(await page.getByTestId('note-text-input').inputValue(), '');

  // A customer contact, checked live.
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill('Ann Lee');
  await page.getByTestId('contact-email').fill('ann.lee@');
  await page.getByTestId('error-email').waitFor();
  await page.getByTestId('contact-email').fill('ann.lee@example.com');
  await page.getByTestId('contact-country').fill('Norway');
  await page.getByTestId('contact-language').fill('English');
  await page.getByTestId('contact-services').fill('Teams, Exchange');
  await page.getByTestId('contact-survey').uncheck();
  await page.getByTestId('error-survey_eligible').waitFor();
  await page.getByTestId('contact-survey').check();
  await page.getByTestId('save-contact').click();
  await page.locator('[data-testid=contact-row][data-email="ann.lee@example.com"]').waitFor();

  // Blocked › Technical › Product bug on a workload, with a live-linted intent note.
  const detail = await tenantFor(tid);
  const sv = detail.service_statuses.find((s) => s.total_entitlements > 0);
  assert.ok(sv, 'a workload with entitlements');
  const form = page.locator(`[data-testid=service-status][data-workload="${sv.status.workload}"]`);
  await form.getByTestId('l1').selectOption('Blocked');
  await form.getByTestId('l2').selectOption('Technical');
  await form.getByTestId('l3').selectOption('Product bug');
  await form.getByTestId('count').fill(String(sv.total_entitlements + 1));
  await form.locator('[data-testid=split-sum]', { hasText: '1 too many' }).waitFor();
  await form.getByTestId('count').fill(String(sv.total_entitlements));
  await form.getByTestId('intent-note').fill('Waiting for now');
  await form.getByTestId('lint-warning').first().waitFor();
  await form.getByTestId('intent-note').fill('Blocked because the desktop client crashes on sign-in');
  await form.getByTestId('lint-warning').first().waitFor({ state: 'detached' });
  await form.getByTestId('save-status').click();
  await form.getByTestId('saved').waitFor();

  await page.reload();
  await page.getByTestId('tenant-detail').waitFor();
  assert.match(await page.locator(`[data-testid=referral-tile][data-referral="${r.referral.id}"] [data-testid=referral-state]`).textContent(), /^Accepted/);
  await page.locator('[data-testid=notes] [data-testid=note-text]', { hasText: noteText }).waitFor();
  await page.locator('[data-testid=notes] [data-testid=note-changes]', { hasText: 'Acceptance: Pending → Accepted' }).waitFor();
  await page.locator('[data-testid=contact-row][data-email="ann.lee@example.com"]').waitFor();
  const form2 = page.locator(`[data-testid=service-status][data-workload="${sv.status.workload}"]`);
  assert.equal(await form2.getByTestId('l1').inputValue(), 'Blocked');
  assert.equal(await form2.getByTestId('l2').inputValue(), 'Technical');
  assert.equal(await form2.getByTestId('l3').inputValue(), 'Product bug');
  assert.equal(await form2.getByTestId('intent-note').inputValue(), 'Blocked because the desktop client crashes on sign-in');

  await page.getByTestId('view-history').click();
  await page.locator('[data-testid=history] [data-testid=note-changes]', { hasText: 'Referral status: New → Engaged' }).waitFor();
  await page.locator('[data-testid=history] [data-testid=note-text]', { hasText: noteText }).waitFor();
});

test('a stale edit is refused with 409 and keeps what was typed', async () => {
  const r = pending()[3];
  const other = await browser.context.newPage();
  try {
    await openReferral(page, r.referral.id);
    await openReferral(other, r.referral.id);
    await other.getByTestId('acceptance').selectOption('Accepted');
    await other.getByTestId('save-decision').click();
    await other.getByTestId('saved').waitFor();

    await page.getByTestId('acceptance').selectOption('Declined');
    await page.getByTestId('decline_reason').fill('Customer chose another partner');
    await page.getByTestId('save-decision').click();
    await page.getByTestId('conflict').waitFor();
    assert.equal(await page.getByTestId('decline_reason').inputValue(), 'Customer chose another partner');
    await page.getByTestId('reload').click();
    await page.locator('[data-testid=saved-decision]', { hasText: 'Accepted' }).waitFor();
    assert.equal(await page.getByTestId('acceptance').inputValue(), 'Declined');
    await page.getByTestId('save-decision').click();
    await page.locator('[data-testid=saved-decision]', { hasText: 'Declined' }).waitFor();
    // Declined: no longer linked to the tenant.
    await page.getByTestId('tenant-plain').waitFor();
  } finally {
    await other.close();
  }
});

test('contacts: the last survey-eligible customer cannot go, and a stale edit is refused with 409', async () => {
  const r = pending()[4];
  const tid = r.referral.tenant_id;
  await page.goto(`${server.url}/tenants/${tid}`);
  await page.getByTestId('tenant-detail').waitFor();
  await page.getByTestId('add-contact').click();
  await page.getByTestId('contact-name').fill('Bo Ek');
  await page.getByTestId('contact-email').fill('bo@example.com');
  await page.getByTestId('contact-country').fill('Sweden');
  await page.getByTestId('contact-language').fill('Swedish');
  await page.getByTestId('contact-services').fill('Teams');
  await page.getByTestId('save-contact').click();
  const row = page.locator('[data-testid=contact-row][data-email="bo@example.com"]');
  await row.waitFor();
  // Deleting the only survey-eligible customer contact is refused, with the rule's message.
  await row.getByTestId('delete-contact').click();
  await page.locator('[data-testid=invalid]', { hasText: 'survey-eligible' }).waitFor();
  await row.waitFor();

  // Someone else edits the contact meanwhile.
  const detail = await tenantFor(tid);
  const c = detail.contacts.find((x) => x.email === 'bo@example.com');
  const res = await server.fetch(`/api/tenants/${tid}/contacts/${c.id}`, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...c, version: c.version, name: 'Bo Ekström' }),
  });
  assert.equal(res.status, 200);
  await row.getByTestId('edit-contact').click();
  await page.getByTestId('contact-name').fill('Bo Ek (CIO)');
  await page.getByTestId('save-contact').click();
  await page.getByTestId('conflict').waitFor();
  assert.equal(await page.getByTestId('contact-name').inputValue(), 'Bo Ek (CIO)');
  await page.getByTestId('reload').click();
  await page.getByTestId('saved').waitFor();
  await page.getByTestId('save-contact').click();
  await page.locator('[data-testid=contact-row][data-email="bo@example.com"]', { hasText: 'Bo Ek (CIO)' }).waitFor();
});

test('sorts on a column and downloads exactly the export columns of the view', async () => {
  const cols = 'tenant,source,referral_id,acceptance,assigned,status,state,expires,decline_reason,vas,value,rfa_workloads,au';
  await page.goto(`${server.url}/referrals?cols=${cols}&sort=referral_id&dir=desc`);
  await page.getByTestId('row').first().waitFor();
  await page.waitForFunction(() => document.querySelector('th[data-col=referral_id]').getAttribute('aria-sort') === 'descending');
  const ids = await renderedColumn(page, 'Referral ID');
  assert.deepEqual(ids, [...ids].sort().reverse());
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  const exported = parseCsv(insights(['export', '--db', server.db, 'referrals']));
  assert.deepEqual(csv[0], exported[0], 'same headers as `insights export referrals`');
  assert.deepEqual(csv.slice(1).map((r) => r[2]), ids.concat(csv.slice(1 + ids.length).map((r) => r[2])));
  const byId = (rows) => rows.slice(1).map((r) => r.join('|')).sort();
  assert.deepEqual(byId(csv), byId(exported), 'same cells as the export, edits included');
});

test('long notes are cut with "read more"; an unknown tenant says so', async () => {
  const tid = pending()[5].referral.tenant_id;
  const long = `Long note start. ${'Detailed onboarding plan. '.repeat(30)}The end.`;
  const res = await server.fetch(`/api/tenants/${tid}/notes`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: long }),
  });
  assert.equal(res.status, 201);
  await page.goto(`${server.url}/tenants/${tid}`);
  const note = page.locator('[data-testid=notes] [data-testid=note-text]', { hasText: 'Long note start.' });
  await note.waitFor();
  assert.ok(!(await note.textContent()).includes('The end.'));
  await note.getByTestId('read-more').click();
  await page.locator('[data-testid=notes] [data-testid=note-text]', { hasText: 'The end.' }).waitFor();

  await page.goto(`${server.url}/tenants/00000000-0000-0000-0000-000000000000`);
  await page.getByTestId('load-error').waitFor();
  assert.match(await page.getByTestId('load-error').textContent(), /no tenant|not found/i);
});
