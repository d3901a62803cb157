// Starts the real `insights` server on a free port with a temporary database, and a headless
// Debian Chromium driven by playwright-core. Nothing here downloads anything.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.INSIGHTS_BIN ?? path.resolve('../target/debug/insights');
export const ASSETS = process.env.INSIGHTS_ASSETS ?? path.resolve('../dist');

export function insights(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
}

/// A server over a fresh demo data set of `tenants` tenants (or, with `demoDefault`, the
/// no-`--db` first start in an empty working directory). `asOf` (YYYY-MM-DD) dates the data;
/// `prepare(csvDir)` may edit the generated CSV files before they are imported; `feedbackUrl`
/// sets `--feedback-url`.
///
/// Sign-in: demo sign-in by default (the app opens as the sample executive); with
/// `portalOrigins` the server checks tokens signed with a secret of its own (`server.token`
/// mints one) and lets those origins frame the app. `server.fetch(path)` calls the API as an
/// executive either way.
export async function startServer({ tenants = 400, seed = 11, demoDefault = false, asOf = null, prepare = null,
  portalOrigins = null, feedbackUrl = null } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'insights-e2e-'));
  // The product's default rate limit: the app in normal use must stay well under it.
  const args = ['serve', '--addr', '127.0.0.1:0', '--assets', ASSETS];
  let secret = null;
  if (portalOrigins) {
    secret = path.join(dir, 'jwt-secret');
    writeFileSync(secret, `e2e-secret-${process.pid}-${Date.now()}-0123456789abcdef\n`);
    args.push('--jwt-secret-file', secret);
    for (const o of portalOrigins) args.push('--portal-origin', o);
  }
  if (feedbackUrl) args.push('--feedback-url', feedbackUrl);
  let db = null;
  if (!demoDefault) {
    insights(['demo-data', '--tenants', String(tenants), '--seed', String(seed), '--out', path.join(dir, 'csv'),
      ...(asOf ? ['--as-of', asOf] : [])]);
    if (prepare) await prepare(path.join(dir, 'csv'));
    db = `sqlite://${path.join(dir, 'test.db')}`;
    insights(['import', '--db', db, path.join(dir, 'csv')]);
    args.push('--db', db);
  }
  const proc = spawn(BIN, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  /// A token for `sub` (configured-key servers): `insights token`, as a portal's back end would.
  const token = ({ sub = 'ann@partner.example', role = 'executive', mpn = [], ttl = 3600, name = null, audience = null } = {}) => {
    if (!secret) throw new Error('demo sign-in: use the demo users');
    const a = ['token', '--jwt-secret-file', secret, '--sub', sub, '--role', role, '--ttl', String(ttl)];
    for (const m of mpn) a.push('--mpn', m);
    if (name) a.push('--name', name);
    if (audience) a.push('--audience', audience);
    return insights(a).trim();
  };
  let execToken = null;
  const bearer = async () => {
    if (!execToken) {
      execToken = secret ? token() : (await (await fetch(`${url}/api/demo/token`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"executive"}',
      })).json()).token;
    }
    return execToken;
  };
  return {
    url, dir, db, token,
    /// `fetch` of an API path as the executive.
    async fetch(p, init = {}) {
      const headers = { ...(init.headers ?? {}), authorization: `Bearer ${await bearer()}` };
      return fetch(`${url}${p}`, { ...init, headers });
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'insights-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/// Parses CSV text (RFC 4180) into rows of cells.
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/// A number as the view shows it (`1,234`, `$1,234.50`) read back: the view groups digits and
/// shows currency; CSV and exports keep the plain form.
export function plainNumber(text) {
  return Number(String(text).trim().replace(/^(-?)\$/, '$1').replaceAll(',', ''));
}

export async function rowCount(page) {
  return Number(await page.getByTestId('row-count').textContent());
}

/// Cell texts of the rendered rows, by header name.
export async function renderedColumn(page, header) {
  const headers = await page.locator('table.data thead th').allTextContents();
  const idx = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === header);
  if (idx < 0) throw new Error(`no column ${header} in ${headers}`);
  return page.locator('[data-testid=row]').evaluateAll(
    (rows, i) => rows.map((r) => r.children[i].textContent), idx);
}

/// Runs `check` (assertions) until it passes, or throws its last failure after `timeout` ms.
/// For what the view shows a frame after the URL changes: a what-if's rows follow in the next
/// animation frame (`Report::view`), so reading them right after the URL is a race.
export async function eventually(check, { timeout = 5000, every = 50 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, every));
    }
  }
}
