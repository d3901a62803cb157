// The app is split (issue 11): a first visit downloads the main module and the home page
// draws from it; once the data is in, the other pages' wasm chunks arrive while the browser
// is idle, so every page then opens without the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';

const isChunk = (p) => p.endsWith('.wasm') && !p.endsWith('/app_bg.wasm');

test('the other pages are fetched after the first one is drawn, and then open offline', async () => {
  const server = await startServer({ tenants: 200 });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const chunkStarts = [];
    let main = 0;
    let snapshotDone = null;
    page.on('request', (req) => {
      const p = new URL(req.url()).pathname;
      if (p.endsWith('/app_bg.wasm')) main += 1;
      if (isChunk(p)) chunkStarts.push(Date.now());
    });
    page.on('requestfinished', (req) => {
      if (new URL(req.url()).pathname === '/api/snapshot') snapshotDone = Date.now();
    });
    await page.goto(`${server.url}/opportunities`);
    await page.getByTestId('row').first().waitFor();
    assert.equal(main, 1, 'the main module, once');
    // The chunks come when the browser is idle: wait until no new one has started for a second.
    let seen = -1;
    for (let i = 0; i < 30 && seen !== chunkStarts.length; i++) {
      seen = chunkStarts.length;
      await page.waitForTimeout(1000);
    }
    assert.ok(chunkStarts.length > 0, 'the other pages were fetched');
    assert.ok(snapshotDone !== null && chunkStarts.every((t) => t >= snapshotDone),
      'not one chunk competed with the data set');

    await browser.context.setOffline(true);
    for (const [link, ready] of [
      ['Tenants', 'row'], ['Cloud Endpoints', 'row'], ['Eligibility', 'tab-summary'], ['Adoption', 'row'],
    ]) {
      await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: link }).click();
      await page.getByTestId(ready).first().waitFor({ timeout: 5000 });
    }
    // The referrals page's code is here too; only its data needs the network, and says so.
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Referrals' }).click();
    await page.getByTestId('load-error').waitFor({ timeout: 5000 });
  } finally {
    await browser.close();
    await server.stop();
  }
});


test('a page whose code cannot be fetched says so, and the app goes on', async () => {
  const server = await startServer({ tenants: 50 });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    // Every chunk fails: the page opened first is one of them.
    await page.route((url) => isChunk(url.pathname), (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.url}/tenants`);
    const err = page.getByTestId('chunk-error');
    await err.waitFor();
    assert.match(await err.textContent(), /This page could not be loaded/);
    // The app is alive: the home page, in the main module, still opens.
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Opportunities' }).click();
    await page.getByTestId('row').first().waitFor();
    // The what-if menu says so too, in its panel.
    await page.getByTestId('what-if').locator('summary').click();
    await page.getByTestId('what-if').getByTestId('chunk-error').waitFor();
    // A failure is not kept: with the network back, the page opens.
    await page.unrouteAll();
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Tenants' }).click();
    await page.getByTestId('row').first().waitFor();
  } finally {
    await browser.close();
    await server.stop();
  }
});
