// README command 1's promise: with no --db the server fills ./data with the demo set and the
// Tenants report shows about 2,000 tenants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, rowCount } from './harness.mjs';

test('first start without --db serves ~2,000 demo tenants', async () => {
  const server = await startServer({ demoDefault: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const res = await page.goto(`${server.url}/tenants`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'], /frame-ancestors/);
    await page.getByTestId('row').first().waitFor();
    const n = await rowCount(page);
    assert.ok(n >= 1900 && n <= 2000, `row-count ${n}`);
    assert.ok(existsSync(path.join(server.dir, 'data', 'insights.db')));
    const api = await page.request.get(`${server.url}/api/openapi.json`);
    const doc = await api.json();
    assert.ok(doc.paths['/api/snapshot'] && doc.paths['/api/health']);
  } finally {
    await browser.close();
    await server.stop();
  }
});
