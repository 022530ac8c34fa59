/**
 * The SQL console in Chromium: type a query, run it, page the grid by
 * scrolling, sort in the engine, export the whole result as CSV and compare
 * it with the CLI's `sql` output; completion and a marked syntax error.
 */
import fs from 'node:fs';
import { expect, screenshot, test } from './fixtures';

// Only the demo's events (ids EV…): other tests on the same server import new ones, which the CLI's snapshot lacks.
const QUERY =
  "SELECT event_id, occurred_on, channel, program, citizens_reached, round(citizens_reached / 7.0, 3) AS per_seventh FROM events WHERE event_id LIKE 'EV%' ORDER BY event_id LIMIT 3000";

test('runs a query, pages the grid, sorts, and exports CSV equal to the CLI output', async ({ app, server }) => {
  const cli = server.cli('sql', QUERY);
  const lines = cli.trimEnd().split('\n');
  const total = lines.length - 1;
  expect(total).toBeGreaterThan(600);

  await app.getByTestId('nav-sql').click();
  const editor = app.getByTestId('sql-editor');
  await editor.fill('');
  await editor.pressSequentially(QUERY.slice(0, 40), { delay: 5 });
  await editor.fill(QUERY);
  await editor.press('Control+Enter');
  const status = app.getByTestId('sql-status');
  await expect(status).toContainText(`${total.toLocaleString('en-US')} rows`);
  const grid = app.getByTestId('sql-result');
  const firstId = lines[1]!.split(',')[0]!;
  await expect(grid.locator('[data-row="0"] [role=gridcell]').first()).toHaveText(firstId);

  // Scroll to row 450: page 3 (rows 400..599) is fetched from the engine.
  await grid.evaluate((el) => (el.scrollTop = 450 * 28));
  const row450 = lines[451]!.split(',')[0]!;
  await expect(grid.locator('[data-row="450"] [role=gridcell]').first()).toHaveText(row450);
  // Only a window of rows is in the DOM.
  expect(await grid.locator('[role=row]').count()).toBeLessThan(120);

  // Sort by event_id descending in the engine: the first row is the CLI's last.
  await grid.evaluate((el) => (el.scrollTop = 0));
  await app.getByTestId('sql-sort-event_id').click();
  await app.getByTestId('sql-sort-event_id').click();
  await expect(status).toContainText('sorted by event_id ▼');
  await expect(grid.locator('[data-row="0"] [role=gridcell]').first()).toHaveText(lines[lines.length - 1]!.split(',')[0]!);

  await screenshot(app, 'sql');

  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('sql-export-csv').click()]);
  const file = await download.path();
  expect(fs.readFileSync(file, 'utf8')).toBe(cli);
  await expect(app.getByTestId('sql-notice')).toContainText(`Exported ${total.toLocaleString('en-US')} rows`);
});

test('completes table names and marks a syntax error in the editor', async ({ app }) => {
  await app.getByTestId('nav-sql').click();
  const editor = app.getByTestId('sql-editor');
  await editor.fill('');
  await editor.pressSequentially('SELECT * FROM partic', { delay: 20 });
  const popup = app.getByTestId('sql-complete');
  await expect(popup).toContainText('participations');
  await editor.press('Enter');
  await expect(editor).toHaveValue('SELECT * FROM participations');
  await editor.fill('SELECT *\nFROM events WHER x = 1');
  await editor.press('Control+Enter');
  await expect(app.getByTestId('sql-error')).toContainText('LINE 2');
  await expect(app.locator('.sql-error-mark')).toHaveText('x'); // DuckDB reads WHER as a table alias: the error is at x
  await screenshot(app, 'sql-error');
});

test('the schema browser lists the researchers’ views and runs DESCRIBE', async ({ app }) => {
  await app.getByTestId('nav-sql').click();
  const schema = app.getByTestId('sql-schema');
  await expect(schema).toContainText('v_participations_flat');
  await schema.getByText('events', { exact: true }).click();
  await app.getByTestId('sql-describe-events').click();
  await expect(app.getByTestId('sql-editor')).toHaveValue('DESCRIBE "events"');
  await expect(app.getByTestId('sql-result')).toContainText('occurred_on');
});
