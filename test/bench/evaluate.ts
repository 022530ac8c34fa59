/**
 * Evaluation screen (issue 6) on the demo workspace at 30 × scale (scale 1 ≈
 * 10,600,000 participations, ~50,000 evaluated in 2019), through engine.api(),
 * median of 5 after a warm-up:
 * - first evaluation + summary with the components cache cold (a write would
 *   do that): evaluate (first page) then evaluationSummary; goal ≤ 2 s;
 * - the slider: the weight changes with the cache warm, and the screen repaints
 *   (evaluationSummary, evaluationByDepartment, evaluate's first page at once);
 *   goal ≤ 300 ms.
 * Peers in the same run: the bare engine (the statements the engine sent,
 * recorded, replayed on a plain DuckDB connection; goal ratio ≤ 1.2) and
 * Arquero computing the six components and their percentiles from the same
 * rows loaded once via Arrow (goal: Sotong ≥ 10× faster). Figures only.
 */
import * as aq from 'arquero';
import { op } from 'arquero';
import type { ComponentWeights, EvaluationSettings } from '../../src-main/common/evaluationApi';
import { resultToArrow } from '../../src-main/engine/arrow';
import { Engine } from '../../src-main/engine/engine';
import { peakRssMb, type BenchOptions } from './run';
import { bareConnection, demoScale, demoWorkspace, fmt, ok, recordSql, replay, timed, type Statement } from './demoWorkspace';

const PERIOD = '2019';
const WEIGHTS: ComponentWeights = { hours: 0.3, events: 0.2, reach: 0.15, outcomes: 0.15, diversity: 0.1, cross: 0.1 };
const settings = (weight: number): EvaluationSettings => ({ period: PERIOD, weight, weights: WEIGHTS, peer: 'grade' });

export async function run({ scale, log }: BenchOptions): Promise<Record<string, unknown>> {
  const file = await demoWorkspace(scale, log);
  log(`bench scale ${scale} → demo --scale ${demoScale(scale)}`);
  const engine = await Engine.open(file);
  const api = engine.api();
  const cold = async () => {
    ok(await api.evaluate({ ...settings(0.4), offset: 0, limit: 100 }));
    ok(await api.evaluationSummary(settings(0.4)));
  };
  let k = 0;
  const slider = async () => {
    const s = settings(0.3 + (k++ % 5) * 0.05);
    await Promise.all([
      api.evaluationSummary(s).then(ok),
      api.evaluationByDepartment(s).then(ok),
      api.evaluate({ ...s, offset: 0, limit: 100 }).then(ok),
    ]);
  };
  let n = 0;
  let coldT, sliderT, coldSql: Statement[], sliderSql: Statement[];
  try {
    n = ok(await api.evaluationSummary(settings(0.4))).n;
    // Cold: any write bumps the workspace's data version, which is what invalidate() does.
    coldT = await timed(cold, 5, () => engine.workspace.invalidate());
    sliderT = await timed(slider);
    engine.workspace.invalidate();
    coldSql = await recordSql(cold);
    sliderSql = await recordSql(slider);
  } finally {
    await engine.close();
  }

  const { conn, close } = await bareConnection(file);
  const out: Record<string, unknown> = { demo_scale: demoScale(scale), evaluated: n };
  try {
    const bareCold = await timed(() => replay(conn, coldSql));
    const bareSlider = await timed(() => replay(conn, sliderSql));

    // Arquero: the six components and their percentiles within grade, from the same rows
    // (every participation of the period with its event's attributes, and the evaluations).
    const load = performance.now();
    const rows = aq.fromArrow(
      (await resultToArrow(await conn.stream(
        `SELECT s.event_key, s.employee_key, s.department_id, s.hours, e.citizens_reached, e.outcome, e.group_mask::INTEGER AS group_mask
         FROM d_staff s JOIN d_event_departments e ON e.event_key = s.event_key AND e.event_row
         WHERE s.occurred_on BETWEEN DATE '2019-01-01' AND DATE '2019-12-31'`,
      ))).bytes,
    );
    const pop = aq.fromArrow(
      (await resultToArrow(await conn.stream(
        `SELECT k.employee_key, v.employee_id, v.performance_score AS performance, emp.grade
         FROM evaluations v LEFT JOIN employees emp USING (employee_id) LEFT JOIN d_employee_keys k USING (employee_id)
         WHERE v.period = '${PERIOD}'`,
      ))).bytes,
    );
    const loadMs = performance.now() - load;
    log(`Arquero: loaded ${rows.numRows().toLocaleString()} participations of ${PERIOD} and ${pop.numRows().toLocaleString()} evaluations via Arrow in ${loadMs.toFixed(0)} ms`);
    const aqT = await timed(async () => arqueroComponents(rows, pop), 3);

    const ratioCold = coldT.median / bareCold.median;
    log(`${n.toLocaleString()} employees evaluated in ${PERIOD}:`);
    log(`  first evaluation + summary (cache cold): ${fmt(coldT)} (goal ≤ 2000 ms); bare SQL ${bareCold.median.toFixed(0)} ms (${coldSql.length} statements); overhead ×${ratioCold.toFixed(2)} (goal ≤ 1.2)`);
    log(`  slider (summary + by department + first page, cache warm): ${fmt(sliderT)} (goal ≤ 300 ms); bare SQL ${bareSlider.median.toFixed(0)} ms; overhead ×${(sliderT.median / bareSlider.median).toFixed(2)}`);
    log(`  components + percentiles: Arquero ${fmt(aqT)}; Sotong (cold evaluation + summary) ${coldT.median.toFixed(0)} ms → Arquero/Sotong ×${(aqT.median / coldT.median).toFixed(1)} (goal ≥ 10)`);
    Object.assign(out, {
      cold_ms: coldT.median,
      cold_min_ms: coldT.min,
      cold_max_ms: coldT.max,
      cold_bare_ms: bareCold.median,
      cold_overhead_ratio: ratioCold,
      slider_ms: sliderT.median,
      slider_min_ms: sliderT.min,
      slider_max_ms: sliderT.max,
      slider_bare_ms: bareSlider.median,
      slider_overhead_ratio: sliderT.median / bareSlider.median,
      arquero_load_ms: loadMs,
      arquero_components_ms: aqT.median,
      sotong_over_arquero: coldT.median / aqT.median,
    });
  } finally {
    close();
  }
  out.peak_rss_mb = peakRssMb();
  log(`peak RSS ${peakRssMb().toFixed(0)} MB`);
  return out;
}

const popcount = (x: number): number => {
  let c = 0;
  for (let v = x >>> 0; v; v &= v - 1) c++;
  return c;
};

/** The SPEC components (evaluation.ts) in Arquero, then 100 · percent_rank within grade. */
function arqueroComponents(rows: aq.ColumnTable, pop: aq.ColumnTable): aq.ColumnTable {
  // op.distinct would count null as a value: count over the rows that have one.
  const staffPerEvent = rows
    .filter((d: Record<string, unknown>) => d.employee_key !== null)
    .groupby('event_key')
    .rollup({ n_staff: op.distinct('employee_key') });
  const departmentsPerEvent = rows
    .filter((d: Record<string, unknown>) => d.department_id !== null)
    .groupby('event_key')
    .rollup({ n_departments: op.distinct('department_id') });
  const perEvent = staffPerEvent.join_left(departmentsPerEvent, 'event_key');
  const contributions = rows
    .filter((d: Record<string, unknown>) => d.employee_key !== null)
    .semijoin(pop, 'employee_key')
    .join(perEvent, 'event_key')
    .derive({
      reach: (d: Record<string, number>) => d.citizens_reached! / d.n_staff!,
      is_cross: (d: Record<string, unknown>) => ((d.n_departments as number) > 1 ? 1 : 0),
      outcome_points: (d: Record<string, unknown>) => (d.outcome === 'adopted' ? 2 : d.outcome === 'recommendation' ? 1 : 0),
    });
  const perEmployee = contributions.groupby('employee_key').rollup({
    hours: op.sum('hours'),
    events: op.count(),
    reach: op.sum('reach'),
    cross: op.sum('is_cross'),
    outcomes: op.sum('outcome_points'),
    masks: op.array_agg_distinct('group_mask'),
  });
  const masks = perEmployee.array('masks') as number[][];
  const diversity = Int32Array.from(masks, (m) => popcount(m.reduce((a, b) => a | b, 0)));
  const components = pop
    .join_left(perEmployee.select(aq.not('masks')).assign({ diversity }), 'employee_key')
    .derive({
      hours: (d: Record<string, number>) => (d.hours == null ? 0 : d.hours),
      events: (d: Record<string, number>) => (d.events == null ? 0 : d.events),
      reach: (d: Record<string, number>) => (d.reach == null ? 0 : d.reach),
      cross: (d: Record<string, number>) => (d.cross == null ? 0 : d.cross),
      outcomes: (d: Record<string, number>) => (d.outcomes == null ? 0 : d.outcomes),
      diversity: (d: Record<string, number>) => (d.diversity == null ? 0 : d.diversity),
    });
  let out = components.groupby('grade');
  for (const c of ['hours', 'events', 'reach', 'cross', 'outcomes', 'diversity']) {
    out = out.orderby(c).derive({ [`pct_${c}`]: () => 100 * op.percent_rank() });
  }
  return out.ungroup();
}
