// Browser benchmark (a script, not a test): the what-if slider on Opportunities over ~100,000
// rows. Filters the view to a search's tenants, aims a usage what-if at them (every workload),
// and moves the slider a point at a time from +1 to +30 and back, reporting the median time
// from the slider's `input` event to the recomputed tiles (every reactive update done), the
// same to the next painted frame, and whether the tiles moved.
//
//   cd end2end && node bench/what_if.mjs [--tenants 24000] [--seed 3] [--q contoso]
//
// Needs the built server and app (./dev run or ./dev test builds both).
import { startServer, launchBrowser, rowCount } from '../tests/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const tenants = Number(arg('tenants', 24000));
const seed = Number(arg('seed', 3));
const q = arg('q', 'contoso');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const server = await startServer({ tenants, seed });
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/opportunities`);
  await page.getByTestId('row').first().waitFor({ timeout: 300_000 });
  const rows = await rowCount(page);
  await page.goto(`${server.url}/opportunities?q=${q}`);
  await page.getByTestId('row').first().waitFor({ timeout: 300_000 });
  const shown = await rowCount(page);
  await page.getByTestId('what-if').locator('summary').click();
  const steps = [];
  for (let p = 1; p <= 30; p++) steps.push(p);
  for (let p = 29; p >= 0; p--) steps.push(p);
  const result = await page.evaluate(async (steps) => {
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
    // Where a step's time goes: the app's User Timing measures (app/src/timing.rs) taken
    // during the steps, median per name.
    const phases = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (m.name.startsWith('insights:what-if') || m.name === 'insights:filter') {
        (phases[m.name.slice(9)] ??= []).push(m.duration);
      }
    }
    return { update, painted, distinct: seen.size, phases };
  }, steps);
  console.log(JSON.stringify({
    tenants,
    rows,
    rows_shown_and_targeted: shown,
    slider_steps: steps.length,
    slider_to_tiles_ms_median: +median(result.update).toFixed(2),
    slider_to_tiles_ms_p90: +pct(result.update, 0.9).toFixed(2),
    to_next_frame_ms_median: +median(result.painted).toFixed(2),
    distinct_tile_states: result.distinct,
    step_phases_ms_median: Object.fromEntries(Object.entries(result.phases)
      .map(([k, v]) => [k, +median(v).toFixed(2)])),
  }, null, 2));
  if (rows < 100_000) console.error(`note: only ${rows} rows; raise --tenants for 100,000`);
} finally {
  await browser.close();
  await server.stop();
}
