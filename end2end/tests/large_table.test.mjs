// The table at a size where its body is stretched (more rows than fit in the capped scroll
// height, 1,048,576 px = 32,768 rows): the first and the last row are reachable by keyboard,
// by dragging the scrollbar and by the wheel, the rendered rows are always the ones in view,
// and Download CSV writes the whole view in parts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { startServer, launchBrowser, parseCsv, rowCount, renderedColumn } from './harness.mjs';

let server, browser, page, n;
const CAP_ROWS = 1_048_576 / 32;

before(async () => {
  server = await startServer({ tenants: 10_000, seed: 5 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // Every state the load progress bar shows, recorded as it changes.
  await page.addInitScript(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=load-progress]');
      if (!bar) return;
      const seen = { role: bar.getAttribute('role'), now: bar.getAttribute('aria-valuenow'), text: bar.getAttribute('aria-valuetext') };
      const last = window.__progress.at(-1);
      if (!last || last.now !== seen.now || last.text !== seen.text) window.__progress.push(seen);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(`${server.url}/opportunities?sort=tenant_id&dir=asc`);
  await page.getByTestId('row').first().waitFor({ timeout: 120_000 });
  n = await rowCount(page);
  assert.ok(n > CAP_ROWS, `${n} rows: the body must be stretched`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/// The container's scroll state and the rendered rows that are in view, with their positions
/// relative to the container's body (below the sticky header).
const view = () => page.evaluate(() => {
  const el = document.querySelector('.table-scroll');
  const box = el.getBoundingClientRect();
  // The header cells are sticky (the thead itself scrolls away).
  const head = el.querySelector('thead th').getBoundingClientRect().bottom;
  const bottom = box.top + el.clientHeight;
  const rows = [...el.querySelectorAll('[data-testid=row]')].map((r) => {
    const b = r.getBoundingClientRect();
    return { index: Number(r.getAttribute('aria-rowindex')) - 2, top: b.top - head, bottom: b.bottom - head };
  });
  return {
    scrollTop: el.scrollTop,
    maxScroll: el.scrollHeight - el.clientHeight,
    scrollHeight: el.scrollHeight,
    viewport: bottom - head,
    inView: rows.filter((r) => r.bottom > 0 && r.top < bottom - head),
    rendered: rows.map((r) => r.index),
  };
});

/// Rows in view are consecutive, start at the top of the body and fill it down to its bottom.
function assertFilled(v, what) {
  const idx = v.inView.map((r) => r.index);
  assert.ok(idx.length > 5, `${what}: rows in view ${JSON.stringify(v.inView)}`);
  idx.forEach((x, i) => assert.equal(x, idx[0] + i, `${what}: consecutive rows ${idx}`));
  assert.ok(v.inView[0].top <= 0.5, `${what}: a row at the top ${JSON.stringify(v.inView[0])}`);
  const last = v.inView[v.inView.length - 1];
  assert.ok(last.bottom >= v.viewport - 0.5 || last.index === n - 1, `${what}: the body is filled ${JSON.stringify(last)}`);
}

test('while the data loads, a progress bar says how far it has come', async () => {
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(seen.length >= 2, `progress states ${JSON.stringify(seen)}`);
  assert.ok(seen.every((s) => s.role === 'progressbar'));
  // The binary form announces its rows: a determinate bar that only moves forward, to 100.
  const nows = seen.map((s) => s.now).filter((v) => v !== null).map(Number);
  assert.ok(nows.length >= 1, `aria-valuenow ${JSON.stringify(seen)}`);
  nows.forEach((v, i) => assert.ok(i === 0 || v >= nows[i - 1], `forward only: ${nows}`));
  assert.equal(nows.at(-1), 100);
  assert.match(seen.at(-1).text, /^Reading rows: [\d,]+ of [\d,]+$/);
  assert.equal(await page.getByTestId('load-progress').count(), 0, 'gone once loaded');
});

test('the scroll area is capped, whatever the number of rows', async () => {
  const v = await view();
  assert.ok(v.scrollHeight <= 1_048_576 + 200, `scroll height ${v.scrollHeight}`);
  assert.ok(v.rendered.length <= 100, `rendered ${v.rendered.length}`);
  assert.equal(v.inView[0].index, 0);
  assertFilled(v, 'top');
});

test('End shows the last row at the very bottom, Home the first at the top', async () => {
  await page.locator('.table-scroll').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((n) => !!document.querySelector(`[aria-rowindex="${n + 1}"]`), n);
  let v = await view();
  const last = v.inView[v.inView.length - 1];
  assert.equal(last.index, n - 1, 'the last row is in view');
  assert.ok(Math.abs(v.scrollTop - v.maxScroll) <= 1, `scrolled to the end: ${v.scrollTop} of ${v.maxScroll}`);
  assert.ok(Math.abs(last.bottom - v.viewport) <= 1, `ends at the bottom: ${last.bottom} of ${v.viewport}`);
  assertFilled(v, 'End');
  assert.equal(await page.locator('tr.data-row.active').getAttribute('aria-rowindex'), String(n + 1));

  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('PageUp');
  v = await view();
  assert.equal(v.inView[v.inView.length - 1].index, n - 1, 'moving up inside the view does not scroll');

  await page.keyboard.press('Home');
  await page.waitForFunction(() => !!document.querySelector('[aria-rowindex="2"]'));
  v = await view();
  assert.equal(v.scrollTop, 0);
  assert.equal(v.inView[0].index, 0);
  assertFilled(v, 'Home');
});

test('dragging the scrollbar to the bottom reaches the last row; halfway shows the middle', async () => {
  // Headless Chromium draws no scrollbar to grab: a drag is a run of scroll positions the
  // table did not set, which is what this makes.
  await page.evaluate(async () => {
    const el = document.querySelector('.table-scroll');
    const max = el.scrollHeight - el.clientHeight;
    for (let i = 1; i <= 10; i++) {
      el.scrollTop = (max * i) / 10;
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  await page.waitForFunction((n) => !!document.querySelector(`[aria-rowindex="${n + 1}"]`), n);
  let v = await view();
  assert.ok(Math.abs(v.scrollTop - v.maxScroll) <= 1, `dragged to the end: ${v.scrollTop} of ${v.maxScroll}`);
  assert.equal(v.inView[v.inView.length - 1].index, n - 1);
  assertFilled(v, 'dragged to the bottom');

  // Half the scroll range shows rows near the middle, filling the body.
  await page.evaluate(() => {
    const el = document.querySelector('.table-scroll');
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
  });
  // Wait for the middle rows themselves: until the scroll is handled the bottom rows are
  // still rendered (out of view), and they too have large indices.
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=row]')]
    .some((r) => Math.abs(Number(r.getAttribute('aria-rowindex')) - 2 - n / 2) < n * 0.02), n);
  v = await view();
  const mid = v.inView[0].index;
  assert.ok(Math.abs(mid - n / 2) < n * 0.02, `halfway shows row ${mid} of ${n}`);
  assertFilled(v, 'halfway');
});

test('a wheel tick moves as many rows as on a short table', async () => {
  await page.locator('.table-scroll').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('.table-scroll').scrollTop === 0);
  const box = await page.locator('.table-scroll').boundingBox();
  await page.mouse.move(box.x + 200, box.y + 200);
  await page.mouse.wheel(0, 320);
  await page.waitForFunction(() => document.querySelector('[data-testid=row]')?.getAttribute('aria-rowindex') !== '2');
  let v = await view();
  assert.equal(v.inView[0].index, 10, '320 px = 10 rows of 32 px');
  assertFilled(v, 'wheel');
  await page.mouse.wheel(0, -64);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=row]')].some((r) => r.getBoundingClientRect().top > 0 && r.getAttribute('aria-rowindex') === '10'));
  v = await view();
  assert.equal(v.inView[0].index, 8);
});

test('Download CSV writes the whole view, in parts, ending with the last row', async () => {
  await page.locator('.table-scroll').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((n) => !!document.querySelector(`[aria-rowindex="${n + 1}"]`), n);
  const lastName = (await renderedColumn(page, 'Tenant name')).at(-1);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-csv').click(),
  ]);
  const file = await download.path();
  assert.ok(statSync(file).size > 4 << 20, `${statSync(file).size} bytes: more than one fold of parts`);
  const csv = parseCsv(readFileSync(file, 'utf8'));
  assert.equal(csv.length - 1, n);
  const nameCol = csv[0].indexOf('Tenant name');
  assert.equal(csv.at(-1)[nameCol], lastName);
  const ids = csv.slice(1).map((r) => r[csv[0].indexOf('Tenant ID')]);
  assert.deepEqual(ids, [...ids].sort(), 'in the view order (tenant ID ascending)');
});
