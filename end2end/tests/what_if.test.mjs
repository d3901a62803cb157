// What-if on the data, in a real browser: drag a usage slider until a known tenant's workload
// crosses its tipping point; its row, the tiles and the delta say so; the scenario lives in the
// URL (reload → same), can be named, downloaded before/after, reset — and the server's data is
// never touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, insights, parseCsv, plainNumber, eventually } from './harness.mjs';

let server, browser, page, pick;

before(async () => {
  server = await startServer({ tenants: 400, seed: 11 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  const exported = parseCsv(insights(['export', '--db', server.db, 'opportunities']));
  const c = (name) => exported[0].indexOf(name);
  const pct = (s) => Number(s.replace('%', ''));
  // A workload of ours below its tipping point by 3 to 30 points: a few points of usage
  // make it cross. Its tenant is the "known tenant".
  const row = exported.slice(1).find((r) => r[c('Opportunity')] === 'Drive usage and claim incentives'
    && pct(r[c('Usage tipping point')]) - pct(r[c('Usage %')]) >= 3
    && pct(r[c('Usage tipping point')]) - pct(r[c('Usage %')]) <= 30);
  assert.ok(row, 'the demo data has a workload a few points below its tipping point');
  pick = { tenant: row[c('Tenant ID')], workload: row[c('Workload')], sku: row[c('SKU')] };
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/// The picked row's cells by header, as shown.
async function pickedRow() {
  return page.evaluate(({ workload, sku }) => {
    const heads = [...document.querySelectorAll('table.data thead th')].map((h) => h.textContent.replace(/[▲▼]/g, '').trim());
    for (const tr of document.querySelectorAll('[data-testid=row]')) {
      const cells = Object.fromEntries(heads.map((h, i) => [h, tr.children[i]?.textContent.trim()]));
      if (cells.Workload === workload && cells.SKU === sku) return { ...cells, marked: tr.dataset.whatIf ?? null };
    }
    return null;
  }, pick);
}

const tile = async (focus) => plainNumber(await page.locator(`[data-testid=tile][data-focus=${focus}] .value`).textContent());
const snapshot = async () => (await server.fetch('/api/snapshot')).json();

test('dragging usage until a known tenant crosses its tipping point changes its row, the tiles and the delta; the URL keeps it; reset; the server data is untouched', async () => {
  const stored = await snapshot();
  await page.goto(`${server.url}/opportunities?q=${pick.tenant}`);
  await page.getByTestId('row').first().waitFor();
  const start = await pickedRow();
  assert.equal(start['Usage threshold'], 'Below');
  assert.equal(start.Opportunity, 'Drive usage and claim incentives');
  assert.equal(start.marked, null);
  const below = await tile('below');

  await page.getByTestId('what-if').locator('summary').click();
  await page.getByTestId('what-if-target').selectOption('tenant');
  await page.getByTestId('what-if-tenant').fill(pick.tenant);
  await page.getByTestId('what-if-tenant').press('Tab');
  await page.getByTestId('what-if-workload').selectOption(pick.workload);

  // Drag the slider's thumb (at 0 in −100 … +100) to the right, a point at a time, until the
  // row crosses: every step recomputes while the mouse is still down.
  const slider = page.getByTestId('what-if-value');
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  let x = box.x + box.width / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  let row = start;
  for (let i = 0; i < 80 && row['Usage threshold'] !== 'Above'; i++) {
    x += box.width / 200;
    await page.mouse.move(x, y);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    row = await pickedRow();
  }
  assert.equal(row['Usage threshold'], 'Above', 'crossed while dragging');
  await page.mouse.up();
  await page.waitForURL(/whatif=1~u\d+_T[0-9a-f]{32}_W/);
  const points = Number(new URL(page.url()).searchParams.get('whatif').match(/~u(\d+)/)[1]);
  assert.ok(points > 0 && points <= 31, `${points} points`);

  const check = async () => {
    const r = await pickedRow();
    assert.equal(r.Opportunity, 'Claim incentives');
    assert.equal(r.marked, 'changed');
    assert.equal(await tile('below'), below - 1, 'one workload fewer below its tipping point');
    const delta = await page.getByTestId('what-if-delta').textContent();
    assert.match(delta, /1 workloads changed: 1 crossed up, 0 down/);
    assert.match(delta, /Drive usage and claim incentives → Claim incentives: 1/);
  };
  await eventually(check);

  // The row's "why?" says what changed and what the value was without the what-if.
  await page.getByTestId('what-if').locator('summary').click();
  const idx = await page.evaluate(({ workload, sku }) => [...document.querySelectorAll('[data-testid=row]')]
    .findIndex((tr) => tr.textContent.includes(workload) && tr.textContent.includes(sku)), pick);
  await page.getByTestId('row').nth(idx).locator('[data-testid=why][data-col=opportunity]').click();
  const panel = page.getByTestId('why-panel');
  assert.equal(await panel.getByTestId('why-before').textContent(), 'Without the what-if: Drive usage and claim incentives');
  assert.match((await panel.locator('li').first().textContent()), new RegExp(`^what-if usage \\+${points} points: MAU \\d+ → \\d+$`));
  await panel.getByRole('button', { name: 'Close' }).click();

  // A link reproduces it.
  await page.reload();
  await page.getByTestId('row').first().waitFor();
  await page.getByTestId('what-if').locator('summary').click();
  await eventually(check);

  // Before / after CSV of the view.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('what-if-csv').click()]);
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  const h = (name) => csv[0].indexOf(name);
  assert.ok(h('Opportunity (what-if)') > h('Opportunity'));
  const line = csv.slice(1).find((r) => r[h('Workload')] === pick.workload && r[h('SKU')] === pick.sku);
  assert.deepEqual([line[h('Opportunity')], line[h('Opportunity (what-if)')]], ['Drive usage and claim incentives', 'Claim incentives']);
  assert.ok(Number(line[h('MAU (what-if)')]) > Number(line[h('MAU')]), 'plain numbers, MAU raised');

  // Named: kept in this browser, back after a reset.
  await page.getByTestId('what-if-name').fill('Lift one workload');
  await page.getByTestId('what-if-save').click();
  await page.getByTestId('what-if-reset').click();
  await page.waitForFunction(() => !location.search.includes('whatif'));
  await eventually(async () => {
    const r = await pickedRow();
    assert.deepEqual([r.Opportunity, r.marked], ['Drive usage and claim incentives', null]);
    assert.equal(await tile('below'), below);
  });
  await page.getByTestId('what-if-saved').getByText('Lift one workload').click();
  await page.waitForURL(/whatif=/);
  await eventually(check);
  await page.getByTestId('what-if-reset').click();
  await page.waitForFunction(() => !location.search.includes('whatif'));

  assert.deepEqual(await snapshot(), stored, 'a what-if never writes to the server');
});

test('Cloud Endpoints: Intune utilization for the tenants shown moves their sales motion', async () => {
  await page.goto(`${server.url}/cloud-endpoints?motion=Expand%20W365`);
  await page.getByTestId('row').first().waitFor();
  const n = Number(await page.getByTestId('row-count').textContent());
  assert.ok(n > 0);
  await page.getByTestId('what-if').locator('summary').click();
  await page.getByTestId('what-if-kind').selectOption('intune');
  await page.getByTestId('what-if-number').fill('10');
  await page.getByTestId('what-if-number').press('Enter');
  await page.waitForURL(/whatif=1~i100_T/);
  // At 10% Intune utilization every one of them nurtures Intune: none is left in Expand W365.
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '0');
  assert.match(await page.getByTestId('what-if-delta').textContent(), new RegExp(`Expand W365 → Nurture Intune: ${n}`));
  await page.getByTestId('what-if-reset').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), n);
});

test('"The tenants shown" with no filter is every tenant: the link lists no tenant IDs', async () => {
  await page.goto(`${server.url}/cloud-endpoints`);
  await page.getByTestId('row').first().waitFor();
  await page.getByTestId('what-if').locator('summary').click();
  await page.getByTestId('what-if-kind').selectOption('intune');
  await page.getByTestId('what-if-number').fill('10');
  await page.getByTestId('what-if-number').press('Enter');
  await page.waitForURL(/whatif=/);
  assert.equal(new URL(page.url()).searchParams.get('whatif'), '1~i100');
  await page.getByTestId('what-if-reset').click();
  await page.waitForFunction(() => !location.search.includes('whatif'));
});
