/**
 * The `report` CLI: the dashboard as a multi-page PDF, rendered headlessly
 * (local web mode in-process + Chromium via playwright-core) in English and
 * Korean. Checks the page count (pdfinfo), renders pages 1-2 to PNG
 * (pdftoppm) and checks them as images (not blank: dark pixels in the top
 * third), finds the export in the audit log with the profile restored, and
 * the errors: an unwritable path (exit 1, before rendering) and usage (exit 2).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { darkPixels, expect, SCREENSHOTS, test } from './fixtures';


interface CliFailure {
  status: number;
  stderr: string;
}

function cliFails(run: () => string): CliFailure {
  try {
    run();
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    return { status: err.status, stderr: err.stderr.toString() };
  }
  throw new Error('the command succeeded');
}

test.describe('report CLI', () => {
  test.setTimeout(240_000);

  for (const lang of ['en', 'ko'] as const) {
    test(`renders the Leadership report as a multi-page PDF in ${lang}`, async ({ app, server }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-e2e-report-'));
      const pdf = path.join(dir, `report-${lang}.pdf`);
      const summary = JSON.parse(server.cli('report', '--profile', 'leadership', '--lang', lang, '--out', pdf)) as { out: string; year: number; profile: string; k: number; pages: number; ms: number };
      expect(summary).toMatchObject({ out: pdf, profile: 'leadership', k: 5 });
      test.info().annotations.push({ type: `report ${lang} (ms, demo workspace)`, description: String(summary.ms) });

      const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf]).toString())?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(summary.pages).toBe(pages);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.join(dir, 'page')]);
      for (const p of [1, 2]) {
        const png = fs.readdirSync(dir).find((f) => new RegExp(`^page-0*${p}\\.png$`).test(f))!;
        const dark = await darkPixels(app, path.join(dir, png));
        expect(dark.height).toBeGreaterThan(dark.width); // A4 portrait
        expect(dark.n, `page ${p}`).toBeGreaterThan(500); // the cover's title and facts; the KPI cards
        if (p === 1) fs.copyFileSync(path.join(dir, png), path.join(SCREENSHOTS, `report-${lang}-p1.png`));
      }
      // Chromium embeds the fonts it used: Noto Sans KR covers the Hangul of the Korean report.
      expect(execFileSync('pdffonts', [pdf]).toString()).toMatch(/NotoSansKR/i);

      // The export is in the audit log, with the setup; the stored profile is back to Analyst.
      const audit = JSON.parse(server.cli('sql', "SELECT action, details::VARCHAR AS details FROM audit_log ORDER BY logged_at", '--format', 'json')) as { action: string; details: string }[];
      const exports = audit.filter((a) => a.action === 'export').map((a) => JSON.parse(a.details) as { what: string; format: string; profile: string; setup: { lang: string; via: string } });
      expect(exports.some((e) => e.what === 'dashboard report' && e.format === 'pdf' && e.profile === 'leadership' && e.setup.lang === lang && e.setup.via === 'cli')).toBe(true);
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['profile.leadership', 'profile.analyst']));
      const stored = JSON.parse(server.cli('sql', "SELECT value::VARCHAR AS v FROM settings WHERE key = 'profile'", '--format', 'json')) as { v: string }[];
      expect(JSON.parse(stored[0]!.v)).toMatchObject({ profile: 'analyst' });
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  test('refuses an unwritable path before rendering (exit 1) and bad usage (exit 2)', async ({ server }) => {
    const missing = cliFails(() => server.cli('report', '--profile', 'leadership', '--out', '/nonexistent-sotong-dir/report.pdf'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot write the report there, the folder /nonexistent-sotong-dir does not exist');

    const folder = cliFails(() => server.cli('report', '--profile', 'leadership', '--out', os.tmpdir()));
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain('is a folder');

    const noProfile = cliFails(() => server.cli('report', '--out', path.join(os.tmpdir(), 'x.pdf')));
    expect(noProfile.status).toBe(2);
    expect(noProfile.stderr).toContain('--profile leadership|analyst is required');

    const badK = cliFails(() => server.cli('report', '--profile', 'leadership', '--k', '2.5', '--out', path.join(os.tmpdir(), 'x.pdf')));
    expect(badK.status).toBe(2);
    const lowK = cliFails(() => server.cli('report', '--profile', 'leadership', '--k', '3', '--out', path.join(os.tmpdir(), 'sotong-low-k.pdf')));
    expect(lowK.status).toBe(1);
    expect(lowK.stderr).toContain('k can only be raised');
    expect(fs.existsSync(path.join(os.tmpdir(), 'sotong-low-k.pdf'))).toBe(false);
  });
});
