/**
 * Continuity screen (issue 5) on the demo workspace at 30 × scale (scale 1 ≈
 * 10,600,000 participations): each call alone and the whole screen for one
 * pair of administrations (listAdministrations, continuity, continuitySummary,
 * programTimeline, sent at once as the renderer does) through engine.api(),
 * median of 5 after a warm-up, for the latest pair (the screen's default) and
 * a long one. Peer in the same run: the bare engine, i.e. the very statements
 * the engine sent to DuckDB for each call (recorded), replayed on a plain
 * connection of the same DuckDB instance (ratio = what the API, validation,
 * TypeScript and Arrow cost; goal ≤ 1.2). Each engine call and its bare replay
 * are timed one after the other in every round, so load from other processes
 * on a shared machine weighs on both alike. Goal for the screen: ≤ 500 ms.
 * Figures only.
 */
import type { ContinuitySeries } from '../../src-main/common/continuityApi';
import { Engine } from '../../src-main/engine/engine';
import { peakRssMb, type BenchOptions } from './run';
import { demoScale, demoWorkspace, fmt, ok, recordSql, replay, type Statement, type Timing } from './demoWorkspace';

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

  const engine = await Engine.open(file);
  // The bare peer: a plain connection of the engine's DuckDB instance (the console lane's), nothing of Sotong on it.
  const replayBare = (statements: Statement[]) => engine.workspace.use('console', (conn) => replay(conn, statements));
  try {
    for (const [a, b] of PAIRS) {
      const label = `${a}>${b}`;
      const all = [...calls(a, b), ...(['hours', 'engaged'] as const).map((s) => ({ ...calls(a, b, s)[1]!, name: `continuity(${s})` }))];
      const screen = calls(a, b);
      // Warm up, then record the statements of each call.
      const rec: Record<string, Statement[]> = {};
      for (const c of all) {
        await c.api(engine);
        rec[c.name] = await recordSql(() => c.api(engine));
      }
      const screenSql = screen.flatMap((c) => rec[c.name]!);
      const api: Record<string, number[]> = {};
      const bare: Record<string, number[]> = {};
      const time = async (into: Record<string, number[]>, name: string, fn: () => Promise<unknown>) => {
        const t0 = performance.now();
        await fn();
        (into[name] ??= []).push(performance.now() - t0);
      };
      for (let round = 0; round < RUNS; round++) {
        for (const c of all) {
          await time(api, c.name, () => c.api(engine));
          await time(bare, c.name, () => replayBare(rec[c.name]!));
        }
        await time(api, 'screen', () => Promise.all(screen.map((c) => c.api(engine))));
        await time(bare, 'screen', () => replayBare(screenSql));
      }
      log(`pair ${label} (window 12 months, m = 3):`);
      for (const name of [...Object.keys(rec), 'screen']) {
        const t = stats(api[name]!);
        const p = stats(bare[name]!);
        log(`  ${name.padEnd(22)} ${fmt(t)}; bare SQL ${p.median.toFixed(0)} ms${rec[name] ? ` (${rec[name].length} statements)` : ''}; overhead ×${(t.median / p.median).toFixed(2)}`);
        out[`${label}.${name}_ms`] = t.median;
        out[`${label}.${name}_bare_ms`] = p.median;
      }
      const t = stats(api.screen!);
      const p = stats(bare.screen!);
      log(`  whole screen ${t.median.toFixed(0)} ms (goal ≤ 500 ms), overhead ×${(t.median / p.median).toFixed(2)} (goal ≤ 1.2)`);
      out[`${label}.screen_min_ms`] = t.min;
      out[`${label}.screen_max_ms`] = t.max;
      out[`${label}.overhead_ratio`] = t.median / p.median;
    }
  } finally {
    await engine.close();
  }
  out.peak_rss_mb = peakRssMb();
  log(`peak RSS ${peakRssMb().toFixed(0)} MB`);
  return out;
}

/** Timed rounds (each after the warm-up). */
const RUNS = 5;

function stats(times: number[]): Timing {
  const t = [...times].sort((x, y) => x - y);
  return { median: t[Math.floor(t.length / 2)]!, min: t[0]!, max: t[t.length - 1]! };
}
