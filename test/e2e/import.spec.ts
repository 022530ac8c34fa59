/**
 * Import in Chromium as a person does it: drop the committed CP949 sample on
 * the window, see Korean headers mapped, import; then a file with an unknown
 * header, fix its mapping by hand, import, and see the new rows in the header.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { expect, ROOT, screenshot, test } from './fixtures';

/** Drops a file on the window through a real DataTransfer, as a drag from the desktop would. */
async function dropFile(page: Page, file: string): Promise<void> {
  const bytes = [...fs.readFileSync(file)];
  const name = path.basename(file);
  await page.evaluate(
    ({ bytes: b, name: n }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], n));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { bytes, name },
  );
}

const count = async (page: Page, table: string) => Number(((await page.getByTestId(`count-${table}`).locator('.count-value').textContent()) ?? '').replaceAll(',', ''));

test('drops the CP949 sample with Korean headers and imports it', async ({ app }) => {
  await app.getByTestId('nav-import').click();
  await dropFile(app, path.join(ROOT, 'data/samples/participations-cp949.csv'));
  const preview = app.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await expect(app.getByTestId('import-encoding')).toHaveValue('cp949');
  await expect(app.getByTestId('import-kind')).toHaveValue('participations');
  await expect(app.getByTestId('map-행사번호')).toHaveValue('event_id');
  await expect(app.getByTestId('map-사번')).toHaveValue('employee_id');
  await expect(app.getByTestId('mapping')).toContainText('온라인'); // decoded Hangul, not mojibake
  await screenshot(app, 'import-preview');
  // The sample's events are also in the demo workspace: replace them if they differ.
  await app.getByTestId('on-conflict-upsert').check();
  await app.getByTestId('import-start').click();
  await expect(app.getByTestId('import-status')).toContainText('Imported as');
  await expect(app.getByTestId('rows-read')).toHaveText('344');
  await expect(app.getByTestId('import-history')).toContainText('participations-cp949.csv');
});

test('lets the user fix a mapping before committing, then shows the new rows', async ({ app }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-e2e-import-'));
  const file = path.join(dir, '참여기록-2024.csv');
  const lines = [
    '행사번호,일자,채널,사업명,참여인원,담당자,부서코드,시간',
    'E2E-1,2024.05.02,포럼,청책토론회 (Cheong-Chek forum),40,E000010,D01,2',
    'E2E-1,2024.05.02,포럼,청책토론회 (Cheong-Chek forum),40,E000011,D02,1.5',
    'E2E-2,2024년 6월 3일,온라인,민주주의 서울 (Democracy Seoul),12,E000010,D01,0.5',
  ];
  fs.writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'cp949'));
  await app.getByTestId('nav-import').click();
  const before = await count(app, 'participations');
  await app.getByTestId('file-input').setInputFiles(file);
  await expect(app.getByTestId('import-preview')).toBeVisible();
  // "담당자" (person in charge) is no known alias: the user maps it to employee_id.
  await expect(app.getByTestId('map-담당자')).toHaveValue('');
  await app.getByTestId('map-담당자').selectOption('employee_id');
  await app.getByTestId('import-start').click();
  await expect(app.getByTestId('import-status')).toContainText('Imported as');
  await expect(app.getByTestId('rows-accepted')).toHaveText('3');
  await expect.poll(() => count(app, 'participations')).toBe(before + 3);
  await screenshot(app, 'import-report');
});

test('rejects a file with errors, lists them by row, and changes nothing', async ({ app }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-e2e-import-'));
  const file = path.join(dir, 'bad.csv');
  fs.writeFileSync(file, 'event_id,occurred_on,channel,employee_id,department_id,hours\nB-1,2024-01-05,forum,E000010,D01,-3\nB-2,2024-13-45,forum,E000011,D01,1\n');
  await app.getByTestId('nav-import').click();
  const before = await count(app, 'participations');
  await app.getByTestId('file-input').setInputFiles(file);
  await app.getByTestId('import-start').click();
  await expect(app.getByTestId('import-status')).toContainText('Rejected');
  const problems = app.getByTestId('import-problems');
  await expect(problems).toContainText('hours');
  await expect(problems).toContainText('occurred_on');
  expect(await count(app, 'participations')).toBe(before);
});
