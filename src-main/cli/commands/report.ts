/**
 * `report`: the dashboard as a multi-page PDF (issue 7), rendered headlessly
 * by the same renderer as the app: the local web mode in-process on this
 * workspace, Debian's Chromium via playwright-core, Chromium's PDF. The
 * profile is set through the API for the report and restored afterwards
 * (both switches and the export are recorded in the workspace's audit log).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProfileName, ProfileState } from '../../common/privacyApi';
import { PROFILES } from '../../common/privacyApi';
import type { Engine } from '../../engine/engine';
import { checkRenderPrerequisites, renderReport, ReportError } from '../../web/report';
import type { Command, CommandContext } from '../commands';
import { unwrap, withEngine, workspacePath } from '../context';
import { UsageError, UserError } from '../errors';

const USAGE = 'report --workspace FILE --profile leadership|analyst [--year YYYY] [--lang en|ko] [--k 5] --out report.pdf';

interface Options {
  profile: ProfileName;
  year?: number;
  lang: 'en' | 'ko';
  k?: number;
  out: string;
}

function options(ctx: CommandContext): Options {
  workspacePath(ctx);
  const { profile, year, lang = 'en', k, out } = ctx.values as Record<string, string | undefined>;
  if (!profile) throw new UsageError('--profile leadership|analyst is required (the report shows what that profile may see)');
  if (!(PROFILES as readonly string[]).includes(profile)) throw new UsageError(`--profile must be leadership or analyst, not "${profile}"`);
  if (!out) throw new UsageError('--out FILE.pdf is required');
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year must be a calendar year such as 2024, not "${year}"`);
  if (lang !== 'en' && lang !== 'ko') throw new UsageError(`--lang must be en or ko, not "${lang}"`);
  if (k !== undefined && !/^\d+$/.test(k)) throw new UsageError(`--k must be a whole number (at least 2; in Leadership at least 5), not "${k}"`);
  if (k !== undefined && profile !== 'leadership') throw new UsageError('--k applies to the leadership profile only (the analyst profile suppresses nothing)');
  return { profile: profile as ProfileName, year: year === undefined ? undefined : Number(year), lang, k: k === undefined ? undefined : Number(k), out };
}

/** Refuses an output path that cannot be written, before anything is rendered. Leaves no file behind. */
export function checkWritable(out: string): string {
  const file = path.resolve(out);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`--out ${out}: cannot write the report there, the folder ${dir} does not exist.`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UserError(`--out ${out}: is a folder; give a file name such as report.pdf.`);
  const existed = fs.existsSync(file);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    fs.closeSync(fs.openSync(file, 'a'));
    if (!existed) fs.rmSync(file);
  } catch (e) {
    throw new UserError(`--out ${out}: cannot write the report there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  return file;
}

/**
 * Moves the workspace to `target` through the API. Leadership's k can only be
 * raised and leaving Leadership needs a confirmation, so a lower k or the
 * Analyst profile goes through Analyst first. Returns whether anything changed.
 */
async function switchProfile(engine: Engine, target: { profile: ProfileName; k: number }): Promise<boolean> {
  const api = engine.api();
  const original = engine.profileState;
  const at = (s: { profile: ProfileName; k: number }) => engine.profileState.profile === s.profile && engine.profileState.k === s.k;
  if (at(target)) return false;
  try {
    if (original.profile === 'leadership' && (target.profile === 'analyst' || target.k < original.k)) {
      unwrap(await api.setProfile({ profile: 'analyst', confirm: true }));
    }
    if (!at(target)) unwrap(await api.setProfile(target.profile === 'analyst' ? { profile: 'analyst', k: target.k, confirm: true } : { profile: 'leadership', k: target.k }));
  } catch (e) {
    // Halfway (through Analyst to a k the engine refuses): put back what was there.
    if (!at(original)) await api.setProfile(original.profile === 'leadership' ? { profile: 'leadership', k: original.k } : { profile: 'analyst', k: original.k, confirm: true });
    throw e;
  }
  return true;
}

export const reportCommands: Record<string, Command> = {
  report: {
    usage: USAGE,
    summary: 'the dashboard as a multi-page PDF report (cover with definitions, one page per section), rendered with Chromium',
    options: { profile: { type: 'string' }, year: { type: 'string' }, lang: { type: 'string' }, k: { type: 'string' }, out: { type: 'string' } },
    async run(ctx) {
      const o = options(ctx);
      const file = checkWritable(o.out);
      try {
        checkRenderPrerequisites();
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      await withEngine(ctx, false, async (engine) => {
        const original: ProfileState = engine.profileState;
        const k = o.profile === 'leadership' ? (o.k ?? (original.profile === 'leadership' ? original.k : Math.max(original.k, 5))) : original.k;
        const changed = await switchProfile(engine, { profile: o.profile, k });
        try {
          const span = unwrap(await engine.api().catalog({})).span;
          const first = Number(span.from?.slice(0, 4));
          const last = Number(span.to?.slice(0, 4));
          if (!span.from || !span.to) throw new UserError('The workspace has no events: there is nothing to report. Import participation logs first.');
          if (o.year !== undefined && (o.year < first || o.year > last)) throw new UserError(`--year ${o.year}: the workspace has data from ${first} to ${last}.`);
          const report = await renderReport({ dispatcher: engine, lang: o.lang, year: o.year });
          fs.writeFileSync(file, report.pdf);
          unwrap(
            await engine.api().logExport({
              what: 'dashboard report',
              format: 'pdf',
              setup: { year: report.year, lang: o.lang, profile: o.profile, k: o.profile === 'leadership' ? k : null, out: file, pages: report.pages, via: 'cli' },
            }),
          );
          ctx.out.write(`${JSON.stringify({ out: file, bytes: report.pdf.byteLength, pages: report.pages, year: report.year, profile: o.profile, k: o.profile === 'leadership' ? k : null, lang: o.lang, ms: report.ms })}\n`);
        } catch (e) {
          if (e instanceof ReportError) throw new UserError(e.message);
          throw e;
        } finally {
          if (changed) {
            await switchProfile(engine, { profile: original.profile, k: original.k });
            ctx.err.write(`The workspace's profile was set to ${o.profile}${o.profile === 'leadership' ? ` (k = ${k})` : ''} for the report and restored to ${original.profile} (k = ${original.k}); both switches are in the audit log.\n`);
          }
        }
      });
    },
  },
};
