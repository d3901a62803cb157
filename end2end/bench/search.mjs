// Browser benchmark (a script, not a test): the Opportunities report over ~100,000 rows.
// Reports the median time from a keystroke in the search box to the updated table (every
// reactive update done: row-count and rows re-rendered), the same to the next painted frame,
// and how many row elements the DOM holds.
//
//   cd end2end && node bench/search.mjs [--tenants 24000] [--seed 3]
//
// Needs the built server and app (./dev run or ./dev test builds both).
import { startServer, launchBrowser, rowCount } from '../tests/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const tenants = arg('tenants', 24000);
const seed = arg('seed', 3);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const t0 = Date.now();
const server = await startServer({ tenants, seed });
const setupS = (Date.now() - t0) / 1000;
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  const l0 = Date.now();
  await page.goto(`${server.url}/opportunities`);
  await page.getByTestId('row').first().waitFor({ timeout: 300_000 });
  const loadS = (Date.now() - l0) / 1000;
  const rows = await rowCount(page);

  // Keystrokes: type words a character at a time, then delete them again.
  const words = ['contoso', 'teams', 'fabrikam', 'exchange', 'litware'];
  const texts = [];
  for (const w of words) {
    for (let i = 1; i <= w.length; i++) texts.push(w.slice(0, i));
    for (let i = w.length - 1; i >= 0; i--) texts.push(w.slice(0, i));
  }
  const result = await page.evaluate(async (texts) => {
    const input = document.querySelector('[data-testid=search]');
    const count = document.querySelector('[data-testid=row-count]');
    // A macrotask boundary: every microtask (Leptos' effects, DOM writes) has run by then.
    const channel = new MessageChannel();
    const macrotask = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const update = [], painted = [], counts = [];
    let domRowsMax = 0;
    for (const text of texts) {
      await frame();
      const start = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await macrotask();
      update.push(performance.now() - start);
      counts.push(count.textContent);
      await frame();
      painted.push(performance.now() - start);
      domRowsMax = Math.max(domRowsMax, document.querySelectorAll('[data-testid=row]').length);
    }
    return { update, painted, counts, domRowsMax };
  }, texts);

  const summary = {
    tenants,
    rows,
    setup_s: setupS,
    first_rows_s: loadS,
    keystrokes: texts.length,
    update_ms_median: +median(result.update).toFixed(2),
    update_ms_p90: +pct(result.update, 0.9).toFixed(2),
    to_next_frame_ms_median: +median(result.painted).toFixed(2),
    dom_rows_max: result.domRowsMax,
    distinct_counts: new Set(result.counts).size,
  };
  console.log(JSON.stringify(summary, null, 2));
  if (rows < 100_000) console.error(`note: only ${rows} rows; raise --tenants for 100,000`);
} finally {
  await browser.close();
  await server.stop();
}
