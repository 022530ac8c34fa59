/**
 * The SQL console in Chromium: type a query into the CodeMirror editor, run
 * it, page the grid by scrolling, sort in the engine, export the whole result
 * as CSV and compare it with the CLI's `sql` output; DuckDB highlighting,
 * completion from the engine, a marked syntax error, cancelling a query.
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
  // The editor's contenteditable (CodeMirror's .cm-content) carries the test id.
  const editor = app.getByTestId('sql-editor');
  await expect(editor).toHaveClass(/cm-content/);
  await editor.fill('');
  await editor.pressSequentially(QUERY.slice(0, 40), { delay: 5 });
  await editor.fill(QUERY);
  await expect(editor).toHaveText(QUERY);
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

test('highlights DuckDB SQL, completes table names from the engine and runs with Ctrl+Enter', async ({ app }) => {
  const violations: string[] = [];
  app.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  await app.getByTestId('nav-sql').click();
  const editor = app.getByTestId('sql-editor');
  // CodeMirror styles itself with <style> elements: the CSP (style-src 'unsafe-inline') lets them apply.
  expect(await app.locator('.cm-editor').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
  await editor.click();
  await editor.fill('');
  await editor.pressSequentially('SELECT * FROM partic', { delay: 20 });
  // Highlighting: the keywords are CodeMirror tokens with the dialect's class, the table name is not.
  await expect(editor.locator('.sql-tok-keyword')).toHaveText(['SELECT', 'FROM']);
  expect(await editor.locator('.sql-tok-keyword').first().evaluate((el) => getComputedStyle(el).color)).toBe('rgb(11, 85, 160)');
  // DuckDB's sql_auto_complete in the engine offers the workspace's table for the prefix.
  const popup = app.locator('.cm-tooltip-autocomplete');
  await expect(popup.getByRole('option').first()).toContainText('participations');
  await expect(popup.getByRole('option').first()).toContainText('table');
  await screenshot(app, 'sql-complete');
  await editor.press('Enter');
  await expect(popup).toHaveCount(0);
  await expect(editor).toHaveText('SELECT * FROM participations');
  await editor.pressSequentially(' LIMIT 5');
  await editor.press('Control+Enter');
  await expect(app.getByTestId('sql-status')).toContainText('5 rows');
  await expect(app.getByTestId('sql-result')).toContainText('employee_id');
  await expect(editor).toHaveText('SELECT * FROM participations LIMIT 5'); // Ctrl+Enter ran, it did not insert a line
  expect(violations).toEqual([]);
});

test('marks the position of a syntax error in the editor until the next edit', async ({ app }) => {
  await app.getByTestId('nav-sql').click();
  const editor = app.getByTestId('sql-editor');
  await editor.fill('SELECT *\nFROM events WHER x = 1');
  await editor.press('Control+Enter');
  await expect(app.getByTestId('sql-error')).toContainText('LINE 2');
  await expect(app.locator('.sql-error-mark')).toHaveText('x'); // DuckDB reads WHER as a table alias: the error is at x
  await expect(app.locator('.cm-line.sql-error-line')).toHaveText('FROM events WHER x = 1');
  await expect(app.locator('.sql-error-mark')).toHaveAttribute('title', /syntax error at or near "x"/);
  await screenshot(app, 'sql-error');
  // The next edit clears the mark; DuckDB's message stays (dimmed) until the next run.
  await editor.press('End');
  await editor.pressSequentially(' ');
  await expect(app.locator('.sql-error-mark')).toHaveCount(0);
  await expect(app.getByTestId('sql-error')).toHaveClass(/stale/);
  // An error at the end of the text is marked after its last character.
  await editor.fill('SELECT * FROM');
  await editor.press('Control+Enter');
  await expect(app.getByTestId('sql-error')).toContainText('end of input');
  await expect(app.locator('.sql-error-mark.sql-error-eol')).toHaveCount(1);
});

test('Escape and the Cancel button interrupt a running query in the engine', async ({ app }) => {
  await app.getByTestId('nav-sql').click();
  // The dashboard's and the schema browser's queries go first on the read lane.
  await app.waitForLoadState('networkidle');
  const editor = app.getByTestId('sql-editor');
  const slow = 'SELECT sum(hash(i)) FROM range(100000000000) t(i)';
  await editor.fill(slow);
  await editor.press('Control+Enter');
  await expect(app.getByTestId('sql-cancel')).toBeEnabled();
  // Cancel interrupts what the engine's read lane runs now: let the query get there first.
  await app.waitForTimeout(1500);
  await editor.press('Escape');
  await expect(app.getByTestId('sql-notice')).toContainText('Cancelled');
  await expect(app.getByTestId('sql-cancel')).toBeDisabled();
  await app.getByTestId('sql-run').click();
  await expect(app.getByTestId('sql-cancel')).toBeEnabled();
  await expect(app.getByTestId('sql-notice')).toHaveCount(0);
  await app.waitForTimeout(1500);
  await app.getByTestId('sql-cancel').click();
  await expect(app.getByTestId('sql-notice')).toContainText('Cancelled');
  await expect(app.getByTestId('sql-run')).toBeEnabled();
});

test('the schema browser lists the researchers’ views and runs DESCRIBE', async ({ app }) => {
  await app.getByTestId('nav-sql').click();
  const schema = app.getByTestId('sql-schema');
  await expect(schema).toContainText('v_participations_flat');
  await schema.getByText('events', { exact: true }).click();
  await app.getByTestId('sql-describe-events').click();
  const editor = app.getByTestId('sql-editor');
  await expect(editor).toHaveText('DESCRIBE "events"');
  await expect(app.getByTestId('sql-result')).toContainText('occurred_on');
  // A column from the browser goes in at the cursor, and the editor keeps the focus.
  await editor.fill('SELECT  FROM events');
  await editor.press('Home');
  for (let i = 0; i < 'SELECT '.length; i++) await editor.press('ArrowRight');
  await app.getByTestId('sql-schema').getByRole('button', { name: 'channel', exact: true }).click();
  await expect(editor).toHaveText('SELECT channel FROM events');
  await expect(editor).toBeFocused();
});

test('the editor follows the language: its label and the completion kinds in Korean', async ({ app }) => {
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language-ko').check();
  await app.getByTestId('nav-sql').click();
  const editor = app.getByTestId('sql-editor');
  await expect(editor).toHaveAttribute('aria-label', 'SQL 쿼리');
  await editor.fill('');
  await editor.pressSequentially('SELECT * FROM even', { delay: 20 });
  const first = app.locator('.cm-tooltip-autocomplete').getByRole('option').first();
  await expect(first).toContainText('events');
  await expect(first).toContainText('테이블');
  await expect(app.locator('.cm-tooltip-autocomplete [role=listbox]')).toHaveAttribute('aria-label', '자동 완성 목록');
  await editor.press('Escape');
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language-en').check();
  await app.getByTestId('nav-sql').click();
  await expect(editor).toHaveAttribute('aria-label', 'SQL query');
});
