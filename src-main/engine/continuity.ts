/**
 * Continuity across administrations (SPEC.md "Metrics → Continuity"). For a
 * boundary t = B.starts_on between A (before) and B (after) and windows
 * [t − W months, t) and [t, t + W months): a program is active with ≥ m events
 * in a window; program_survival = active before and after / active before;
 * staff_retention = engaged before and after / engaged before and still
 * employed after t; an interrupted time series y = b0 + b1·time + b2·after +
 * b3·(time − t)·after over the months from A's start to B's end; and
 * department_rank_stability = Spearman of departments' hours_per_head over
 * A's span and B's span.
 */
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ArrowBytes, ParsedRequest } from '../common/api';
import { ARROW_META_NOTES } from '../common/api';
import type { Administration, ContinuityResult, ContinuitySeries, DepartmentRanks, ItsFit } from '../common/continuityApi';
import { SotongError } from '../common/result';
import type { Scope } from '../common/scope';
import { describeAdministration, readAdministrations } from './administrations';
import { resultToArrow } from './arrow';
import { addMonths, dayAfter, dayBefore, monthOf, planRange, unitEnd, type RangePlan, type Unit } from './dateRange';
import { ols, OlsError } from './ols';
import type { Workspace } from './workspace';

/** The ITS needs this many months on each side of the boundary, or it is not fitted. */
export const ITS_MIN_MONTHS_PER_SIDE = 3;

type Params = Record<string, DuckDBValue>;
type Row = Record<string, unknown>;

/** Binds only the named parameters the statement uses (DuckDB refuses unknown names). */
function used(sql: string, params: Params): Params {
  const names = new Set((sql.match(/\$\w+/g) ?? []).map((m) => m.slice(1)));
  return Object.fromEntries(Object.entries(params).filter(([k]) => names.has(k)));
}

async function rows(conn: DuckDBConnection, sql: string, params: Params = {}): Promise<Row[]> {
  return (await conn.runAndReadAll(sql, used(sql, params))).getRowObjectsJS() as Row[];
}

/** Double-quoted SQL identifier, for column names made from administration ids. */
const quoteIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** Temp table of the summary: hours, rows and engaged staff per administration. */
const SUMMARY_TEMP = 'sotong_continuity_staff';

/** Whether the metrics may read the monthly and yearly rollups (false: the fact tables alone, the reference the tests compare with). */
export interface ContinuityOptions {
  rollups?: boolean;
}

/** What a relation's rows are grouped by, as an expression of their date column (the day, or a whole month's first day). */
type Key = (date: string) => string;

/** How a relation is read and grouped: the cuts of its range (see RangePlan) and the grouping key of its rows (default: the date). */
interface Grouping {
  cuts?: string[];
  key?: Key;
}

/**
 * The scope's filters and the relations every continuity query reads, each
 * over a date range (parameters prefixed with the relation's name):
 *  events         — (d, program, n): events passing the channel/program filters
 *                   (with a department or bureau filter: having a participant
 *                   from those departments), each once, per program and day, or
 *                   per program and whole month from d_month_departments
 *                   (first_events) when no department filter is set;
 *  participations — (d, department_id, hours, n_rows, staff_rows): sums of the
 *                   participations in scope (department-level rows too) per
 *                   department and day, or whole month (d_month_departments);
 *  staffSet       — who took part, as a bitstring over employee_key, from
 *                   d_staff by day, or d_year_staff by whole year when no filter is set;
 *  staffPerMonth  — the same per calendar month, from d_staff;
 *  staffRows      — the d_staff rows in scope (occurred_on, employee_key, department_id).
 * The rollups hold only rows with a known department: the rows without one
 * come from the fact tables for the whole units too (department_id IS NULL),
 * unless the workspace has none (Context.unknownDepartments).
 */
class Relations {
  readonly params: Params = {};
  private readonly channelProgram: string;
  private readonly staffChannel: string;
  private readonly byDepartment: boolean;
  private readonly filtered: boolean;

  /** Whether the rows without a department must be read besides the rollups (see readContext). */
  private readonly unknownDepartments: boolean;

  constructor(
    scope: Scope | undefined,
    private readonly rollups: boolean,
    ctx: Context | null = null,
  ) {
    this.unknownDepartments = ctx?.unknownDepartments ?? true;
    const cp: string[] = [];
    if (scope?.channels?.length) {
      cp.push('list_contains($channels, channel)');
      this.params.channels = listValue(scope.channels);
    }
    this.staffChannel = cp.map((c) => ` AND ${c}`).join('');
    if (scope?.programs?.length) {
      cp.push('list_contains($programs, program)');
      this.params.programs = listValue(scope.programs);
    }
    this.channelProgram = cp.map((c) => ` AND ${c}`).join('');
    if (scope?.departments?.length) this.params.departments = listValue(scope.departments);
    if (scope?.bureaus?.length) this.params.bureaus = listValue(scope.bureaus);
    this.byDepartment = !!scope?.departments?.length || !!scope?.bureaus?.length;
    this.filtered = this.byDepartment || cp.length > 0;
  }

  /** ` AND` the department and bureau filters on `col`, or nothing. */
  departments(col: string): string {
    let s = '';
    if (this.params.departments) s += ` AND list_contains($departments, ${col})`;
    if (this.params.bureaus) s += ` AND ${col} IN (SELECT department_id FROM departments WHERE list_contains($bureaus, bureau))`;
    return s;
  }

  /** d_staff rows of the events in scope: channel filter, and the program filter through the event. */
  private staffFilter(range: string): string {
    const program = this.params.programs
      ? ` AND event_key IN (SELECT event_key FROM d_event_departments WHERE ${range} AND list_contains($programs, program))`
      : '';
    return `${range}${this.staffChannel}${program}${this.departments('department_id')}`;
  }

  /** The plan of [from, to] and its parameters `${p}_…`. */
  private plan(p: string, from: string, to: string, cuts: string[], unit: Unit, rollups: boolean): RangePlan {
    const plan = planRange(from, to, cuts, unit, rollups && this.rollups);
    if (plan.whole) {
      this.params[`${p}_wf`] = plan.whole.from;
      this.params[`${p}_wt`] = plan.whole.to;
      this.params[`${p}_we`] = plan.whole.end;
      if (plan.split.length) this.params[`${p}_split`] = listValue(plan.split);
    }
    plan.days.forEach((r, i) => {
      this.params[`${p}_d${i}f`] = r.from;
      this.params[`${p}_d${i}t`] = r.to;
    });
    return plan;
  }

  /** The conditions of a plan: on the rollup's unit column, on the days of the whole units, and one per day range. */
  private conditions(p: string, plan: RangePlan, unit: Unit) {
    const notSplit = (col: string) => (plan.split.length ? ` AND NOT list_contains($${p}_split::DATE[], ${col})` : '');
    return {
      whole: (col: string) => `${col} BETWEEN $${p}_wf::DATE AND $${p}_wt::DATE${notSplit(col)}`,
      wholeDays: (unitCol: string) => `occurred_on BETWEEN $${p}_wf::DATE AND $${p}_we::DATE${notSplit(unitCol)}`,
      days: plan.days.map((_, i) => `occurred_on BETWEEN $${p}_d${i}f::DATE AND $${p}_d${i}t::DATE`),
      unitOf: unit === 'month' ? 'month' : "date_trunc('year', occurred_on)::DATE",
    };
  }

  /** `name AS (…)`: the parts, or no row when there is none. */
  private static cte(name: string, parts: string[], empty: string): string {
    return `${name} AS (\n  ${parts.length ? parts.join('\n  UNION ALL\n  ') : `SELECT ${empty} WHERE false`})`;
  }

  events(name: string, from: string, to: string, { cuts = [], key = (date) => date }: Grouping = {}): string {
    const plan = this.plan(name, from, to, cuts, 'month', !this.byDepartment);
    const c = this.conditions(name, plan, 'month');
    const parts: string[] = [];
    if (plan.whole) {
      parts.push(`SELECT ${key('month')} AS d, program, sum(first_events) AS n FROM d_month_departments WHERE ${c.whole('month')}${this.channelProgram} GROUP BY ALL`);
      if (this.unknownDepartments) parts.push(`SELECT ${key('occurred_on')} AS d, program, count(*) AS n FROM d_event_departments
    WHERE event_row AND department_id IS NULL AND ${c.wholeDays('month')}${this.channelProgram} GROUP BY ALL`);
    }
    for (const range of c.days) {
      const byDepartment = this.byDepartment
        ? ` AND event_key IN (SELECT event_key FROM d_event_departments WHERE ${range}${this.departments('department_id')})`
        : '';
      parts.push(`SELECT ${key('occurred_on')} AS d, program, count(*) AS n FROM d_event_departments
    WHERE event_row AND ${range}${this.channelProgram}${byDepartment} GROUP BY ALL`);
    }
    return Relations.cte(name, parts, 'NULL::DATE AS d, NULL::VARCHAR AS program, 0 AS n');
  }

  participations(name: string, from: string, to: string, { cuts = [], key = (date) => date, perDepartment = true }: Grouping & { perDepartment?: boolean } = {}): string {
    const plan = this.plan(name, from, to, cuts, 'month', true);
    const c = this.conditions(name, plan, 'month');
    const sums = `${perDepartment ? 'department_id' : 'NULL::VARCHAR AS department_id'}, sum(hours) AS hours, sum(staff_rows + department_rows) AS n_rows, sum(staff_rows) AS staff_rows`;
    const filters = `${this.channelProgram}${this.departments('department_id')}`;
    const parts: string[] = [];
    if (plan.whole) {
      parts.push(`SELECT ${key('month')} AS d, ${sums} FROM d_month_departments WHERE ${c.whole('month')}${filters} GROUP BY ALL`);
      if (this.unknownDepartments && !this.byDepartment) {
        parts.push(`SELECT ${key('occurred_on')} AS d, ${sums} FROM d_event_departments
    WHERE department_id IS NULL AND ${c.wholeDays('month')}${filters} GROUP BY ALL`);
      }
    }
    for (const range of c.days) parts.push(`SELECT ${key('occurred_on')} AS d, ${sums} FROM d_event_departments WHERE ${range}${filters} GROUP BY ALL`);
    return Relations.cte(name, parts, 'NULL::DATE AS d, NULL::VARCHAR AS department_id, 0::DOUBLE AS hours, 0 AS n_rows, 0 AS staff_rows');
  }

  /**
   * `name AS (SELECT s)`: the staff who took part in [from, to] as one bitstring over
   * employee_key (NULL when nobody did), OR-ed from one plain aggregate per part: no
   * grouping, which costs more per row than the aggregate itself.
   */
  staffSet(name: string, from: string, to: string, maxKey: number): string {
    this.params.maxKey = maxKey;
    const plan = this.plan(name, from, to, [], 'year', !this.filtered);
    const c = this.conditions(name, plan, 'year');
    const bits = 'bitstring_agg(employee_key, 1, $maxKey) AS s';
    const parts: string[] = [];
    if (plan.whole) {
      parts.push(`SELECT ${bits} FROM d_year_staff WHERE ${c.whole('year')}`);
      if (this.unknownDepartments) parts.push(`SELECT ${bits} FROM d_staff WHERE department_id IS NULL AND employee_key IS NOT NULL AND ${c.wholeDays(c.unitOf)}`);
    }
    for (const range of c.days) parts.push(`SELECT ${bits} FROM d_staff WHERE employee_key IS NOT NULL AND ${this.staffFilter(range)}`);
    return `${name} AS (SELECT bit_or(s) AS s FROM (\n  ${parts.length ? parts.join('\n  UNION ALL\n  ') : 'SELECT NULL::BIT AS s'}))`;
  }

  /**
   * `name AS (month, s)`: per calendar month of [from, to] (whole months), the staff
   * who took part as a bitstring over employee_key: one plain aggregate per month,
   * which costs less than grouping by month.
   */
  staffPerMonth(name: string, from: string, to: string, maxKey: number): string {
    this.params.maxKey = maxKey;
    const parts: string[] = [];
    for (let m = monthOf(from), i = 0; m <= to; m = addMonths(m, 1), i++) {
      this.params[`${name}_m${i}`] = m;
      this.params[`${name}_e${i}`] = unitEnd(m, 'month');
      const range = `occurred_on BETWEEN $${name}_m${i}::DATE AND $${name}_e${i}::DATE`;
      parts.push(`SELECT $${name}_m${i}::DATE AS month, bitstring_agg(employee_key, 1, $maxKey) AS s FROM d_staff
    WHERE employee_key IS NOT NULL AND ${this.staffFilter(range)}`);
    }
    return Relations.cte(name, parts, 'NULL::DATE AS month, NULL::BIT AS s');
  }

  staffRows(name: string, from: string, to: string): string {
    this.params[`${name}_f`] = from;
    this.params[`${name}_t`] = to;
    return `${name} AS (SELECT occurred_on, employee_key, department_id FROM d_staff
    WHERE ${this.staffFilter(`occurred_on BETWEEN $${name}_f::DATE AND $${name}_t::DATE`)})`;
  }
}

/** The facts every call starts from: the data's first and last event date, and more. */
interface Context {
  first: string;
  last: string;
  hasEmployees: boolean;
  /** The largest employee_key (bitstring_agg needs its range up front); 1 when there is none. */
  maxKey: number;
  /** Whether some participation or event has no known department (rows the rollups do not hold). */
  unknownDepartments: boolean;
}

/** One statement for the workspace facts (null: no events), and whether each span holds an event. */
async function readContext(conn: DuckDBConnection, spans: { from: string; to: string }[] = []): Promise<{ ctx: Context | null; spanHasData: boolean[] }> {
  const params: Params = {};
  const checks = spans.map((s, i) => {
    params[`f${i}`] = s.from;
    params[`t${i}`] = s.to;
    return `, EXISTS (SELECT 1 FROM events WHERE occurred_on BETWEEN $f${i}::DATE AND $t${i}::DATE) AS span${i}`;
  });
  const [r] = await rows(
    conn,
    `SELECT strftime(min(occurred_on), '%Y-%m-%d') AS first, strftime(max(occurred_on), '%Y-%m-%d') AS last,
            (SELECT EXISTS (SELECT 1 FROM employees)) AS has_employees,
            (SELECT coalesce(max(employee_key), 1)::INTEGER FROM d_employee_keys) AS max_key,
            (SELECT EXISTS (SELECT 1 FROM d_event_departments WHERE department_id IS NULL)) AS unknown_departments${checks.join('')}
     FROM events`,
    params,
  );
  const spanHasData = spans.map((_, i) => r?.[`span${i}`] === true);
  if (!r || r.first === null) return { ctx: null, spanHasData };
  const ctx = {
    first: String(r.first),
    last: String(r.last),
    hasEmployees: r.has_employees === true,
    maxKey: Number(r.max_key),
    unknownDepartments: r.unknown_departments !== false,
  };
  return { ctx, spanHasData };
}

const noEvents = () =>
  new SotongError('VALIDATION', 'The workspace has no events yet: import participation logs before comparing administrations.', { field: 'events' });

/** An administration's span end: ends_on, or the last data date while it is still in office. */
const spanEnd = (a: Administration, last: string): string => a.ends_on ?? (a.starts_on > last ? a.starts_on : last);

/** The cuts of the administrations' spans: each start and the day after each end. */
const spanCuts = (admins: Administration[], last: string): string[] => admins.flatMap((a) => [a.starts_on, dayAfter(spanEnd(a, last))]);

function findAdministration(admins: Administration[], id: string, field: 'before' | 'after'): Administration {
  const a = admins.find((x) => x.administration_id === id);
  if (!a) {
    throw new SotongError(
      'VALIDATION',
      `${field}: there is no administration "${id}". Known: ${admins.map((x) => x.administration_id).join(', ') || '(none)'}.`,
      { field },
    );
  }
  return a;
}

const noDataInSpan = (a: Administration, field: string, ctx: Context) =>
  new SotongError(
    'VALIDATION',
    `${field}: administration ${describeAdministration(a)} has no events in its span; the events cover ${ctx.first} to ${ctx.last}.`,
    { field },
  );

export async function continuity(ws: Workspace, req: ParsedRequest<'continuity'>, options: ContinuityOptions = {}): Promise<ContinuityResult> {
  const W = req.windowMonths;
  if (req.before === req.after) {
    throw new SotongError('VALIDATION', `before and after are the same administration (${req.before}): pick two different ones.`, { field: 'after' });
  }
  return ws.use('read', async (conn) => {
    const admins = await readAdministrations(conn);
    const A = findAdministration(admins, req.before, 'before');
    const B = findAdministration(admins, req.after, 'after');
    if (B.starts_on <= A.starts_on) {
      throw new SotongError(
        'VALIDATION',
        `after: ${describeAdministration(B)} must start after before: ${describeAdministration(A)}; swap them.`,
        { field: 'after' },
      );
    }
    const open = '9999-12-31';
    const { ctx, spanHasData } = await readContext(conn, [
      { from: A.starts_on, to: A.ends_on ?? open },
      { from: B.starts_on, to: B.ends_on ?? open },
    ]);
    if (!ctx) throw noEvents();
    if (!spanHasData[0]) throw noDataInSpan(A, 'before', ctx);
    if (!spanHasData[1]) throw noDataInSpan(B, 'after', ctx);

    const t = B.starts_on;
    const w0 = addMonths(t, -W);
    const w1 = addMonths(t, W);
    const notes: string[] = [];
    if (w0 < ctx.first) {
      notes.push(`The window before (${w0} to ${dayBefore(t)}, ${W} months) starts before the first event (${ctx.first}); only ${ctx.first} to ${dayBefore(t)} holds data.`);
    }
    if (dayBefore(w1) > ctx.last) {
      notes.push(`The window after (${t} to ${dayBefore(w1)}, ${W} months) ends after the last event (${ctx.last}); only ${t} to ${ctx.last} holds data.`);
    }
    if (w0 < A.starts_on) notes.push(`The window before starts before ${A.administration_id} took office (${A.starts_on}): it includes the end of an earlier period.`);
    if (B.ends_on !== null && dayBefore(w1) > B.ends_on) notes.push(`The window after runs past the end of ${B.administration_id} (${B.ends_on}).`);

    return compareAdministrations(conn, req, { A, B, ctx, t, w0, w1, notes }, options.rollups ?? true);
  });
}

interface Comparison {
  A: Administration;
  B: Administration;
  ctx: Context;
  t: string;
  w0: string;
  w1: string;
  notes: string[];
}

async function compareAdministrations(conn: DuckDBConnection, req: ParsedRequest<'continuity'>, o: Comparison, rollups: boolean): Promise<ContinuityResult> {
  const { A, B, t, w0, w1 } = o;
  const W = req.windowMonths;
  const m = req.minEvents;

  // --- Programs active before / after (≥ m events in the window [w0, t), [t, w1)).
  const r = new Relations(req.scope, rollups, o.ctx);
  const sql = `WITH ${r.events('ev', w0, dayBefore(w1), { cuts: [t] })}
     SELECT program,
            coalesce(sum(n) FILTER (WHERE d < $t::DATE), 0) >= $m AS active_before,
            coalesce(sum(n) FILTER (WHERE d >= $t::DATE), 0) >= $m AS active_after
     FROM ev WHERE program IS NOT NULL GROUP BY program ORDER BY program`;
  const programs = await rows(conn, sql, { ...r.params, t, m });
  const pick = (f: (r: Row) => boolean) => programs.filter(f).map((r) => String(r.program));
  const programsBefore = pick((r) => r.active_before === true);
  const programsAfter = pick((r) => r.active_after === true);
  const survived = pick((r) => r.active_before === true && r.active_after === true);
  const result: Partial<ContinuityResult> = {
    before: A.administration_id,
    after: B.administration_id,
    boundary: t,
    window_before: { from: w0, to: t },
    window_after: { from: t, to: w1 },
    window_months: W,
    min_events: m,
    program_survival: programsBefore.length ? survived.length / programsBefore.length : null,
    programs_before: programsBefore,
    programs_after: programsAfter,
    ended: pick((r) => r.active_before === true && r.active_after !== true),
    started: pick((r) => r.active_before !== true && r.active_after === true),
  };
  if (!programsBefore.length) {
    result.program_survival_note = `No program had ${m} or more events in the window before (${w0} to ${dayBefore(t)}), so there is nothing whose survival to measure.`;
  }

  Object.assign(result, await staffRetention(conn, req.scope, o, rollups));
  Object.assign(result, await interruptedTimeSeries(conn, req.scope, { ...o, series: req.series }, rollups));
  Object.assign(result, await rankStability(conn, req.scope, o, rollups));
  result.notes = o.notes;
  return result as ContinuityResult;
}

/** staff_retention over the windows, with the counts behind it and a note when it cannot be computed. */
async function staffRetention(
  conn: DuckDBConnection,
  scope: Scope | undefined,
  o: Comparison,
  rollups: boolean,
): Promise<Pick<ContinuityResult, 'staff_retention' | 'staff_retention_note' | 'staff_engaged_before' | 'staff_retained' | 'staff_left'>> {
  const { t, w0, w1 } = o;
  const r = new Relations(scope, rollups, o.ctx);
  const [c] = await rows(
    conn,
    `WITH ${r.staffSet('before', w0, dayBefore(t), o.ctx.maxKey)},
     ${r.staffSet('after', t, dayBefore(w1), o.ctx.maxKey)},
     -- no longer employed after t: left_on on or before t (staff unknown to employees count as employed)
     gone AS (
       SELECT bitstring_agg(k.employee_key, 1, $maxKey) AS s
       FROM employees x JOIN d_employee_keys k ON k.employee_id = x.employee_id WHERE x.left_on <= $t::DATE),
     sets AS (SELECT b.s AS before, b.s & a.s AS retained, g.s AS gone FROM before b, after a, gone g)
     SELECT coalesce(bit_count(before), 0)::INTEGER AS engaged_before,
            (coalesce(bit_count(before), 0) - coalesce(bit_count(before & gone), 0))::INTEGER AS denominator,
            (coalesce(bit_count(retained), 0) - coalesce(bit_count(retained & gone), 0))::INTEGER AS retained
     FROM sets`,
    { ...r.params, t },
  );
  const engagedBefore = Number(c?.engaged_before ?? 0);
  const denominator = Number(c?.denominator ?? 0);
  const retained = Number(c?.retained ?? 0);
  const out = { staff_engaged_before: engagedBefore, staff_retained: retained, staff_left: engagedBefore - denominator };
  if (denominator > 0) return { ...out, staff_retention: retained / denominator };
  let note: string;
  if (engagedBefore === 0 && (await departmentLevelRows(conn, scope, w0, dayBefore(t))) > 0) {
    note = `staff_retention needs staff: the participations in the window before (${w0} to ${dayBefore(t)}) name no employees (department-level logs).`;
  } else if (engagedBefore === 0) {
    note = `Nobody was engaged in the window before (${w0} to ${dayBefore(t)}), so there is no staff whose retention to measure.`;
  } else {
    note = `All ${engagedBefore} staff engaged in the window before had left by ${t}.`;
  }
  return { ...out, staff_retention: null, staff_retention_note: note };
}

/** Participations in scope that name no employee (department-level logs) in [from, to]. */
async function departmentLevelRows(conn: DuckDBConnection, scope: Scope | undefined, from: string, to: string): Promise<number> {
  const r = new Relations(scope, false);
  const [c] = await rows(conn, `WITH ${r.staffRows('pa', from, to)} SELECT count(*)::INTEGER AS n FROM pa WHERE employee_key IS NULL`, r.params);
  return Number(c?.n ?? 0);
}

/** The monthly series of the ITS over the relations of `seriesRelation` (grouped by month): (month, y). */
const SERIES_SQL: Record<ContinuitySeries, string> = {
  events: `SELECT d AS month, sum(n)::DOUBLE AS y FROM ev GROUP BY 1`,
  hours: `SELECT d AS month, sum(hours)::DOUBLE AS y FROM pu GROUP BY 1`,
  // Distinct staff per month as a bitstring over employee_key: cheaper than a distinct count.
  engaged: `SELECT month, bit_count(s)::DOUBLE AS y FROM pa`,
};

const monthKey: Key = (date) => `date_trunc('month', ${date})::DATE`;

function seriesRelation(r: Relations, series: ContinuitySeries, from: string, to: string, maxKey: number): string {
  if (series === 'events') return r.events('ev', from, to, { key: monthKey });
  if (series === 'hours') return r.participations('pu', from, to, { key: monthKey, perDepartment: false });
  return r.staffPerMonth('pa', from, to, maxKey);
}

async function interruptedTimeSeries(
  conn: DuckDBConnection,
  scope: Scope | undefined,
  o: Comparison & { series: ContinuitySeries },
  rollups: boolean,
): Promise<Pick<ContinuityResult, 'its' | 'its_note'>> {
  const { A, B, ctx: data } = o;
  // Months from A's start to B's end (or the last month with data), clipped to the data.
  const start = A.starts_on < data.first ? data.first : A.starts_on;
  const bEnd = B.ends_on ?? data.last;
  const end = bEnd > data.last ? data.last : bEnd;
  if (A.starts_on < data.first) o.notes.push(`The time series starts with the first month with data (${data.first.slice(0, 7)}), after ${A.administration_id} took office (${A.starts_on}).`);
  if (B.ends_on !== null && B.ends_on > data.last) o.notes.push(`The time series ends with the last month with data (${data.last.slice(0, 7)}), before ${B.administration_id} left office (${B.ends_on}).`);
  // The series' whole months.
  const m0 = monthOf(start);
  const m1 = monthOf(end);
  const r = new Relations(scope, rollups, data);
  const relation = seriesRelation(r, o.series, m0, unitEnd(m1, 'month'), data.maxKey);
  const params: Params = { ...r.params, m0, m1, bm: monthOf(B.starts_on), maxKey: data.maxKey };
  const points = await rows(
    conn,
    `WITH ${relation},
     months AS (SELECT range::DATE AS month FROM range($m0::DATE, $m1::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH)),
     y AS (${SERIES_SQL[o.series]})
     SELECT strftime(month, '%Y-%m') AS month,
            (row_number() OVER (ORDER BY month) - 1)::INTEGER AS time,
            -- after = 1 for months starting on or after the first day of B's first month
            (month >= $bm::DATE)::INTEGER AS after,
            coalesce(y.y, 0)::DOUBLE AS y
     FROM months LEFT JOIN y USING (month) ORDER BY months.month`,
    params,
  );
  const before = points.filter((r) => r.after === 0).length;
  const after = points.length - before;
  const range = `${String(points[0]?.month)} to ${String(points[points.length - 1]?.month)}`;
  if (before < ITS_MIN_MONTHS_PER_SIDE || after < ITS_MIN_MONTHS_PER_SIDE) {
    return {
      its: null,
      its_note:
        `The interrupted time series is not fitted: it needs at least ${ITS_MIN_MONTHS_PER_SIDE} months on each side of the boundary ` +
        `and has ${before} before and ${after} after (${range}); a 4-parameter OLS on so few points is not an answer.`,
    };
  }
  if (o.series === 'engaged') {
    const rs = new Relations(scope, rollups, data);
    const [s] = await rows(
      conn,
      `WITH ${rs.participations('pu', m0, unitEnd(m1, 'month'), { key: () => 'NULL::DATE', perDepartment: false })}
       SELECT coalesce(sum(staff_rows), 0)::BIGINT AS staff, coalesce(sum(n_rows), 0)::BIGINT AS n FROM pu`,
      rs.params,
    );
    if (Number(s?.staff ?? 0) === 0 && Number(s?.n ?? 0) > 0) {
      return { its: null, its_note: `The "engaged" series needs staff: the participations from ${range} name no employees (department-level logs). Use "events" or "hours".` };
    }
  }
  const t = before;
  const x = points.map((r) => {
    const time = Number(r.time);
    const a = Number(r.after);
    return [1, time, a, (time - t) * a];
  });
  const y = points.map((r) => Number(r.y));
  let fit;
  try {
    fit = ols(x, y);
  } catch (e) {
    if (e instanceof OlsError) return { its: null, its_note: `The interrupted time series could not be fitted: ${e.message}` };
    throw e;
  }
  const [b0, b1, b2, b3] = fit.coef as [number, number, number, number];
  const its: ItsFit = {
    series: o.series,
    b0,
    b1,
    b2,
    b3,
    se0: fit.se[0]!,
    se1: fit.se[1]!,
    se2: fit.se[2]!,
    se3: fit.se[3]!,
    t,
    months_before: before,
    months_after: after,
    fitted: points.map((r, i) => ({
      month: String(r.month),
      time: Number(r.time),
      after: Number(r.after) === 1 ? 1 : 0,
      y: y[i]!,
      fitted: fit.fitted[i]!,
      counterfactual: b0 + b1 * Number(r.time),
    })),
  };
  return { its };
}

/**
 * hours_per_head(d) over A's and B's spans = hours of d's participations in
 * the span / headcount(d), headcount as in SPEC "Departments": employees of d
 * employed at any time in the span, or, without an employees table, distinct
 * employees seen in d's participations there.
 */
function hoursPerHeadCtes(r: Relations, s: { a0: string; a1: string; b0: string; b1: string }, hasEmployees: boolean): string {
  const side = (col: string) => `CASE WHEN ${col} BETWEEN $a0::DATE AND $a1::DATE THEN 'A' WHEN ${col} BETWEEN $b0::DATE AND $b1::DATE THEN 'B' END`;
  const headcount = hasEmployees
    ? `headcount AS (
       SELECT s.side, e.department_id, count(*) AS n
       FROM employees e JOIN spans s ON (e.hired_on IS NULL OR e.hired_on <= s.d1) AND (e.left_on IS NULL OR e.left_on >= s.d0)
       WHERE e.department_id IS NOT NULL${r.departments('e.department_id')}
       GROUP BY ALL)`
    : `${r.staffRows('pa', s.a0, s.b1)},
     headcount AS (
       SELECT ${side('occurred_on')} AS side, department_id, count(DISTINCT employee_key) AS n
       FROM pa WHERE employee_key IS NOT NULL AND department_id IS NOT NULL AND side IS NOT NULL
       GROUP BY ALL)`;
  return `${r.participations('pu', s.a0, s.b1, { cuts: [dayAfter(s.a1), s.b0], key: side })},
     spans AS (SELECT 'A' AS side, $a0::DATE AS d0, $a1::DATE AS d1 UNION ALL SELECT 'B', $b0::DATE, $b1::DATE),
     hours AS (
       SELECT d AS side, department_id, sum(hours) AS h
       FROM pu WHERE department_id IS NOT NULL AND d IS NOT NULL GROUP BY ALL),
     ${headcount},
     hph AS (
       SELECT c.side, c.department_id, coalesce(h.h, 0) / c.n AS hours_per_head
       FROM headcount c LEFT JOIN hours h USING (side, department_id) WHERE c.n > 0)`;
}

async function rankStability(
  conn: DuckDBConnection,
  scope: Scope | undefined,
  o: Comparison,
  rollups: boolean,
): Promise<Pick<ContinuityResult, 'department_rank_stability' | 'department_rank_stability_note' | 'department_rank_stability_n' | 'department_ranks'>> {
  // A's and B's spans (they do not overlap; A starts first).
  const spans = { a0: o.A.starts_on, a1: spanEnd(o.A, o.ctx.last), b0: o.B.starts_on, b1: spanEnd(o.B, o.ctx.last) };
  const r = new Relations(scope, rollups, o.ctx);
  const list = await rows(
    conn,
    `WITH ${hoursPerHeadCtes(r, spans, o.ctx.hasEmployees)},
     both_spans AS (
       SELECT a.department_id, a.hours_per_head AS x, b.hours_per_head AS y
       FROM hph a JOIN hph b ON a.department_id = b.department_id AND a.side = 'A' AND b.side = 'B'),
     -- Average ranks for ties: rank() plus half the number of others sharing the value.
     -- Values are rounded to 1e-9 hours so float noise does not break a tie.
     ranked AS (
       SELECT department_id, x, y,
              rank() OVER (ORDER BY round(x, 9)) + (count(*) OVER (PARTITION BY round(x, 9)) - 1) / 2.0 AS rx,
              rank() OVER (ORDER BY round(y, 9)) + (count(*) OVER (PARTITION BY round(y, 9)) - 1) / 2.0 AS ry
       FROM both_spans)
     SELECT r.department_id, d.name, r.x::DOUBLE AS x, r.y::DOUBLE AS y, r.rx::DOUBLE AS rx, r.ry::DOUBLE AS ry,
            (corr(r.rx, r.ry) OVER ())::DOUBLE AS spearman
     FROM ranked r LEFT JOIN (SELECT department_id, any_value(name) AS name FROM departments GROUP BY ALL) d USING (department_id)
     ORDER BY r.department_id`,
    { ...r.params, ...spans },
  );
  const ranks: DepartmentRanks[] = list.map((r) => ({
    department_id: String(r.department_id),
    name: (r.name as string | null) ?? null,
    hours_per_head_before: Number(r.x),
    hours_per_head_after: Number(r.y),
    rank_before: Number(r.rx),
    rank_after: Number(r.ry),
  }));
  const n = ranks.length;
  const rho = Number(list[0]?.spearman);
  if (n < 2) {
    return {
      department_rank_stability: null,
      department_rank_stability_n: n,
      department_ranks: ranks,
      department_rank_stability_note: `department_rank_stability needs at least 2 departments with a headcount in both spans; found ${n}.`,
    };
  }
  if (!Number.isFinite(rho)) {
    return {
      department_rank_stability: null,
      department_rank_stability_n: n,
      department_ranks: ranks,
      department_rank_stability_note: 'Every department has the same hours per head in one of the spans: with all ranks tied there is no rank correlation.',
    };
  }
  return { department_rank_stability: rho, department_rank_stability_n: n, department_ranks: ranks };
}

/**
 * Per administration, by starts_on. A month belongs to the administration that
 * took office in or before it (as in the ITS), up to the month it left; months
 * are clipped to the data. events_per_month and programs_per_month are means
 * over those months; active_programs, hours_per_head and engaged_share use the
 * exact span [starts_on, ends_on or the last data date].
 */
export async function continuitySummary(ws: Workspace, req: ParsedRequest<'continuitySummary'>, options: ContinuityOptions = {}): Promise<ArrowBytes> {
  return ws.use('read', async (conn) => {
    const admins = await readAdministrations(conn);
    const { ctx } = await readContext(conn);
    const notes = [
      'events_per_month, programs_per_month: means over the calendar months assigned to the administration (a month belongs to the administration that took office in or before it), clipped to the months with data.',
      `active_programs: programs with at least ${req.minEvents} events in the administration's span.`,
      "hours_per_head, engaged_share: over the span [starts_on, ends_on or the last event's date]; headcount = employees employed at any time in the span (without an employees table: distinct staff seen in the span).",
    ];
    if (!ctx) notes.push('The workspace has no events: every metric is null.');
    const first = ctx?.first ?? '1970-01-01';
    const last = ctx?.last ?? '1969-12-31';
    // Every relation is read over the data's dates, split at the administrations' spans.
    const cuts = spanCuts(admins, last);
    const r = new Relations(req.scope, options.rollups ?? true, ctx);
    const params: Params = { first, last, m: req.minEvents, maxKey: ctx?.maxKey ?? 1 };
    // i: the administration's index, an integer key for the groupings below.
    const adm = `adm AS (
        SELECT administration_id, name, starts_on, ends_on,
               coalesce(ends_on, greatest(starts_on, $last::DATE)) AS span_end,
               date_trunc('month', starts_on)::DATE AS first_month,
               (row_number() OVER (ORDER BY starts_on, administration_id) - 1)::INTEGER AS i
        FROM administrations)`;
    // Per administration: hours and rows, and the set of its engaged staff as a bitstring
    // over employee_key (bit k − 1 = employee k), which is far cheaper than grouping by
    // (administration, employee). For the sums, each day with data gets its administration
    // by an ASOF join (spans do not overlap: the last one that took office on or before the
    // day, if the day falls within its span); their rows (days, or whole months dated on
    // their first day) then find theirs by an equi-join on the date. The staff sets are read
    // per administration over its span within the data (i: its index in `adm`'s order).
    const staffSets = admins.flatMap((a, i) => {
      const from = a.starts_on > first ? a.starts_on : first;
      const end = spanEnd(a, last);
      const to = end < last ? end : last;
      return from <= to ? [{ i, name: `staff${i}`, cte: r.staffSet(`staff${i}`, from, to, params.maxKey as number) }] : [];
    });
    const perStaff = `CREATE OR REPLACE TEMP TABLE ${SUMMARY_TEMP} AS
      WITH ${adm},
      days AS (
        SELECT d.day, a.i
        FROM (SELECT range::DATE AS day FROM range($first::DATE, $last::DATE + INTERVAL 1 DAY, INTERVAL 1 DAY)) d
        ASOF JOIN adm a ON d.day >= a.starts_on
        WHERE d.day <= a.span_end),
      ${[r.participations('pu', first, last, { cuts, perDepartment: false }), ...staffSets.map((x) => x.cte)].join(',\n      ')},
      sums AS (
        SELECT dd.i, sum(pu.hours) AS hours, sum(pu.n_rows) AS n_rows, sum(pu.staff_rows) AS staff_rows
        FROM pu JOIN days dd ON dd.day = pu.d GROUP BY ALL HAVING sum(pu.n_rows) > 0),
      sets AS (${staffSets.map((x) => `SELECT ${x.i} AS i, s AS staff FROM ${x.name}`).join(' UNION ALL ') || 'SELECT NULL::INTEGER AS i, NULL::BIT AS staff'})
      SELECT a.administration_id, s.hours, s.n_rows, s.staff_rows, b.staff FROM sums s JOIN adm a USING (i) LEFT JOIN sets b USING (i)`;
    await conn.run(perStaff, used(perStaff, { ...params, ...r.params }));
    try {
      const [flags] = await rows(conn, `SELECT coalesce(sum(staff_rows), 0) > 0 AS staff, coalesce(sum(n_rows), 0)::BIGINT AS n FROM ${SUMMARY_TEMP}`);
      const departmentLevelOnly = flags?.staff !== true && Number(flags?.n ?? 0) > 0;
      if (departmentLevelOnly) notes.push('engaged_share needs staff: the participations name no employees (department-level logs), so it is null.');
      notes.push('A null value means the administration has no months or no headcount within the data.');
      const sql = `
      WITH ${r.events('ev', first, last, { cuts })},
      ${adm},
      has_employees AS (SELECT EXISTS (SELECT 1 FROM employees) AS yes),
      -- employees in scope with their employee_key (NULL: never named in participations), joined on the VARCHAR id once
      emp AS (
        SELECT e.hired_on, e.left_on, k.employee_key FROM employees e LEFT JOIN d_employee_keys k ON k.employee_id = e.employee_id
        WHERE true${r.departments('e.department_id')}),
      months AS (SELECT range::DATE AS month FROM range(date_trunc('month', $first::DATE), date_trunc('month', $last::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)),
      month_admin AS (
        SELECT m.month, arg_max(a.administration_id, a.starts_on) AS administration_id
        FROM months m JOIN adm a ON a.first_month <= m.month GROUP BY m.month),
      assigned AS (
        SELECT ma.month, ma.administration_id FROM month_admin ma JOIN adm a USING (administration_id)
        WHERE ma.month <= date_trunc('month', a.span_end)),
      per_month AS (
        SELECT date_trunc('month', d)::DATE AS month, sum(n) AS events, count(DISTINCT program) FILTER (WHERE n > 0) AS programs
        FROM ev GROUP BY 1),
      monthly AS (
        SELECT s.administration_id, count(*)::INTEGER AS months,
               avg(coalesce(pm.events, 0))::DOUBLE AS events_per_month,
               avg(coalesce(pm.programs, 0))::DOUBLE AS programs_per_month
        FROM assigned s LEFT JOIN per_month pm USING (month) GROUP BY ALL),
      -- Events per program and day (or whole month, which no span cuts): few rows to place in administrations.
      programs AS (
        SELECT administration_id, count(*)::INTEGER AS active_programs FROM (
          SELECT a.administration_id, e.program FROM ev e ASOF JOIN adm a ON e.d >= a.starts_on
          WHERE e.program IS NOT NULL AND e.d <= a.span_end GROUP BY ALL HAVING sum(e.n) >= $m)
        GROUP BY ALL),
      -- the headcount of each administration, and its members as a bitstring over employee_key like its engaged staff
      members AS (
        SELECT a.administration_id, count(*) AS n, bitstring_agg(e.employee_key, 1, $maxKey) AS bits FROM emp e JOIN adm a
          ON (e.hired_on IS NULL OR e.hired_on <= a.span_end) AND (e.left_on IS NULL OR e.left_on >= a.starts_on)
        GROUP BY a.i, a.administration_id),
      staff AS (
        SELECT s.administration_id, s.hours,
               CASE WHEN s.staff_rows > 0 THEN bit_count(s.staff) ELSE 0 END AS seen,
               -- engaged: with an employees table, only staff counted in the headcount
               CASE WHEN s.staff_rows = 0 THEN 0
                    WHEN (SELECT yes FROM has_employees) THEN coalesce(bit_count(s.staff & m.bits), 0)
                    ELSE bit_count(s.staff) END AS engaged
        FROM ${SUMMARY_TEMP} s LEFT JOIN members m USING (administration_id)),
      heads AS (
        SELECT a.administration_id,
               CASE WHEN (SELECT yes FROM has_employees) THEN coalesce(m.n, 0) ELSE coalesce(s.seen, 0) END AS headcount
        FROM adm a LEFT JOIN staff s USING (administration_id) LEFT JOIN members m USING (administration_id))
      SELECT a.administration_id, a.name, a.starts_on, a.ends_on,
             coalesce(mo.months, 0)::INTEGER AS months,
             mo.events_per_month, mo.programs_per_month,
             CASE WHEN mo.months > 0 THEN coalesce(p.active_programs, 0) END::INTEGER AS active_programs,
             h.headcount::INTEGER AS headcount,
             CASE WHEN h.headcount > 0 THEN coalesce(s.hours, 0) / h.headcount END::DOUBLE AS hours_per_head,
             CASE WHEN h.headcount > 0 AND NOT $departmentLevelOnly THEN coalesce(s.engaged, 0) / h.headcount END::DOUBLE AS engaged_share
      FROM adm a
      LEFT JOIN monthly mo USING (administration_id)
      LEFT JOIN programs p USING (administration_id)
      LEFT JOIN staff s USING (administration_id)
      LEFT JOIN heads h USING (administration_id)
      ORDER BY a.starts_on, a.administration_id`;
      // One row per administration: a materialized result costs less than a stream.
      const result = await conn.run(sql, used(sql, { ...params, ...r.params, departmentLevelOnly }));
      return (await resultToArrow(result, { metadata: { [ARROW_META_NOTES]: JSON.stringify(notes) } })).bytes;
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${SUMMARY_TEMP}`);
    }
  });
}

/**
 * One row per program: first and last month, events, the administration in
 * office at its first event, months with ≥ 1 event in each administration's
 * span, and for each boundary (an administration's start) whether it crossed
 * it: true when active (≥ m events) in both windows around the boundary, false
 * when active before only (it ended there), null when not active before.
 */
export async function programTimeline(ws: Workspace, req: ParsedRequest<'programTimeline'>, options: ContinuityOptions = {}): Promise<ArrowBytes> {
  return ws.use('read', async (conn) => {
    const admins = await readAdministrations(conn);
    const { ctx } = await readContext(conn);
    const first = ctx?.first ?? '1970-01-01';
    const last = ctx?.last ?? '1969-12-31';
    const W = req.windowMonths;
    const params: Params = { last, m: req.minEvents };
    const columns: string[] = [];
    admins.forEach((a, i) => {
      params[`id${i}`] = a.administration_id;
      columns.push(
        `count(DISTINCT date_trunc('month', d)) FILTER (WHERE administration_id = $id${i})::INTEGER AS ${quoteIdent(`months_active:${a.administration_id}`)}`,
      );
    });
    // The windows [t − W months, t) and [t, t + W months) around each boundary t.
    const windowCuts: string[] = [];
    admins.slice(1).forEach((b, i) => {
      const a = admins[i]!;
      params[`lo${i}`] = addMonths(b.starts_on, -W);
      params[`t${i}`] = b.starts_on;
      params[`hi${i}`] = addMonths(b.starts_on, W);
      windowCuts.push(addMonths(b.starts_on, -W), addMonths(b.starts_on, W));
      const inBefore = `d >= $lo${i}::DATE AND d < $t${i}::DATE`;
      const inAfter = `d >= $t${i}::DATE AND d < $hi${i}::DATE`;
      columns.push(
        `CASE WHEN coalesce(sum(n) FILTER (WHERE ${inBefore}), 0) >= $m THEN coalesce(sum(n) FILTER (WHERE ${inAfter}), 0) >= $m END AS ${quoteIdent(`crossed:${a.administration_id}>${b.administration_id}`)}`,
      );
    });
    const r = new Relations(req.scope, options.rollups ?? true, ctx);
    const sql = `
      WITH ${r.events('ev', first, last, { cuts: [...spanCuts(admins, last), ...windowCuts] })},
      adm AS (SELECT administration_id, starts_on, coalesce(ends_on, greatest(starts_on, $last::DATE)) AS span_end FROM administrations),
      -- Events per program and day (or whole month, which no span or window cuts): few rows to place in administrations.
      ev_adm AS (
        SELECT e.program, e.d, e.n, CASE WHEN e.d <= a.span_end THEN a.administration_id END AS administration_id
        FROM ev e ASOF LEFT JOIN adm a ON e.d >= a.starts_on
        WHERE e.program IS NOT NULL)
      SELECT program,
             date_trunc('month', min(d))::DATE AS first_month,
             date_trunc('month', max(d))::DATE AS last_month,
             sum(n)::INTEGER AS events,
             arg_min(administration_id, d) AS started_in
             ${columns.map((c) => `,\n             ${c}`).join('')}
      FROM ev_adm GROUP BY program ORDER BY first_month, program`;
    const notes = [
      'months_active:<id>: calendar months with at least one event of the program within the administration\'s span.',
      `crossed:<A>><B>: true when the program had at least ${req.minEvents} events both in the ${req.windowMonths} months before B took office and in the ${req.windowMonths} months from then; false when only before (it ended); empty when it was not active before.`,
      'started_in: the administration in office at the program\'s first event (empty when none was).',
    ];
    // One row per program: a materialized result costs less than a stream.
    const result = await conn.run(sql, used(sql, { ...params, ...r.params }));
    return (await resultToArrow(result, { metadata: { [ARROW_META_NOTES]: JSON.stringify(notes) } })).bytes;
  });
}
