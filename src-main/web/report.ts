/**
 * The dashboard report rendered headlessly (issue 7): the local web mode on
 * an engine already open in this process, Debian's Chromium driven by
 * playwright-core (Electron's printToPDF is not available here), the
 * dashboard's report view (`#/dashboard?report=1`), and Chromium's PDF of it.
 * The page says when it is ready (`data-report-ready`) or why it cannot be
 * (`data-report-error`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Dispatcher } from './server';
import { startWebServer } from './server';
import { CHROMIUM_ARGS } from './chromium';


export const DEFAULT_STATIC_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ReportRequest {
  dispatcher: Dispatcher;
  lang: 'en' | 'ko';
  /** Calendar year; default: the page's (the last complete year with data). */
  year?: number;
  staticDir?: string;
  executablePath?: string;
  timeoutMs?: number;
}

export interface RenderedReport {
  pdf: Buffer;
  /** The year the report shows. */
  year: number;
  pages: number;
  ms: number;
}

export class ReportError extends Error {}

/** Page objects of a PDF as Chromium writes it (uncompressed object headers: `/Type /Page`, not `/Pages`). */
export const countPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

/** What rendering needs before anything starts: the built renderer and a Chromium binary. */
export function checkRenderPrerequisites(staticDir = DEFAULT_STATIC_DIR, executablePath = chromiumPath()): void {
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new ReportError(`The built app is missing (${path.join(staticDir, 'index.html')}): run npm run build first.`);
  }
  if (!fs.existsSync(executablePath)) {
    throw new ReportError(`Chromium is missing at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
}

export async function renderReport(req: ReportRequest): Promise<RenderedReport> {
  const t0 = performance.now();
  const staticDir = req.staticDir ?? DEFAULT_STATIC_DIR;
  const executablePath = req.executablePath ?? chromiumPath();
  checkRenderPrerequisites(staticDir, executablePath);
  const server = await startWebServer({ dispatcher: req.dispatcher, staticDir });
  try {
    let browser;
    try {
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    } catch (e) {
      throw new ReportError(`Chromium at ${executablePath} could not be started: ${(e as Error).message.split('\n')[0]}`);
    }
    try {
      const context = await browser.newContext({ locale: req.lang === 'ko' ? 'ko-KR' : 'en-US', viewport: { width: 1200, height: 900 } });
      await context.addInitScript({ content: `localStorage.setItem('sotong.language', ${JSON.stringify(req.lang)});` });
      const page = await context.newPage();
      // A missing script or style (a build replaced under us) would leave the page blank: fail at once, saying so.
      let broken: string | undefined;
      page.on('response', (r) => {
        if (r.status() >= 400 && /\.(js|css)$/.test(new URL(r.url()).pathname)) broken ??= new URL(r.url()).pathname;
      });
      const hash = `#/dashboard?report=1${req.year ? `&year=${req.year}` : ''}`;
      await page.goto(`${server.url}${hash}`);
      // goto waits for the load event: every script and style has answered by then.
      if (broken) throw new ReportError(`The built app is incomplete (${broken} is missing): run npm run build again.`);
      const timeout = req.timeoutMs ?? 180_000;
      const done = await page.waitForSelector('[data-report-ready="true"], [data-report-error]', { state: 'attached', timeout }).catch((e: Error) => {
        throw new ReportError(`The report view did not become ready within ${timeout / 1000} s (${e.message.split('\n')[0]}).`);
      });
      const error = await done.getAttribute('data-report-error');
      if (error) throw new ReportError(`The report cannot be made: ${error}`);
      const year = Number(await done.getAttribute('data-report-year'));
      if (req.year && year !== req.year) throw new ReportError(`--year ${req.year}: the workspace has no data for that year.`);
      const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
      return { pdf, year, pages: countPages(pdf), ms: Math.round(performance.now() - t0) };
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
