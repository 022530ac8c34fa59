import { test } from './fixtures';
test('review', async ({ app }) => {
  await app.getByTestId('nav-evaluation').click();
  await app.getByTestId('ev-period').selectOption('2019');
  await app.waitForTimeout(2000);
  for (const v of ['45', '46', '47']) {
    const r = await app.evaluate(
      (val) =>
        new Promise<string>((resolve) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid=ev-weight-slider]')!;
          const cell = document.querySelector('[data-testid=ev-table] [data-col=composite]')!;
          const before = cell.textContent;
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            const now = document.querySelector('[data-testid=ev-table] [data-col=composite]')!;
            if (now.textContent !== before) {
              observer.disconnect();
              const t1 = performance.now() - t0;
              requestAnimationFrame(() => {
                const res = performance.getEntriesByType('resource').filter((e) => e.startTime > t0 && e.name.includes('/api/')).map((e) => `${e.name.split('/api/')[1]} ${Math.round(e.startTime - t0)}→${Math.round((e as PerformanceResourceTiming).responseEnd - t0)}`);
                resolve(`mutation ${Math.round(t1)} frame ${Math.round(performance.now() - t0)} | ${res.join(', ')}`);
              });
            }
          });
          observer.observe(document.querySelector('[data-testid=ev-table]')!, { subtree: true, characterData: true, childList: true });
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, val);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      v,
    );
    test.info().annotations.push({ type: v, description: r });
    await app.waitForTimeout(1000);
  }
});
