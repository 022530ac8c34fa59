/**
 * Continuity in Chromium on the demo workspace (2006-2024, Seoul's
 * administrations): step and pick pairs A → B, read the program survival on
 * screen and compare it with what the CLI prints for the same pair; see the
 * engine refuse an overlapping administration in the edit dialog; see bad
 * input explained instead of NaN.
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

/** "40%" / "66.7%" → 40 / 66.7 */
const percentShown = async (page: Page): Promise<number> => {
  const text = (await page.getByTestId('ct-kpi-survival').locator('.kpi-value').textContent()) ?? '';
  expect(text).toMatch(/^\d+(\.\d)?%$/);
  return Number(text.replace('%', ''));
};

const survivalFromCli = (cli: (...a: string[]) => string, before: string, after: string): number => {
  const json = JSON.parse(cli('continuity', '--before', before, '--after', after)) as { program_survival: number };
  // The screen shows a percent with at most one decimal.
  return Math.round(json.program_survival * 1000) / 10;
};

const settled = (page: Page, pair: string) => expect(page.getByTestId('ct-result')).toHaveAttribute('data-pair', pair);

test('compares administrations and shows the survival the CLI computes', async ({ app, server }) => {
  await app.getByTestId('nav-continuity').click();
  // Default: the latest adjacent pair with data on both sides.
  await settled(app, 'seo-2020>oh-2021');
  await expect(app.getByTestId('ct-before')).toHaveValue('seo-2020');
  await expect(app.getByTestId('ct-after')).toHaveValue('oh-2021');
  expect(await percentShown(app)).toBe(survivalFromCli(server.cli, 'seo-2020', 'oh-2021'));

  // Step back one adjacent pair: park-2011 → seo-2020.
  await app.getByTestId('ct-prev-pair').click();
  await settled(app, 'park-2011>seo-2020');
  expect(await percentShown(app)).toBe(survivalFromCli(server.cli, 'park-2011', 'seo-2020'));

  // Choose A = oh-2006 and B = park-2011 (not adjacent: the acting mayor sits between).
  await app.getByTestId('ct-before').selectOption('oh-2006');
  await app.getByTestId('ct-after').selectOption('park-2011');
  await settled(app, 'oh-2006>park-2011');
  const shown = await percentShown(app);
  expect(shown).toBe(survivalFromCli(server.cli, 'oh-2006', 'park-2011'));
  expect(shown).toBeGreaterThan(0);
  await expect(app.getByTestId('ct-pair-count')).toContainText('chosen pair');
  // The view is in the URL, so it can be reopened.
  expect(app.url()).toContain('before=oh-2006');
  expect(app.url()).toContain('after=park-2011');

  // The charts and the table are there, with the ITS in plain words.
  await expect(app.getByTestId('ct-its-level')).toContainText(/After the change, [\d.,]+ (more|fewer) events per month \(± [\d.,]+\)/);
  await expect(app.getByTestId('ct-its-chart').locator('svg.recharts-surface')).toBeVisible();
  await expect(app.getByTestId('ct-timeline').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(app.getByTestId('ct-slopegraph').locator('.recharts-line').first()).toBeVisible();
  await expect(app.getByTestId('ct-summary').locator('tbody tr')).toHaveCount(6);
  await expect(app.getByTestId('ct-list-ended')).toContainText('천만상상 오아시스');
  await expect(app.locator('body')).not.toContainText('NaN');
  await screenshot(app, 'continuity');

  // Reopening the URL restores the view.
  await app.reload();
  await settled(app, 'oh-2006>park-2011');
});

test('explains bad input instead of showing NaN', async ({ app }) => {
  await app.getByTestId('nav-continuity').click();
  await settled(app, 'seo-2020>oh-2021');
  // A = B
  await app.getByTestId('ct-before').selectOption('oh-2021');
  await expect(app.getByTestId('ct-error')).toContainText('same administration');
  await expect(app.getByTestId('ct-result')).toHaveCount(0);
  // B before A
  await app.getByTestId('ct-after').selectOption('park-2011');
  await expect(app.getByTestId('ct-error')).toContainText('must start after');
  // An administration with no data in its span (lee-2002 starts in 2002; the events in 2006).
  await app.getByTestId('ct-before').selectOption('lee-2002');
  await app.getByTestId('ct-after').selectOption('oh-2006');
  await settled(app, 'lee-2002>oh-2006');
  await app.getByTestId('ct-window').fill('240');
  await expect(app.getByTestId('ct-notes')).toContainText('ends after the last event');
  // m < 1
  await app.getByTestId('ct-min-events').fill('0');
  await expect(app.getByTestId('ct-error')).toContainText('minEvents');
  await app.getByTestId('ct-min-events').fill('3');
  await app.getByTestId('ct-window').fill('12');
  // Fewer than 3 months on a side: the acting mayor Kwon held office for 2 months.
  await app.getByTestId('ct-before').selectOption('kwon-2011');
  await app.getByTestId('ct-after').selectOption('park-2011');
  await settled(app, 'kwon-2011>park-2011');
  await expect(app.getByTestId('ct-its-note')).toContainText('needs at least 3 months on each side of the boundary; the series has 2 before');
  await expect(app.locator('body')).not.toContainText('NaN');
});

test('reads in Korean', async ({ app }) => {
  await app.evaluate(() => {
    localStorage.setItem('sotong.language', 'ko');
    window.location.hash = '#/continuity?before=oh-2006&after=park-2011';
  });
  await app.reload();
  await settled(app, 'oh-2006>park-2011');
  await expect(app.getByTestId('ct-its-level')).toContainText('변화 직후 행사가 월');
  await expect(app.getByTestId('ct-question')).toContainText('2011. 10. 27.');
  await expect(app.locator('body')).not.toContainText('NaN');
  await screenshot(app, 'continuity-ko');
});

test('edits the administrations; the engine refuses an overlap and names both', async ({ app }) => {
  await app.getByTestId('nav-continuity').click();
  await settled(app, 'seo-2020>oh-2021');
  // Move Seo's start back into Park's term: refused, with both named, in the dialog.
  await app.getByTestId('ct-chip-seo-2020').click();
  const dialog = app.getByTestId('ct-admin-dialog');
  await expect(dialog).toBeVisible();
  await app.getByTestId('ct-admin-starts_on').fill('2019-01-01');
  await app.getByTestId('ct-admin-save').click();
  await expect(app.getByTestId('ct-admin-error')).toContainText('overlaps');
  await expect(app.getByTestId('ct-admin-error')).toContainText('seo-2020');
  await expect(app.getByTestId('ct-admin-error')).toContainText('park-2011');
  await screenshot(app, 'continuity-edit-refused');
  // Inverted dates are refused too.
  await app.getByTestId('ct-admin-starts_on').fill('2021-01-01');
  await app.getByTestId('ct-admin-ends_on').fill('2020-12-31');
  await app.getByTestId('ct-admin-save').click();
  await expect(app.getByTestId('ct-admin-error')).toContainText('inverted');
  // A rename is accepted and shows on the strip.
  await app.getByTestId('ct-admin-starts_on').fill('2020-07-10');
  await app.getByTestId('ct-admin-ends_on').fill('2021-04-07');
  await app.getByTestId('ct-admin-head').fill('Seo Jeong-hyup (acting mayor)');
  await app.getByTestId('ct-admin-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('ct-chip-seo-2020')).toContainText('Seo Jeong-hyup (acting mayor)');
  // Add one after the last: refused while oh-2021 is open, accepted once it is closed.
  await app.getByTestId('ct-admin-add').click();
  await app.getByTestId('ct-admin-administration_id').fill('next-2026');
  await app.getByTestId('ct-admin-head').fill('Next mayor');
  await app.getByTestId('ct-admin-starts_on').fill('2026-07-01');
  await app.getByTestId('ct-admin-save').click();
  await expect(app.getByTestId('ct-admin-error')).toContainText('Close oh-2021 first');
  await app.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await app.getByTestId('ct-chip-oh-2021').click();
  await app.getByTestId('ct-admin-ends_on').fill('2026-06-30');
  await app.getByTestId('ct-admin-save').click();
  await expect(dialog).toHaveCount(0);
  await app.getByTestId('ct-admin-add').click();
  await app.getByTestId('ct-admin-administration_id').fill('next-2026');
  await app.getByTestId('ct-admin-head').fill('Next mayor');
  await app.getByTestId('ct-admin-starts_on').fill('2026-07-01');
  await app.getByTestId('ct-admin-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('ct-band-next-2026')).toBeVisible();
  // An administration with no data in its span: the engine says so.
  await app.getByTestId('ct-before').selectOption('oh-2021');
  await app.getByTestId('ct-after').selectOption('next-2026');
  await expect(app.getByTestId('ct-error')).toContainText('has no events in its span');
  // Delete it (two clicks) and reopen oh-2021: back to the defaults.
  await app.getByTestId('ct-chip-next-2026').click();
  await app.getByTestId('ct-admin-delete').click();
  await app.getByTestId('ct-admin-delete').click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('ct-chip-next-2026')).toHaveCount(0);
  await app.getByTestId('ct-chip-oh-2021').click();
  await app.getByTestId('ct-admin-ends_on').fill('');
  await app.getByTestId('ct-admin-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('ct-chip-oh-2021')).toContainText('2021–');
});
