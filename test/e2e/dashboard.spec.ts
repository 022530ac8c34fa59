/**
 * The Leadership dashboard in Chromium as leadership uses it: switch to the
 * Leadership profile in Settings, open the dashboard, read the KPIs and the
 * charts, and compare what is on screen with the engine's Leadership
 * response: every department value equals the engine's, every group the
 * engine suppressed shows "< k" and no number. Then raise k (departments
 * become suppressed, then all of them: the screen says so in words), look at
 * it in Korean, switch back to Analyst (confirmed) and find both switches in
 * the audit log.
 */
import { tableFromIPC } from 'apache-arrow';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

interface DepartmentRow {
  department_id: string;
  hours_per_head: number | null;
  suppressed: boolean;
}

interface CollabRow {
  department_id: string;
  partner_id: string;
  events: number | null;
  suppressed: boolean;
}

/** Calls the engine as the page does (same cookie: the same profile); Arrow replies are decoded to rows. */
async function engine<T>(request: APIRequestContext, origin: string, method: string, body: unknown): Promise<T> {
  const res = await request.post(`${origin}/api/${method}`, { data: body });
  expect(res.ok(), `${method}: ${res.status()}`).toBeTruthy();
  if ((res.headers()['content-type'] ?? '').startsWith('application/vnd.apache.arrow.stream')) {
    const table = tableFromIPC(new Uint8Array(await res.body()));
    return table.toArray().map((r) => {
      const o = r.toJSON() as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) if (typeof v === 'bigint') o[k] = Number(v);
      return o;
    }) as T;
  }
  return ((await res.json()) as { value: T }).value;
}

const en1 = (v: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(v);

async function openSettings(app: Page) {
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('screen-settings')).toBeVisible();
}

async function openDashboard(app: Page, year?: number) {
  await app.getByTestId('nav-dashboard').click();
  await expect(app.getByTestId('screen-dashboard')).toBeVisible();
  await expect(app.getByTestId('db-result')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  if (year !== undefined) await expect(app.getByTestId('db-result')).toHaveAttribute('data-year', String(year));
}

async function raiseK(app: Page, k: number) {
  await openSettings(app);
  await app.getByTestId('profile-k').fill(String(k));
  await app.getByTestId('profile-k-apply').click();
  await expect(app.getByTestId('profile-badge')).toContainText(`k = ${k}`);
}

test.describe('Leadership dashboard', () => {
  test.setTimeout(240_000);

  // Whatever happens, the shared server's workspace goes back to Analyst for the other specs.
  test.afterEach(async ({ app, server }) => {
    await app.request.post(`${server.origin}/api/setProfile`, { data: { profile: 'analyst', confirm: true } });
  });

  test('shows aggregates only, with "< k" wherever the engine suppressed a group', async ({ app, server }) => {
    await openSettings(app);
    await app.getByTestId('profile-leadership').click();
    await expect(app.getByTestId('profile-badge')).toContainText('Leadership · k = 5');
    // Leadership: no Evaluation or SQL in the navigation.
    await expect(app.getByTestId('nav-evaluation')).toHaveCount(0);
    await expect(app.getByTestId('nav-sql')).toHaveCount(0);

    const catalog = await engine<{ span: { to: string } }>(app.request, server.origin, 'catalog', {});
    // The default year: the last complete calendar year with data.
    const year = catalog.span.to.endsWith('-12-31') ? Number(catalog.span.to.slice(0, 4)) : Number(catalog.span.to.slice(0, 4)) - 1;
    const scope = { from: `${year}-01-01`, to: `${year}-12-31` };
    await openDashboard(app, year);
    await expect(app.getByTestId('db-leadership-note')).toContainText('fewer than 5 employees');

    // KPIs: the engine's Leadership totals, and a change against the year before.
    const totals = await engine<{ staff_engaged: number; citizens_reached: number }>(app.request, server.origin, 'departmentTotals', { scope });
    await expect(app.getByTestId('db-kpi-staff_engaged-value')).toHaveText(new Intl.NumberFormat('en-US').format(totals.staff_engaged));
    await expect(app.getByTestId('db-kpi-citizens_reached-value')).toHaveText(new Intl.NumberFormat('en-US').format(totals.citizens_reached));
    await expect(app.getByTestId('db-kpi-hours_per_head-change')).toContainText(`vs ${year - 1}`);
    await expect(app.getByTestId('db-kpi-programs_active-value')).toHaveText(/^\d+$/);
    await expect(app.locator('[data-testid=db-kpis] svg.db-spark')).toHaveCount(5);

    // Links: Departments is explained with the same year; Evaluation (individual-level) is disabled, saying why.
    const evalLink = app.getByTestId('db-section-evaluation-link');
    await expect(evalLink).toBeDisabled();
    await expect(evalLink).toHaveAttribute('title', /Leadership profile/);
    await expect(app.getByTestId('db-section-rank-link')).toBeEnabled();

    // Every department bar equals the engine's Leadership value; suppressed ones say "< 5" and nothing else.
    const table = await engine<DepartmentRow[]>(app.request, server.origin, 'departmentTable', { scope });
    const rows = app.getByTestId('db-rank-row');
    await expect(rows).toHaveCount(table.length);
    for (const r of table) {
      const row = app.locator(`[data-testid=db-rank-row][data-department="${r.department_id}"]`);
      await expect(row).toHaveAttribute('data-suppressed', String(r.suppressed));
      await expect(row.getByTestId('db-rank-value')).toHaveText(r.suppressed ? '< 5' : en1(r.hours_per_head!));
    }

    // The silo heatmap: engine-suppressed cells are hatched, carry no value and say "< 5"; the others carry the engine's count.
    const collab = await engine<CollabRow[]>(app.request, server.origin, 'collaborationMatrix', { scope });
    const suppressed = collab.filter((c) => c.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    const cells = await app.getByTestId('db-silo-cell').evaluateAll((els) =>
      els.map((e) => ({ row: e.getAttribute('data-row'), col: e.getAttribute('data-col'), suppressed: e.getAttribute('data-suppressed'), value: e.getAttribute('data-value'), title: e.querySelector('title')?.textContent ?? '' })),
    );
    expect(cells.length).toBe(collab.length);
    const byKey = new Map(collab.map((c) => [`${c.department_id}|${c.partner_id}`, c]));
    for (const cell of cells) {
      const c = byKey.get(`${cell.row}|${cell.col}`)!;
      expect(cell.suppressed).toBe(String(c.suppressed));
      if (c.suppressed) {
        expect(cell.value).toBe('');
        expect(cell.title).toContain('< 5');
      } else expect(cell.value).toBe(String(c.events));
    }
    await expect(app.getByTestId('db-continuity-survival')).toContainText('%');
    await expect(app.getByTestId('db-evaluation-setup')).toContainText(`Period ${year}`);
    await screenshot(app, 'dashboard-leadership');

    // "Export report": the report view (cover + one page per section) prints itself and logs the export.
    await app.getByTestId('db-export-report').click();
    await expect(app.getByTestId('report')).toHaveAttribute('data-report-ready', 'true', { timeout: 60_000 });
    await expect(app.getByTestId('rp-fact-profile')).toContainText('Leadership');
    await expect(app.getByTestId('rp-fact-k')).toContainText('fewer than 5 employees');
    await expect(app.locator('.rp-page')).toHaveCount(6);
    await expect(app.getByTestId('nav-dashboard')).toBeVisible();
    await expect.poll(() => app.evaluate(() => window.location.hash)).not.toContain('print=1');
    await app.getByTestId('rp-back').click();
    await expect(app.getByTestId('db-result')).toBeVisible();

    // Korean: labels, numbers with thousands separators.
    await openSettings(app);
    await app.getByTestId('language-ko').click();
    await openDashboard(app, year);
    await expect(app.getByTestId('screen-dashboard').locator('h1')).toHaveText('한눈에 보는 시민 참여');
    await expect(app.getByTestId('db-kpi-staff_engaged')).toContainText('참여 직원');
    await expect(app.getByTestId('db-kpi-staff_engaged-value')).toHaveText(new Intl.NumberFormat('ko-KR').format(totals.staff_engaged));
    await expect(app.getByTestId('db-section-evaluation-link')).toHaveAttribute('title', /지도부 프로필/);
    await screenshot(app, 'dashboard-leadership-ko');
    await openSettings(app);
    await app.getByTestId('language-en').click();

    // k = 50: departments with fewer than 50 staff behind them are suppressed, on screen as in the engine.
    await raiseK(app, 50);
    await openDashboard(app, year);
    const at50 = await engine<DepartmentRow[]>(app.request, server.origin, 'departmentTable', { scope });
    const hidden = at50.filter((r) => r.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.length).toBeLessThan(at50.length);
    await expect(app.locator('[data-testid=db-rank-row][data-suppressed=true]')).toHaveCount(hidden.length);
    for (const r of at50) {
      await expect(app.locator(`[data-testid=db-rank-row][data-department="${r.department_id}"]`).getByTestId('db-rank-value')).toHaveText(r.suppressed ? '< 50' : en1(r.hours_per_head!));
    }

    // k = 1000: every department is under k; the dashboard says so in words instead of drawing empty charts.
    // (The catalog is computed on the Leadership view too: its span may shrink, and with it the default year.)
    await raiseK(app, 1000);
    await openDashboard(app);
    await expect(app.getByTestId('db-all-suppressed')).toContainText('fewer than 1000 employees');
    await expect(app.getByTestId('db-rank-all-suppressed')).toBeVisible();
    await expect(app.getByTestId('db-rank-chart')).toHaveCount(0);

    // Back to Analyst: confirmed, and both switches are in the audit log.
    await openSettings(app);
    app.once('dialog', (d) => void d.accept());
    await app.getByTestId('profile-analyst').click();
    await expect(app.getByTestId('profile-badge')).toHaveText('Analyst');
    await expect(app.getByTestId('nav-evaluation')).toBeVisible();
    const audit = app.getByTestId('audit-log');
    await expect(audit).toContainText('profile.leadership');
    await expect(audit).toContainText('profile.analyst');
    await expect(audit).toContainText('dashboard report');
  });
});
