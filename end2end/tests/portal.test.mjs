// Embedded in a partner portal (issue 10), in a real browser: the example portal page, served
// from another origin than the app, frames it and hands it a token by postMessage; a Report
// viewer sees no earnings column, tile or chart, an executive does; a token posted from another
// origin is ignored; a page of an origin not configured cannot frame the app at all; a token
// in the address bar is taken and removed at once; the app asks for a fresh token before its
// token expires and after a 401.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';
import { startPortal } from '../portal/serve.mjs';

let server, portal, rogue, browser;
const minted = {};
/// Extra pages of the configured portal and of another origin, added by the tests.
const portalPages = {};
const roguePages = {};

/// Tokens as the portal's back end would sign them, by the portal's user name.
function mint(user) {
  minted[user] = (minted[user] ?? 0) + 1;
  switch (user) {
    case 'executive': return server.token({ sub: 'ann@partner.example', name: 'Ann Exec', role: 'executive' });
    case 'viewer': return server.token({ sub: 'vic@partner.example', name: 'Vic Viewer', role: 'viewer' });
    // Expires in 8 s: the app must ask for the next one before then.
    case 'short': return server.token({ sub: 'sam@partner.example', role: 'viewer', ttl: 8 });
    // The first token is for another audience (refused by the server: 401), the next ones good.
    case 'flaky': return minted[user] === 1
      ? server.token({ sub: 'fay@partner.example', role: 'viewer', audience: 'another-app' })
      : server.token({ sub: 'fay@partner.example', role: 'viewer' });
    default: throw new Error(`no user ${user}`);
  }
}

before(async () => {
  portal = await startPortal({ mint, pages: portalPages });
  rogue = await startPortal({ mint, pages: roguePages });
  server = await startServer({ tenants: 300, seed: 5, portalOrigins: [portal.origin] });
  assert.notEqual(new URL(server.url).origin, portal.origin, 'the portal is another origin');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await portal?.stop();
  await rogue?.stop();
});

/// The app in the example portal as `user`, at `page` of the app.
async function inPortal(user, path = '/opportunities', from = portal) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${from.url}/?user=${user}&app=${encodeURIComponent(server.url + path)}`);
  return { page, app: page.frameLocator('#insights') };
}

const headers = (app) => app.locator('table.data thead th').allTextContents();

test('a Report viewer sees no earnings column, tile or chart; the header says who they are', async () => {
  const { page, app } = await inPortal('viewer');
  await app.getByTestId('row').first().waitFor();
  assert.equal(await app.getByTestId('user-name').textContent(), 'Vic Viewer');
  assert.equal(await app.getByTestId('user-role').textContent(), 'Report viewer');
  assert.equal(await app.getByTestId('user-scope').textContent(), 'Whole organization');
  assert.equal(await app.getByTestId('demo-marker').count(), 0, 'not demo sign-in');
  const h = (await headers(app)).map((t) => t.replace(/[▲▼]/g, '').trim());
  assert.ok(h.includes('Tenant name') && !h.some((t) => /earnings/i.test(t)), `${h}`);
  assert.equal(await app.locator('[data-testid=tile][data-focus=earnings]').count(), 0);
  assert.ok(await app.locator('[data-testid=tile]').count() >= 4, 'the other tiles are there');
  // The picker says why the column is missing.
  await app.locator('[data-testid=columns] summary').click();
  const why = app.locator('[data-col-unavailable=potential_earnings]');
  assert.match(await why.textContent(), /Potential earnings — not available to Report viewers/);
  // Cloud Endpoints: no earnings tile, no chart E.
  await page.goto(`${portal.url}/?user=viewer&app=${encodeURIComponent(server.url + '/cloud-endpoints')}`);
  await app.locator('[data-kpi=tenants]').waitFor();
  assert.equal(await app.locator('[data-kpi=earnings]').count(), 0);
  assert.equal(await app.getByTestId('chart-e').count(), 0);
  assert.equal(await app.getByTestId('chart-a').count(), 1);
  await page.close();
});

test('an executive sees the earnings column, tile and chart', async () => {
  const { page, app } = await inPortal('executive');
  await app.getByTestId('row').first().waitFor();
  assert.equal(await app.getByTestId('user-role').textContent(), 'Executive report viewer');
  const h = (await headers(app)).map((t) => t.replace(/[▲▼]/g, '').trim());
  assert.ok(h.includes('Potential earnings'), `${h}`);
  await app.locator('[data-testid=tile][data-focus=earnings]').waitFor();
  await page.goto(`${portal.url}/?user=executive&app=${encodeURIComponent(server.url + '/cloud-endpoints')}`);
  await app.locator('[data-kpi=earnings]').waitFor();
  await app.getByTestId('chart-e').waitFor();
  await page.close();
});

test('a token posted from another origin is ignored', async () => {
  const exec = server.token({ sub: 'mallory@evil.example', role: 'executive' });
  // A page of the configured portal frames the app but stays silent; a frame of another
  // origin beside it keeps posting a valid executive token to the app.
  portalPages['/silent.html'] = `<!doctype html>
    <iframe id="insights" src="${server.url}/opportunities"></iframe>
    <iframe src="${rogue.url}/poster.html"></iframe>`;
  roguePages['/poster.html'] = `<!doctype html><script>
    setInterval(() => parent.frames[0].postMessage(
      { type: 'insights:token', token: ${JSON.stringify(exec)} }, '*'), 100);
  </script>`;
  const page = await browser.context.newPage();
  await page.goto(`${portal.url}/silent.html`);
  const app = page.frameLocator('#insights');
  await app.getByText('Waiting for your partner portal to sign you in').waitFor();
  await page.waitForTimeout(2500);
  assert.equal(await app.getByTestId('account').count(), 0, 'not signed in');
  assert.equal(await app.getByTestId('row').count(), 0, 'no data');
  await page.close();
});

test('a page of an origin not configured cannot frame the app', async () => {
  const { page } = await inPortal('executive', '/opportunities', rogue);
  await page.waitForTimeout(3000);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the iframe exists');
  assert.equal(await frame.locator('header.topbar').count(), 0, `the app did not render (${frame.url()})`);
  assert.equal(rogue.state.tokensMinted.length, 0, 'the app never asked that page for a token');
  await page.close();
});

test('opened top-level, the app takes #token= and removes it from the address bar at once', async () => {
  const page = await browser.context.newPage();
  const token = server.token({ sub: 'vic@partner.example', name: 'Vic Viewer', role: 'viewer', mpn: ['4412031'] });
  await page.goto(`${server.url}/tenants?q=a#token=${token}`);
  // The first thing the app does when it starts, before it asks anything of the server.
  await page.waitForFunction(() => location.hash === '');
  assert.ok(!page.url().includes('token'), page.url());
  await page.getByTestId('row').first().waitFor();
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.getByTestId('user-scope').textContent(), 'MPN 4412031');
  assert.ok(page.url().endsWith('/tenants?q=a'), page.url());
  // Without a token and without a portal, it says where to sign in.
  const bare = await browser.context.newPage();
  await bare.goto(`${server.url}/tenants`);
  await bare.getByTestId('sign-in-needed').waitFor();
  await page.close();
  await bare.close();
});

test('the app asks the portal for a fresh token before its token expires', async () => {
  const { page, app } = await inPortal('short');
  await app.getByTestId('row').first().waitFor();
  const first = minted.short;
  // 8 s tokens: asked for again after 4 s.
  const deadline = Date.now() + 9000;
  while (minted.short === first && Date.now() < deadline) await page.waitForTimeout(200);
  assert.ok(minted.short > first, `asked ${minted.short} times`);
  await page.close();
});

test('after a 401 the app asks the portal for a fresh token and carries on', async () => {
  const { page, app } = await inPortal('flaky');
  await app.getByTestId('row').first().waitFor();
  assert.ok(minted.flaky >= 2, `asked ${minted.flaky} times`);
  await page.close();
});
