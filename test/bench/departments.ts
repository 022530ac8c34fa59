/**
 * Departments screen (issue 4) on the demo workspace at 30 × scale (scale 1 ≈
 * 10,600,000 participations): each method alone and the whole screen (all its
 * calls at once, as the renderer sends them) through engine.api(), median of 5
 * after a warm-up, for three scopes (all data, one administration, one year).
 * Peers in the same run: the same SQL on a plain DuckDB connection (the SQL
 * builders of departmentMetrics/collaboration/advisorEffect; ratio = what the
 * API, validation and Arrow cost, goal ≤ 1.2) and Arquero computing the
 * department table from the same rows loaded once via Arrow (goal: Sotong
 * ≥ 10× faster). Goal for the screen: ≤ 500 ms. Figures only, nothing asserted.
 */
import * as aq from 'arquero';
import { op } from 'arquero';
import type { Scope } from '../../src-main/common/scope';
import type { SeriesBy } from '../../src-main/common/departmentsApi';
import { advisorEffectSql } from '../../src-main/engine/advisorEffect';
import { resultToArrow } from '../../src-main/engine/arrow';
import { collaborationIndexSql, collaborationMatrixSql } from '../../src-main/engine/collaboration';
import {
  departmentChannelMatrixSql, departmentSeriesSql, departmentTableSql, departmentTotalsSql, depthProfileSql,
} from '../../src-main/engine/departmentMetrics';
import { scopeParams, used, type ResolvedScope } from '../../src-main/engine/departmentScope';
import { Engine } from '../../src-main/engine/engine';
import { peakRssMb, type BenchOptions } from './run';
import { bareConnection, demoScale, demoWorkspace, fmt, ok, timed, type Timing } from './demoWorkspace';

/** The scope Arquero is measured on. */
const ARQUERO_SCOPE = 'park-2011';
const SCOPES: Record<string, Scope | undefined> = {
  all: undefined,
  'park-2011': { from: '2011-10-27', to: '2020-07-09' },
  '2019': { from: '2019-01-01', to: '2019-12-31' },
};

interface Call {
  name: string;
  api: (engine: Engine, scope: Scope | undefined) => Promise<unknown>;
  sql: (rs: ResolvedScope) => string;
}

const series = (by: SeriesBy): Call => ({
  name: `departmentSeries(${by})`,
  api: async (e, scope) => ok(await e.api().departmentSeries({ ...(scope ? { scope } : {}), by })),
  sql: (rs) => departmentSeriesSql(rs, by),
});

/** The screen: every query the Departments screen sends for one scope. */
const CALLS: Call[] = [
  { name: 'departmentTable', api: async (e, scope) => ok(await e.api().departmentTable(scope ? { scope } : {})), sql: departmentTableSql },
  { name: 'departmentTotals', api: async (e, scope) => ok(await e.api().departmentTotals(scope ? { scope } : {})), sql: departmentTotalsSql },
  series('department'),
  series('channel'),
  { name: 'departmentChannelMatrix', api: async (e, scope) => ok(await e.api().departmentChannelMatrix(scope ? { scope } : {})), sql: departmentChannelMatrixSql },
  { name: 'depthProfile', api: async (e, scope) => ok(await e.api().depthProfile(scope ? { scope } : {})), sql: depthProfileSql },
  { name: 'collaborationMatrix', api: async (e, scope) => ok(await e.api().collaborationMatrix(scope ? { scope } : {})), sql: collaborationMatrixSql },
  { name: 'collaborationIndex', api: async (e, scope) => ok(await e.api().collaborationIndex(scope ? { scope } : {})), sql: collaborationIndexSql },
  { name: 'advisorEffect', api: async (e, scope) => ok(await e.api().advisorEffect(scope ? { scope } : {})), sql: advisorEffectSql },
];

export async function run({ scale, log }: BenchOptions): Promise<Record<string, unknown>> {
  const file = await demoWorkspace(scale, log);
  log(`bench scale ${scale} → demo --scale ${demoScale(scale)}`);
  const out: Record<string, unknown> = { demo_scale: demoScale(scale) };
  const api: Record<string, Record<string, Timing>> = {};

  const engine = await Engine.open(file);
  let rows = 0;
  try {
    rows = Number((await engine.workspace.use('read', async (c) => (await c.runAndReadAll('SELECT count(*)::BIGINT AS n FROM participations')).getRowObjectsJS()[0]?.n)) ?? 0);
    log(`${rows.toLocaleString()} participations`);
    for (const [label, scope] of Object.entries(SCOPES)) {
      const t: Record<string, Timing> = {};
      for (const c of CALLS) t[c.name] = await timed(() => c.api(engine, scope));
      t.screen = await timed(() => Promise.all(CALLS.map((c) => c.api(engine, scope))));
      api[label] = t;
    }
  } finally {
    await engine.close();
  }

  // The bare engine: the same SQL (the engine's builders) on a plain connection, results read in full.
  const bare: Record<string, Record<string, Timing>> = {};
  const { conn, close } = await bareConnection(file);
  try {
    const hasEmployees = (await conn.runAndReadAll('SELECT EXISTS (SELECT 1 FROM employees) AS e')).getRowObjectsJS()[0]?.e === true;
    for (const [label, scope] of Object.entries(SCOPES)) {
      const rs = scopeParams(scope, hasEmployees);
      const t: Record<string, Timing> = {};
      const runSql = async (c: Call) => {
        const sql = c.sql(rs);
        const { values, types } = used(sql, rs.params);
        await conn.runAndReadAll(sql, values, types);
      };
      for (const c of CALLS) t[c.name] = await timed(() => runSql(c));
      t.screen = await timed(async () => {
        for (const c of CALLS) await runSql(c);
      });
      bare[label] = t;
    }

    // Arquero: the department table for each scope, from the same rows (participations with
    // their event's attributes and effective department, and the employees), loaded once via Arrow.
    const load = performance.now();
    const staff = aq.fromArrow(
      (await resultToArrow(await conn.stream(
        `SELECT s.event_key, s.employee_key, s.department_id, s.occurred_on, s.channel, s.hours, e.citizens_reached
         FROM d_staff s JOIN d_event_departments e ON e.event_key = s.event_key AND e.event_row`,
      ))).bytes,
    );
    const employees = aq.fromArrow(
      (await resultToArrow(await conn.stream(
        `SELECT k.employee_key, e.department_id, e.hired_on, e.left_on FROM employees e LEFT JOIN d_employee_keys k USING (employee_id)`,
      ))).bytes,
    );
    const loadMs = performance.now() - load;
    log(`Arquero: loaded ${staff.numRows().toLocaleString()} participation rows and ${employees.numRows().toLocaleString()} employees via Arrow in ${loadMs.toFixed(0)} ms`);
    // One scope only (the peer takes tens of seconds per run at scale 1): one administration.
    const arquero: Record<string, Timing> = {};
    arquero[ARQUERO_SCOPE] = await timed(async () => arqueroDepartmentTable(staff, employees, SCOPES[ARQUERO_SCOPE]), 2);
    out.arquero_load_ms = loadMs;

    for (const label of Object.keys(SCOPES)) {
      const a = api[label]!;
      const b = bare[label]!;
      log(`scope ${label}:`);
      for (const name of [...CALLS.map((c) => c.name), 'screen']) {
        log(`  ${name.padEnd(28)} ${fmt(a[name]!)}; bare SQL ${b[name]!.median.toFixed(0)} ms; overhead ×${(a[name]!.median / b[name]!.median).toFixed(2)}`);
      }
      log(`  whole screen ${a.screen!.median.toFixed(0)} ms (goal ≤ 500 ms), overhead ×${(a.screen!.median / b.screen!.median).toFixed(2)} (goal ≤ 1.2)`);
      const aqT = arquero[label];
      if (aqT) {
        log(`  department table: Arquero ${fmt(aqT)}, Sotong ${a.departmentTable!.median.toFixed(0)} ms → Arquero/Sotong ×${(aqT.median / a.departmentTable!.median).toFixed(1)} (goal ≥ 10)`);
        out[`${label}.arquero_department_table_ms`] = aqT.median;
        out[`${label}.sotong_over_arquero`] = a.departmentTable!.median / aqT.median;
      }
      out[`${label}.screen_ms`] = a.screen!.median;
      out[`${label}.screen_min_ms`] = a.screen!.min;
      out[`${label}.screen_max_ms`] = a.screen!.max;
      out[`${label}.screen_bare_ms`] = b.screen!.median;
      out[`${label}.overhead_ratio`] = a.screen!.median / b.screen!.median;
      for (const c of CALLS) {
        out[`${label}.${c.name}_ms`] = a[c.name]!.median;
        out[`${label}.${c.name}_bare_ms`] = b[c.name]!.median;
      }
    }
  } finally {
    close();
  }
  out.participations = rows;
  out.peak_rss_mb = peakRssMb();
  log(`peak RSS ${peakRssMb().toFixed(0)} MB`);
  return out;
}

/**
 * The department table in Arquero: the SPEC definitions of departmentMetrics
 * (headcount, engaged_share, hours_per_head, events, citizens_reached,
 * cross_share) over rows with a department, channel/program filters aside.
 */
function arqueroDepartmentTable(staff: aq.ColumnTable, employees: aq.ColumnTable, scope: Scope | undefined): aq.ColumnTable {
  const from = new Date(`${scope?.from ?? '0001-01-01'}T00:00:00Z`).getTime();
  const to = new Date(`${scope?.to ?? '9999-12-31'}T00:00:00Z`).getTime();
  const inScope = staff
    .params({ from, to })
    .filter((d: Record<string, unknown>, $: Record<string, number>) => d.department_id !== null && +(d.occurred_on as Date) >= $.from! && +(d.occurred_on as Date) <= $.to!);
  const ed = inScope
    .groupby('event_key', 'department_id')
    .rollup({ hours: op.sum('hours'), citizens_reached: op.any('citizens_reached') });
  const perEvent = ed.groupby('event_key').rollup({ n_departments: op.count() });
  const dm = ed
    .join(perEvent, 'event_key')
    .groupby('department_id')
    .rollup({
      events: op.count(),
      citizens_reached: op.sum('citizens_reached'),
      cross_events: (d: Record<string, number>) => op.sum(d.n_departments! > 1 ? 1 : 0),
      hours: op.sum('hours'),
    });
  const active = inScope.filter((d: Record<string, unknown>) => d.employee_key !== null).select('employee_key').dedupe().derive({ engaged: () => 1 });
  const hc = employees
    .params({ from, to })
    .filter(
      (d: Record<string, unknown>, $: Record<string, number>) =>
        d.department_id !== null && (d.hired_on === null || +(d.hired_on as Date) <= $.to!) && (d.left_on === null || +(d.left_on as Date) >= $.from!),
    )
    .join_left(active, 'employee_key')
    .groupby('department_id')
    .rollup({ headcount: op.count(), engaged: op.sum('engaged') });
  return hc
    .join_full(dm, 'department_id')
    .derive({
      engaged_share: (d: Record<string, number>) => (d.headcount! > 0 ? d.engaged! / d.headcount! : null),
      hours_per_head: (d: Record<string, number>) => (d.headcount! > 0 ? d.hours! / d.headcount! : null),
      cross_share: (d: Record<string, number>) => (d.events! > 0 ? d.cross_events! / d.events! : null),
    })
    .orderby('department_id');
}
