/** The app frame in Chromium: every screen, the workspace header, Korean, errors shown. */
import { expect, screenshot, test } from './fixtures';

const SCREENS = ['import', 'departments', 'continuity', 'evaluation', 'sql', 'settings'] as const;

test('opens the demo workspace and shows its row counts in the header', async ({ app, server }) => {
  await expect(app.getByTestId('workspace-path')).toHaveText('demo.duckdb');
  // Employees: no other test imports staff, so the snapshot taken before the server started still holds.
  const employees = app.getByTestId('count-employees').locator('.count-value');
  await expect(employees).not.toHaveText('0');
  await expect(app.getByTestId('db-result')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(app.getByTestId('db-kpis')).toBeVisible();
  await screenshot(app, 'app');
  const info = JSON.parse(server.cli('info')) as { tables: { name: string; rows: number }[] };
  const expected = info.tables.find((t) => t.name === 'employees')!.rows;
  expect(Number((await employees.textContent())!.replaceAll(',', ''))).toBe(expected);
});

test('navigates every screen', async ({ app }) => {
  for (const s of SCREENS) {
    await app.getByTestId(`nav-${s}`).click();
    await expect(app.getByTestId(`screen-${s}`)).toBeVisible();
    await expect(app).toHaveURL(new RegExp(`#/${s}`));
  }
});

test('switches to Korean and back', async ({ app }) => {
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language-ko').check();
  await expect(app.getByTestId('nav-departments')).toHaveText('부서');
  await expect(app.getByTestId('workspace-header')).toContainText('작업공간');
  await expect(app.locator('html')).toHaveAttribute('lang', 'ko');
  await screenshot(app, 'settings-ko');
  await app.reload();
  await expect(app.getByTestId('nav-evaluation')).toHaveText('평가'); // the choice is remembered
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language-en').check();
  await expect(app.getByTestId('nav-departments')).toHaveText('Departments');
});

test('runs a query in the SQL console and shows a refused statement as an error', async ({ app }) => {
  await app.getByTestId('nav-sql').click();
  await app.getByTestId('sql-editor').fill('SELECT count(*) AS n FROM departments');
  await app.getByTestId('sql-run').click();
  await expect(app.getByTestId('sql-result')).toContainText('n');
  await expect(app.getByTestId('sql-status')).toContainText('1 row');
  await app.getByTestId('sql-editor').fill('DROP TABLE events');
  await app.getByTestId('sql-editor').press('Control+Enter');
  await expect(app.getByTestId('error-banner')).toContainText('read-only');
  await expect(app.getByTestId('error-banner')).toContainText('SQL_REFUSED');
});

test('refuses the API without the token', async ({ page, server }) => {
  const res = await page.request.post(`${server.origin}/api/info`, { data: {}, headers: { 'Content-Type': 'application/json' } });
  expect(res.status()).toBe(403);
});
