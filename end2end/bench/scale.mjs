// Browser benchmark (a script, not a test): the Opportunities report at 100,000 or 1,000,000
// rows. Reports bytes on the wire, server time for the snapshot (first and cached), time to
// first rows, keystroke → table (median, p90), sort by Potential earnings, scroll to the last
// row, JS heap + wasm memory after load, and the what-if slider → recomputed tiles (issue 14).
//
//   cargo run -q -p xtask -- build-app && cargo build --release -p server --bin insights
//   cd end2end && INSIGHTS_BIN=$PWD/../target/release/insights node bench/scale.mjs --rows 100k
//   ... node bench/scale.mjs --rows 1m
//
// `--tenants N` overrides the size (demo data has ~4.2 Opportunities rows per tenant).
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launchBrowser, rowCount } from '../tests/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const size = arg('rows', '100k');
const tenants = Number(arg('tenants', { '100k': 24_000, '1m': 238_000 }[size] ?? 24_000));
const seed = Number(arg('seed', 3));
const q = arg('q', 'contoso');
const BINARY = 'application/vnd.insights.snapshot';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const round = (x, d = 2) => +x.toFixed(d);

/// One GET of the snapshot as the app makes it, counting the bytes on the wire (compressed, as
/// received) and the time to the last byte.
function snapshotOnce(url, token, accept) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(`${url}/api/snapshot`, {
      headers: { authorization: `Bearer ${token}`, accept, 'accept-encoding': 'br, gzip' },
    }, (res) => {
      let bytes = 0;
      res.on('data', (d) => { bytes += d.length; });
      res.on('end', () => resolve({
        status: res.statusCode, bytes, ms: performance.now() - t0,
        type: res.headers['content-type'], encoding: res.headers['content-encoding'] ?? 'identity',
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const t0 = Date.now();
const server = await startServer({ tenants, seed });
const setupS = (Date.now() - t0) / 1000;
const workloadRows = Number(execFileSync('wc', ['-l', path.join(server.dir, 'csv', 'workloads.csv')],
  { encoding: 'utf8' }).trim().split(/\s+/)[0]) - 1;
const token = (await (await fetch(`${server.url}/api/demo/token`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"executive"}',
})).json()).token;
const accept = `${BINARY}, application/json;q=0.5`;
const first = await snapshotOnce(server.url, token, accept);
const cached = await snapshotOnce(server.url, token, accept);

const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const l0 = Date.now();
  await page.goto(`${server.url}/opportunities`);
  await page.getByTestId('row').first().waitFor({ timeout: 900_000 });
  const firstRowsS = (Date.now() - l0) / 1000;
  const rows = await rowCount(page);

  // Memory after load, after a collection: the JS heap, the wasm memory and the renderer.
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  // The wasm linear memory (one, which the split chunks share; it never shrinks, so it is the
  // peak), from the app's own JS glue: CDP's `Runtime.queryObjects` over WebAssembly.Memory
  // crashes this Chromium's renderer once the chunks are instantiated.
  const wasmBytes = await page.evaluate(async () => {
    const wasm = document.querySelector('link[rel=preload][as=fetch]').href;
    const glue = await import(wasm.replace(/app_bg\.wasm$/, 'app.js'));
    return glue.initSync().memory.buffer.byteLength;
  });
  // What the machine pays: the largest Chromium renderer process (the page's).
  const rendererKb = Math.max(...execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' })
    .split('\n').filter((l) => l.includes('--type=renderer')).map((l) => Number(l.trim().split(/\s+/)[0])));
  // Where the time to first rows went: the app's User Timing measures (app/src/timing.rs).
  const phases = Object.fromEntries((await page.evaluate(() => performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('insights:'))
    .map((m) => [m.name.slice(9), Math.round(m.duration)]))));

  // In the page: time from an action to the end of all reactive work (a macrotask boundary:
  // every microtask — Leptos' effects, DOM writes — has run by then).
  const timed = (kind, arg = null) => page.evaluate(async ([kind, arg]) => {
    const channel = new MessageChannel();
    const macrotask = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const actions = {
      type: (text) => {
        const input = document.querySelector('[data-testid=search]');
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      sort: (col) => document.querySelector(`th[data-col=${col}] button.sort`).click(),
    };
    await frame();
    const start = performance.now();
    actions[kind](arg);
    await macrotask();
    return performance.now() - start;
  }, [kind, arg]);

  // Keystrokes: words typed a character at a time, then deleted again.
  const words = ['contoso', 'teams', 'fabrikam', 'exchange', 'litware'];
  const texts = [];
  for (const w of words) {
    for (let i = 1; i <= w.length; i++) texts.push(w.slice(0, i));
    for (let i = w.length - 1; i >= 0; i--) texts.push(w.slice(0, i));
  }
  const keystrokes = [];
  for (const text of texts) {
    keystrokes.push(await timed('type', text));
  }

  // Sort by Potential earnings, descending then ascending.
  const sorts = [await timed('sort', 'potential_earnings'), await timed('sort', 'potential_earnings')];

  // Scroll to the last row: End in the table.
  await page.locator('.table-scroll').focus();
  const e0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('End');
  await page.waitForFunction((n) => !!document.querySelector(`[aria-rowindex="${n + 1}"]`), rows);
  const endMs = (await page.evaluate(() => performance.now())) - e0;

  // What-if (issue 14): the view filtered to `q` (contoso), a usage what-if aimed at its
  // tenants, the slider moved a point at a time from +1 to +30 and back (60 steps). Each
  // step: from the slider's `input` event to the recomputed tiles (every reactive update
  // done, a macrotask boundary), and to the next painted frame (the table follows the rows
  // in that frame's rendering step).
  await page.goto(`${server.url}/opportunities?q=${q}`);
  await page.getByTestId('row').first().waitFor({ timeout: 900_000 });
  const targeted = await rowCount(page);
  await page.getByTestId('what-if').locator('summary').click();
  // The menu is built from its own wasm chunk when the panel first opens.
  await page.getByTestId('what-if-value').waitFor();
  const steps = [];
  for (let p = 1; p <= 30; p++) steps.push(p);
  for (let p = 29; p >= 0; p--) steps.push(p);
  await page.evaluate(() => performance.clearMeasures());
  const whatIf = await page.evaluate(async (steps) => {
    const slider = document.querySelector('[data-testid=what-if-value]');
    const tiles = () => [...document.querySelectorAll('[data-testid=tile] .value')].map((t) => t.textContent).join('|');
    const channel = new MessageChannel();
    const macrotask = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const update = [], painted = [], seen = new Set();
    for (const v of steps) {
      await frame();
      const start = performance.now();
      slider.value = String(v);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await macrotask();
      update.push(performance.now() - start);
      seen.add(tiles());
      await frame();
      painted.push(performance.now() - start);
    }
    // Where a step's time goes: the app's User Timing measures, median per name.
    const phases = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (m.name.startsWith('insights:what-if') || m.name === 'insights:filter') {
        (phases[m.name.slice(9)] ??= []).push(m.duration);
      }
    }
    return { update, painted, distinct: seen.size, phases };
  }, steps);

  const summary = {
    size, tenants, rows, setup_s: round(setupS, 1),
    snapshot: {
      type: first.type, encoding: first.encoding,
      wire_bytes: first.bytes, bytes_per_row: round(first.bytes / rows, 1),
      bytes_per_workload_row: round(first.bytes / workloadRows, 1),
      server_first_ms: round(first.ms, 0), server_cached_ms: round(cached.ms, 0),
    },
    first_rows_s: round(firstRowsS),
    first_rows_phases_ms: phases,
    keystrokes: texts.length,
    keystroke_ms_median: round(median(keystrokes)),
    keystroke_ms_p90: round(pct(keystrokes, 0.9)),
    sort_ms: sorts.map((s) => round(s)),
    end_to_last_row_ms: round(endMs, 1),
    what_if: {
      q, rows_targeted: targeted, slider_steps: steps.length,
      slider_to_tiles_ms_median: round(median(whatIf.update)),
      slider_to_tiles_ms_p90: round(pct(whatIf.update, 0.9)),
      to_next_frame_ms_median: round(median(whatIf.painted)),
      distinct_tile_states: whatIf.distinct,
      step_phases_ms_median: Object.fromEntries(Object.entries(whatIf.phases)
        .map(([k, v]) => [k, round(median(v))])),
    },
    memory_mb: {
      js_heap_used: round(heap.usedSize / 1e6, 1),
      wasm_memory: round(wasmBytes / 1e6, 1),
      renderer_rss: round(rendererKb / 1e3, 1),
    },
  };
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await browser.close();
  await server.stop();
}
