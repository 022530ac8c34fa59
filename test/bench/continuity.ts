/**
 * Continuity screen (issue 5) on the demo workspace at 30 × scale (scale 1 ≈
 * 10,600,000 participations): each call alone and the whole screen for one
 * pair of administrations (listAdministrations, continuity, continuitySummary,
 * programTimeline, sent at once as the renderer does) through engine.api(),
 * median of 5 after a warm-up, for the latest pair (the screen's default) and
 * a long one. Peer in the same run: the bare engine, i.e. the very statements
 * the engine sent to DuckDB for each call (recorded), replayed on a plain
 * connection (ratio = what the API, validation, TypeScript and Arrow cost;
 * goal ≤ 1.2). Goal for the screen: ≤ 500 ms. Figures only.
 */
import type { ContinuitySeries } from '../../src-main/common/continuityApi';
import { Engine } from '../../src-main/engine/engine';
import { peakRssMb, type BenchOptions } from './run';
import { bareConnection, demoScale, demoWorkspace, fmt, ok, recordSql, replay, timed, type Statement, type Timing } from './demoWorkspace';

const PAIRS: [string, string][] = [
  ['seo-2020', 'oh-2021'],
  ['park-2011', 'seo-2020'],
];

interface Call {
  name: string;
  api: (engine: Engine) => Promise<unknown>;
}

function calls(before: string, after: string, series: ContinuitySeries = 'events'): Call[] {
  return [
    { name: 'listAdministrations', api: async (e) => ok(await e.api().listAdministrations({})) },
    { name: 'continuity', api: async (e) => ok(await e.api().continuity({ before, after, windowMonths: 12, minEvents: 3, series })) },
    { name: 'continuitySummary', api: async (e) => ok(await e.api().continuitySummary({ minEvents: 3 })) },
    { name: 'programTimeline', api: async (e) => ok(await e.api().programTimeline({ minEvents: 3, windowMonths: 12 })) },
  ];
}

export async function run({ scale, log }: BenchOptions): Promise<Record<string, unknown>> {
  const file = await demoWorkspace(scale, log);
  log(`bench scale ${scale} → demo --scale ${demoScale(scale)}`);
  const out: Record<string, unknown> = { demo_scale: demoScale(scale) };
  const api: Record<string, Record<string, Timing>> = {};
  const recorded: Record<string, Record<string, Statement[]>> = {};

  const engine = await Engine.open(file);
  try {
    for (const [a, b] of PAIRS) {
      const label = `${a}>${b}`;
      const t: Record<string, Timing> = {};
      const rec: Record<string, Statement[]> = {};
      const all = [...calls(a, b), ...(['hours', 'engaged'] as const).map((s) => ({ ...calls(a, b, s)[1]!, name: `continuity(${s})` }))];
      for (const c of all) {
        t[c.name] = await timed(() => c.api(engine));
        rec[c.name] = await recordSql(() => c.api(engine));
      }
      const screen = calls(a, b);
      t.screen = await timed(() => Promise.all(screen.map((c) => c.api(engine))));
      api[label] = t;
      recorded[label] = rec;
    }
  } finally {
    await engine.close();
  }

  const { conn, close } = await bareConnection(file);
  try {
    for (const [a, b] of PAIRS) {
      const label = `${a}>${b}`;
      const t = api[label]!;
      const rec = recorded[label]!;
      const bare: Record<string, Timing> = {};
      for (const name of Object.keys(rec)) bare[name] = await timed(() => replay(conn, rec[name]!));
      const screenNames = calls(a, b).map((c) => c.name);
      bare.screen = await timed(async () => {
        for (const n of screenNames) await replay(conn, rec[n]!);
      });
      log(`pair ${label} (window 12 months, m = 3):`);
      for (const name of [...Object.keys(rec), 'screen']) {
        log(`  ${name.padEnd(22)} ${fmt(t[name]!)}; bare SQL ${bare[name]!.median.toFixed(0)} ms${rec[name] ? ` (${rec[name].length} statements)` : ''}; overhead ×${(t[name]!.median / bare[name]!.median).toFixed(2)}`);
        out[`${label}.${name}_ms`] = t[name]!.median;
        out[`${label}.${name}_bare_ms`] = bare[name]!.median;
      }
      log(`  whole screen ${t.screen!.median.toFixed(0)} ms (goal ≤ 500 ms), overhead ×${(t.screen!.median / bare.screen!.median).toFixed(2)} (goal ≤ 1.2)`);
      out[`${label}.screen_min_ms`] = t.screen!.min;
      out[`${label}.screen_max_ms`] = t.screen!.max;
      out[`${label}.overhead_ratio`] = t.screen!.median / bare.screen!.median;
    }
  } finally {
    close();
  }
  out.peak_rss_mb = peakRssMb();
  log(`peak RSS ${peakRssMb().toFixed(0)} MB`);
  return out;
}
