/**
 * The Departments screen in Chromium (issue 4: "a filter change repaints the
 * screen in ≤ 1 s measured in Chromium by Playwright") on the benchmarks' demo
 * workspace (30 × scale; scale 1 ≈ 10,600,000 participations): the web mode
 * serves a copy of it, Debian's Chromium (never a downloaded browser) opens
 * the screen, and the page itself times, from the click to the frame after
 * the new data is on screen:
 * - opening the screen on all data (every query, decoded and drawn);
 * - a filter change (channel forum on, then off, alternately), median of 5
 *   after a warm-up, for all data and for 2019.
 * Figures only. Skipped with a message when Chromium is not installed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src-main/web/chromium';
import { ROOT, startWebServer } from '../helpers/webServer';
import { peakRssMb, type BenchOptions } from './run';
import { demoScale, demoWorkspace } from './demoWorkspace';

const REPAINTS = 5;

/**
 * Clicks `selector` in the page and resolves with the ms until the Departments
 * result shows data for a new scope (data-state ready, another data-key) and
 * the next frame is drawn.
 */
const timeClick = (page: Page, selector: string): Promise<number> =>
  // In the page (a string: this file is type-checked without the DOM library).
  page.evaluate(`new Promise((resolve, reject) => {
    const before = document.querySelector('[data-testid=dp-result]')?.getAttribute('data-key') ?? null;
    const target = document.querySelector(${JSON.stringify(selector)});
    if (!target) return reject(new Error('nothing matches ' + ${JSON.stringify(selector)}));
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      const r = document.querySelector('[data-testid=dp-result]');
      if (r && r.getAttribute('data-state') === 'ready' && r.getAttribute('data-key') !== before) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    observer.observe(document.body, { attributes: true, subtree: true, childList: true });
    target.click();
  })`);

/** Resolves when the Departments result is ready with a data-key containing `part` (polled: the CSP forbids waitForFunction's eval). */
async function settled(page: Page, part: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = await page.evaluate(`(() => {
      const r = document.querySelector('[data-testid=dp-result]');
      return r?.getAttribute('data-state') === 'ready' && (r.getAttribute('data-key') ?? '').includes(${JSON.stringify(part)});
    })()`);
    if (ready === true) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the Departments screen did not show ${part} within 120 s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run({ scale, log }: BenchOptions): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    log(`ui: skipped, no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
    return { skipped: `no Chromium at ${CHROMIUM_PATH}` };
  }
  if (!fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    log('ui: building the renderer (electron-vite build) for the web mode');
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`electron-vite build exited with ${code}`))));
    });
  }
  const source = await demoWorkspace(scale, log);
  log(`bench scale ${scale} → demo --scale ${demoScale(scale)}`);
  // A copy: the web server holds its workspace's lock, other benchmarks may open the cached file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-ui-'));
  const workspace = path.join(dir, 'w.duckdb');
  fs.copyFileSync(source, workspace);
  const { proc, url } = await startWebServer(workspace, path.join(dir, 'home'), 300_000);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const out: Record<string, unknown> = { demo_scale: demoScale(scale) };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(url);
    await page.getByTestId('workspace-header').waitFor();
    const open = await timeClick(page, '[data-testid=nav-departments]');
    log(`open the Departments screen, all data: ${open.toFixed(0)} ms (every query answered, decoded and drawn)`);
    out.open_all_ms = open;

    for (const [label, from, to] of [['all', '', ''], ['2019', '2019-01-01', '2019-12-31']] as const) {
      if (from) {
        await page.getByTestId('scope-from').fill(from);
        await settled(page, `"from":"${from}"`);
        await page.getByTestId('scope-to').fill(to);
        await settled(page, `"to":"${to}"`);
      }
      await page.getByTestId('scope-channels').locator('button').first().click();
      const times: number[] = [];
      for (let i = 0; i <= REPAINTS; i++) {
        const ms = await timeClick(page, '[data-testid=scope-channels-forum]');
        if (i > 0) times.push(ms); // the first is the warm-up
      }
      await page.getByTestId('scope-channels').getByRole('button', { name: /Done|완료/ }).click();
      const m = median(times);
      log(`filter change (channel forum on/off), ${label}: median ${m.toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) (goal ≤ 1000 ms)`);
      out[`${label}.filter_repaint_ms`] = m;
      out[`${label}.filter_repaint_max_ms`] = Math.max(...times);
    }
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  out.peak_rss_mb = peakRssMb();
  return out;
}
