/**
 * Evaluation in Chromium as an HR evaluator uses it: choose 2019, move the
 * engagement weight to 45 %, read one employee's composite on screen and
 * compare it with the CLI's, open the scorecard, and print the scorecard to
 * PDF: one page, whose first page (pdftoppm → PNG) is not blank.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { darkPixels, expect, screenshot, test } from './fixtures';

interface CliRow {
  employee_id: string;
  composite: number;
  engagement: number;
  events: number;
}

const shown = (v: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(v);

test('the composite on screen at w = 45 % equals the CLI; the scorecard prints to a one-page PDF', async ({ app, server }) => {
  const rows = JSON.parse(server.cli('evaluate', '--period', '2019', '--weight', '0.45', '--format', 'json')) as CliRow[];
  expect(rows.length).toBeGreaterThan(100);
  // Someone with participations, whose composite is not a round number.
  const who = rows.find((r) => r.events > 5 && !Number.isInteger(r.composite * 100))!;

  await app.getByTestId('nav-evaluation').click();
  await expect(app.getByTestId('screen-evaluation')).toBeVisible();
  // Let the screen settle on its defaults (latest year, default setup) before choosing, then check the choice held.
  await expect(app.getByTestId('ev-period')).not.toHaveValue('');
  await expect(app.getByTestId('ev-kpi-n')).toBeVisible();
  await expect(async () => {
    await app.getByTestId('ev-period').selectOption('2019');
    await expect(app.getByTestId('ev-period')).toHaveValue('2019', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const firstComposite = app.getByTestId('ev-table').locator('[data-col=composite]').first();
  await expect(firstComposite).not.toHaveText('');
  // Repaint after a slider move, timed in the page: the debounce (100 ms), the engine's ranking query, the paint.
  const repaintMs = await app.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid=ev-weight-slider]')!;
        const cell = document.querySelector('[data-testid=ev-table] [data-col=composite]')!;
        const before = cell.textContent;
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          const now = document.querySelector('[data-testid=ev-table] [data-col=composite]')!;
          if (now.textContent !== before) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        observer.observe(document.querySelector('[data-testid=ev-table]')!, { subtree: true, characterData: true, childList: true });
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '45');
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
  );
  test.info().annotations.push({ type: 'slider repaint (ms, 1,665 employees)', description: String(Math.round(repaintMs)) });
  await expect(app.getByTestId('ev-weight-value')).toHaveText('45%');
  await expect(app.getByTestId('ev-kpi-nominal')).toContainText('45%');
  await expect(app.getByTestId('ev-kpi-n')).toContainText(new Intl.NumberFormat('en-US').format(rows.length));
  await expect(app.getByTestId('ev-plain')).toContainText('At a nominal 45%, engagement decides');
  await expect(app.getByTestId('ev-total')).toHaveText(`${new Intl.NumberFormat('en-US').format(rows.length)} employees`);
  await expect(app.getByTestId('ev-chart-composite').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(app.getByTestId('ev-chart-sensitivity').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(app.getByTestId('ev-table').locator('[data-col=composite]').first()).not.toHaveText('');
  await screenshot(app, 'evaluation');

  await app.getByTestId('ev-search').fill(who.employee_id);
  const row = app.getByTestId(`ev-row-${who.employee_id}`);
  await expect(row).toBeVisible();
  await expect(row.locator('[data-col=composite]')).toHaveText(shown(who.composite));
  await expect(row.locator('[data-col=engagement]')).toHaveText(shown(who.engagement));

  await row.click();
  const card = app.getByTestId('ev-scorecard');
  await expect(card).toBeVisible();
  await expect(app.getByTestId('ev-sc-employee')).toHaveText(who.employee_id);
  await expect(app.getByTestId('ev-sc-composite')).toHaveText(shown(who.composite));
  await expect(app.getByTestId('ev-sc-arithmetic')).toContainText('F = (1 − 0.45)');
  await expect(app.getByTestId('ev-sc-peer')).toContainText('Compared with');
  await screenshot(app, 'evaluation-scorecard');

  // The scorecard as PDF, as printing it does: print media, Chromium's PDF renderer.
  await app.emulateMedia({ media: 'print' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-e2e-pdf-'));
  const pdf = path.join(dir, 'scorecard.pdf');
  await app.pdf({ path: pdf, format: 'A4', printBackground: true });
  await app.emulateMedia({ media: 'screen' });
  const info = execFileSync('pdfinfo', [pdf]).toString();
  expect(info).toMatch(/^Pages:\s+1$/m);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(dir, 'page')]);
  // Dark pixels in the page's top third: the scorecard's header, scores and components.
  const dark = await darkPixels(app, path.join(dir, 'page.png'));
  expect(dark.height).toBeGreaterThan(dark.width); // A4 portrait
  expect(dark.n).toBeGreaterThan(500); // text of the scorecard's header, scores and components
  fs.copyFileSync(path.join(dir, 'page.png'), path.join(path.dirname(await screenshot(app, 'evaluation-scorecard')), 'evaluation-scorecard-pdf.png'));
  fs.rmSync(dir, { recursive: true, force: true });
});
