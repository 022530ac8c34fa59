// Temporary: element screenshots for checking the Departments screen by eye.
import { test } from './fixtures';
for (const lang of ['en', 'ko']) {
  test(`review ${lang}`, async ({ app }) => {
    await app.setViewportSize({ width: 1440, height: 1000 });
    await app.evaluate((l) => {
      localStorage.setItem('sotong.language', l);
      window.location.hash = '#/departments?focus=D07';
    }, lang);
    await app.reload();
    await app.getByTestId('dp-result').and(app.locator('[data-state=ready]')).waitFor();
    await app.waitForTimeout(500);
    for (const id of ['dp-kpis', 'dp-table', 'dp-rank-chart', 'dp-area-chart', 'dp-channel-heatmap', 'dp-depth-chart', 'dp-collab-heatmap', 'dp-silo', 'dp-advisor']) {
      const el = app.getByTestId(id);
      await el.scrollIntoViewIfNeeded();
      await el.screenshot({ path: `test-results/dp-review/${lang}-${id}.png` });
    }
  });
}
