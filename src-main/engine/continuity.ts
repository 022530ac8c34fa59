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
import { ols, OlsError } from './ols';
import type { Workspace } from './workspace';

/** The ITS needs this many months on each side of the boundary, or it is not fitted. */
export const ITS_MIN_MONTHS_PER_SIDE = 3;

type Params = Record<string, DuckDBValue>;
type Row = Record<string, unknown>;

/** Binds only the named parameters the statement uses (DuckDB refuses unknown names). */
function used(sql: string, params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
  return out;
}

async function rows(conn: DuckDBConnection, sql: string, params: Params = {}): Promise<Row[]> {
  return (await conn.runAndReadAll(sql, used(sql, params))).getRowObjectsJS() as Row[];
}

/** Double-quoted SQL identifier, for column names made from administration ids. */
const quoteIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** Temp table of the summary: hours per (administration, employee). */
const SUMMARY_TEMP = 'sotong_continuity_staff';

interface ScopeOptions {
  /** Only events on or after / on or before these dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
}

/**
 * The scoped relations every continuity query starts from, read from the
 * derived tables of derived.ts (one row per event in d_event_departments with
 * event_row, one per participation in d_staff, both sorted by date):
 *  ev  — events passing the channel/program filters (and, with a department or
 *        bureau filter, having a participant from those departments);
 *  pa  — participations on those events from departments in scope, with the event's date
 *        (occurred_on, employee_key, department_id, hours); a participation's
 *        department is its own, else its employee's (derived.ts);
 *  emp — employees of departments in scope (for headcounts).
 * Only the filters that are set appear in the SQL; their values are parameters.
 * Each query passes its own date window, so the date filter reaches the scans.
 */
function scopeCtes(scope: Scope | undefined, opts: ScopeOptions = {}): { sql: string; params: Params; departments: (col: string) => string; staffFilter: string } {
  const params: Params = {};
  const evConds: string[] = ['event_row'];
  const dateConds: string[] = [];
  const deptConds = (col: string): string[] => {
    const c: string[] = [];
    if (scope?.departments?.length) c.push(`list_contains($departments, ${col})`);
    if (scope?.bureaus?.length) c.push(`${col} IN (SELECT department_id FROM departments WHERE list_contains($bureaus, bureau))`);
    return c;
  };
  if (opts.from) {
    dateConds.push('occurred_on >= $scopeFrom::DATE');
    params.scopeFrom = opts.from;
  }
  if (opts.to) {
    dateConds.push('occurred_on <= $scopeTo::DATE');
    params.scopeTo = opts.to;
  }
  const staffConds: string[] = [...dateConds];
  if (scope?.channels?.length) {
    evConds.push('list_contains($channels, channel)');
    staffConds.push('list_contains($channels, channel)');
    params.channels = listValue(scope.channels);
  }
  if (scope?.programs?.length) {
    evConds.push('list_contains($programs, program)');
    staffConds.push('event_key IN (SELECT event_key FROM d_event_departments WHERE list_contains($programs, program))');
    params.programs = listValue(scope.programs);
  }
  if (scope?.departments?.length) params.departments = listValue(scope.departments);
  if (scope?.bureaus?.length) params.bureaus = listValue(scope.bureaus);
  const where = (conds: string[]) => (conds.length ? `WHERE ${conds.join(' AND ')}` : '');
  const byDepartment = deptConds('department_id').length > 0;
  const staffFilter = where([...staffConds, ...deptConds('department_id')]);
  // NOT MATERIALIZED: each reference scans the sorted tables with its own filters
  // (DuckDB would otherwise materialise millions of rows for a CTE used twice).
  const sql = `
    ev AS NOT MATERIALIZED (
      SELECT event_key, occurred_on, program FROM d_event_departments ${where([...evConds, ...dateConds])}
      ${byDepartment ? `AND event_key IN (SELECT event_key FROM d_event_departments ${where([...dateConds, ...deptConds('department_id')])})` : ''}),
    pa AS NOT MATERIALIZED (SELECT occurred_on, employee_key, department_id, hours FROM d_staff ${staffFilter}),
    emp AS (SELECT employee_id, department_id, hired_on, left_on FROM employees ${where(deptConds('department_id'))}),
    has_employees AS (SELECT EXISTS (SELECT 1 FROM employees) AS yes)`;
  return { sql, params, departments: (col) => where(deptConds(col)), staffFilter };
}

/** First and last event date in the workspace (unfiltered: "the data"). */
async function dataRange(conn: DuckDBConnection): Promise<{ first: string; last: string }> {
  const [r] = await rows(
    conn,
    `SELECT strftime(min(occurred_on), '%Y-%m-%d') AS first, strftime(max(occurred_on), '%Y-%m-%d') AS last FROM events`,
  );
  if (!r || r.first === null) {
    throw new SotongError('VALIDATION', 'The workspace has no events yet: import participation logs before comparing administrations.', {
      field: 'events',
    });
  }
  return { first: String(r.first), last: String(r.last) };
}

/** An administration's span end: ends_on, or the last data date while it is still in office. */
const spanEnd = (a: Administration, last: string): string => a.ends_on ?? (a.starts_on > last ? a.starts_on : last);

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

async function requireDataInSpan(conn: DuckDBConnection, a: Administration, field: string, data: { first: string; last: string }): Promise<void> {
  const [r] = await rows(
    conn,
    `SELECT count(*)::INTEGER AS n FROM events WHERE occurred_on BETWEEN $from::DATE AND $to::DATE`,
    { from: a.starts_on, to: a.ends_on ?? '9999-12-31' },
  );
  if (Number(r?.n ?? 0) === 0) {
    throw new SotongError(
      'VALIDATION',
      `${field}: administration ${describeAdministration(a)} has no events in its span; the events cover ${data.first} to ${data.last}.`,
      { field },
    );
  }
}

/** Adds W months to a date in DuckDB (end-of-month aware: 2020-03-31 − 1 month = 2020-02-29). */
async function windowBounds(conn: DuckDBConnection, t: string, w: number): Promise<{ w0: string; w1: string }> {
  const [r] = await rows(
    conn,
    `SELECT strftime(($t::DATE - to_months($w::INTEGER))::DATE, '%Y-%m-%d') AS w0,
            strftime(($t::DATE + to_months($w::INTEGER))::DATE, '%Y-%m-%d') AS w1`,
    { t, w },
  );
  return { w0: String(r!.w0), w1: String(r!.w1) };
}

const monthOf = (d: string): string => `${d.slice(0, 7)}-01`;
const dayBefore = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export async function continuity(ws: Workspace, req: ParsedRequest<'continuity'>): Promise<ContinuityResult> {
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
    const data = await dataRange(conn);
    await requireDataInSpan(conn, A, 'before', data);
    await requireDataInSpan(conn, B, 'after', data);

    const t = B.starts_on;
    const { w0, w1 } = await windowBounds(conn, t, W);
    const notes: string[] = [];
    if (w0 < data.first) {
      notes.push(`The window before (${w0} to ${dayBefore(t)}, ${W} months) starts before the first event (${data.first}); only ${data.first} to ${dayBefore(t)} holds data.`);
    }
    if (dayBefore(w1) > data.last) {
      notes.push(`The window after (${t} to ${dayBefore(w1)}, ${W} months) ends after the last event (${data.last}); only ${t} to ${data.last} holds data.`);
    }
    if (w0 < A.starts_on) notes.push(`The window before starts before ${A.administration_id} took office (${A.starts_on}): it includes the end of an earlier period.`);
    if (B.ends_on !== null && dayBefore(w1) > B.ends_on) notes.push(`The window after runs past the end of ${B.administration_id} (${B.ends_on}).`);

    return compareAdministrations(conn, req, { A, B, data, t, w0, w1, notes });
  });
}

async function compareAdministrations(
  conn: DuckDBConnection,
  req: ParsedRequest<'continuity'>,
  o: { A: Administration; B: Administration; data: { first: string; last: string }; t: string; w0: string; w1: string; notes: string[] },
): Promise<ContinuityResult> {
  const { A, B, data, t, w0, w1, notes } = o;
  const W = req.windowMonths;
  const m = req.minEvents;
  // The windows [w0, w1) around t.
  const scope = scopeCtes(req.scope, { from: w0, to: dayBefore(w1) });
  const p: Params = { ...scope.params, t, w0, w1, m };

  // --- Programs active before / after (≥ m events in the window).
  const programs = await rows(
    conn,
    `WITH ${scope.sql}
     SELECT program,
            count(*) FILTER (WHERE occurred_on < $t::DATE) >= $m AS active_before,
            count(*) FILTER (WHERE occurred_on >= $t::DATE) >= $m AS active_after
     FROM ev
     WHERE program IS NOT NULL AND occurred_on >= $w0::DATE AND occurred_on < $w1::DATE
     GROUP BY program ORDER BY program`,
    p,
  );
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

  Object.assign(result, await staffRetention(conn, scope.sql, p, { w0, t }));
  Object.assign(result, await interruptedTimeSeries(conn, req.scope, { A, B, data, series: req.series, notes }));
  Object.assign(result, await rankStability(conn, req.scope, { A, B, data }));
  result.notes = notes;
  return result as ContinuityResult;
}

/** staff_retention over the windows, with the counts behind it and a note when it cannot be computed. */
async function staffRetention(
  conn: DuckDBConnection,
  ctes: string,
  p: Params,
  w: { w0: string; t: string },
): Promise<Pick<ContinuityResult, 'staff_retention' | 'staff_retention_note' | 'staff_engaged_before' | 'staff_retained' | 'staff_left'>> {
  const [r] = await rows(
    conn,
    `WITH ${ctes},
     engaged AS (
       SELECT employee_key, bool_or(occurred_on < $t::DATE) AS before, bool_or(occurred_on >= $t::DATE) AS after
       FROM pa WHERE employee_key IS NOT NULL AND occurred_on >= $w0::DATE AND occurred_on < $w1::DATE
       GROUP BY employee_key),
     -- "still employed after t": left_on null or after t (staff unknown to employees count as employed).
     staff AS (
       SELECT g.*, (x.left_on IS NULL OR x.left_on > $t::DATE) AS still_employed
       FROM engaged g JOIN d_employee_keys k USING (employee_key) LEFT JOIN employees x ON x.employee_id = k.employee_id)
     SELECT count(*) FILTER (WHERE before)::INTEGER AS engaged_before,
            count(*) FILTER (WHERE before AND still_employed)::INTEGER AS denominator,
            count(*) FILTER (WHERE before AND after AND still_employed)::INTEGER AS retained,
            (SELECT count(*) FROM pa WHERE employee_key IS NULL AND occurred_on >= $w0::DATE AND occurred_on < $t::DATE)::INTEGER AS department_level_before
     FROM staff`,
    p,
  );
  const engagedBefore = Number(r?.engaged_before ?? 0);
  const denominator = Number(r?.denominator ?? 0);
  const retained = Number(r?.retained ?? 0);
  const out = { staff_engaged_before: engagedBefore, staff_retained: retained, staff_left: engagedBefore - denominator };
  if (denominator > 0) return { ...out, staff_retention: retained / denominator };
  let note: string;
  if (engagedBefore === 0 && Number(r?.department_level_before ?? 0) > 0) {
    note = `staff_retention needs staff: the participations in the window before (${w.w0} to ${dayBefore(w.t)}) name no employees (department-level logs).`;
  } else if (engagedBefore === 0) {
    note = `Nobody was engaged in the window before (${w.w0} to ${dayBefore(w.t)}), so there is no staff whose retention to measure.`;
  } else {
    note = `All ${engagedBefore} staff engaged in the window before had left by ${w.t}.`;
  }
  return { ...out, staff_retention: null, staff_retention_note: note };
}

/** The monthly series of the ITS; each is an aggregate per month over the scoped relations. */
const SERIES_SQL: Record<ContinuitySeries, string> = {
  events: `SELECT date_trunc('month', occurred_on)::DATE AS month, count(*)::DOUBLE AS y FROM ev
           WHERE occurred_on >= $m0::DATE AND occurred_on < $m1::DATE + INTERVAL 1 MONTH GROUP BY 1`,
  hours: `SELECT date_trunc('month', occurred_on)::DATE AS month, sum(hours)::DOUBLE AS y FROM pa
          WHERE occurred_on >= $m0::DATE AND occurred_on < $m1::DATE + INTERVAL 1 MONTH GROUP BY 1`,
  // Distinct staff per month as a bitstring over employee_key: cheaper than a distinct count.
  engaged: `SELECT date_trunc('month', occurred_on)::DATE AS month, bit_count(bitstring_agg(employee_key, 1, $maxKey))::DOUBLE AS y FROM pa
            WHERE employee_key IS NOT NULL AND occurred_on >= $m0::DATE AND occurred_on < $m1::DATE + INTERVAL 1 MONTH GROUP BY 1`,
};

async function interruptedTimeSeries(
  conn: DuckDBConnection,
  scope: Scope | undefined,
  o: { A: Administration; B: Administration; data: { first: string; last: string }; series: ContinuitySeries; notes: string[] },
): Promise<Pick<ContinuityResult, 'its' | 'its_note'>> {
  const { A, B, data } = o;
  // Months from A's start to B's end (or the last month with data), clipped to the data.
  const start = A.starts_on < data.first ? data.first : A.starts_on;
  const bEnd = B.ends_on ?? data.last;
  const end = bEnd > data.last ? data.last : bEnd;
  if (A.starts_on < data.first) o.notes.push(`The time series starts with the first month with data (${data.first.slice(0, 7)}), after ${A.administration_id} took office (${A.starts_on}).`);
  if (B.ends_on !== null && B.ends_on > data.last) o.notes.push(`The time series ends with the last month with data (${data.last.slice(0, 7)}), before ${B.administration_id} left office (${B.ends_on}).`);
  // The series' months, from the first day of the first one.
  const { sql: ctes, params: scopeParams } = scopeCtes(scope, { from: monthOf(start) });
  const params: Params = { ...scopeParams, m0: monthOf(start), m1: monthOf(end), bm: monthOf(B.starts_on) };
  if (o.series === 'engaged') params.maxKey = await maxEmployeeKey(conn);
  const points = await rows(
    conn,
    `WITH ${ctes},
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
    const [s] = await rows(
      conn,
      `WITH ${ctes} SELECT count(*) FILTER (WHERE employee_key IS NOT NULL)::INTEGER AS staff, count(*)::INTEGER AS n FROM pa
       WHERE occurred_on >= $m0::DATE AND occurred_on < $m1::DATE + INTERVAL 1 MONTH`,
      params,
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
 * hours_per_head(d) over a span = hours of d's participations in the span /
 * headcount(d), headcount as in SPEC "Departments": employees of d employed at
 * any time in the span, or, without an employees table, distinct employees
 * seen in d's participations there. `spans` is a CTE (side, d0, d1).
 */
const HOURS_PER_HEAD_CTES = `
     spans_pa AS (
       SELECT s.side, pa.department_id, pa.employee_key, pa.hours
       FROM pa JOIN spans s ON pa.occurred_on BETWEEN s.d0 AND s.d1
       WHERE pa.department_id IS NOT NULL),
     hours AS (SELECT side, department_id, sum(hours) AS h FROM spans_pa GROUP BY ALL),
     headcount AS (
       SELECT s.side, e.department_id, count(*) AS n
       FROM emp e JOIN spans s ON (e.hired_on IS NULL OR e.hired_on <= s.d1) AND (e.left_on IS NULL OR e.left_on >= s.d0)
       WHERE (SELECT yes FROM has_employees) AND e.department_id IS NOT NULL
       GROUP BY ALL
       UNION ALL
       SELECT side, department_id, count(DISTINCT employee_key) AS n
       FROM spans_pa WHERE NOT (SELECT yes FROM has_employees) AND employee_key IS NOT NULL
       GROUP BY ALL),
     hph AS (
       SELECT c.side, c.department_id, coalesce(h.h, 0) / c.n AS hours_per_head
       FROM headcount c LEFT JOIN hours h USING (side, department_id) WHERE c.n > 0)`;

async function rankStability(
  conn: DuckDBConnection,
  scope: Scope | undefined,
  o: { A: Administration; B: Administration; data: { first: string; last: string } },
): Promise<Pick<ContinuityResult, 'department_rank_stability' | 'department_rank_stability_note' | 'department_rank_stability_n' | 'department_ranks'>> {
  // A's and B's spans (they do not overlap; A starts first).
  const { sql: ctes, params: scopeParams } = scopeCtes(scope, { from: o.A.starts_on, to: spanEnd(o.B, o.data.last) });
  const list = await rows(
    conn,
    `WITH ${ctes},
     spans AS (SELECT 'A' AS side, $a0::DATE AS d0, $a1::DATE AS d1 UNION ALL SELECT 'B', $b0::DATE, $b1::DATE),
     ${HOURS_PER_HEAD_CTES},
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
    {
      ...scopeParams,
      a0: o.A.starts_on,
      a1: spanEnd(o.A, o.data.last),
      b0: o.B.starts_on,
      b1: spanEnd(o.B, o.data.last),
    },
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
export async function continuitySummary(ws: Workspace, req: ParsedRequest<'continuitySummary'>): Promise<ArrowBytes> {
  return ws.use('read', async (conn) => {
    const data = await dataRangeOrNull(conn);
    const scope = scopeCtes(req.scope);
    const notes = [
      'events_per_month, programs_per_month: means over the calendar months assigned to the administration (a month belongs to the administration that took office in or before it), clipped to the months with data.',
      `active_programs: programs with at least ${req.minEvents} events in the administration's span.`,
      "hours_per_head, engaged_share: over the span [starts_on, ends_on or the last event's date]; headcount = employees employed at any time in the span (without an employees table: distinct staff seen in the span).",
    ];
    if (!data) notes.push('The workspace has no events: every metric is null.');
    const params: Params = { ...scope.params, first: data?.first ?? '1970-01-01', last: data?.last ?? '1969-12-31', m: req.minEvents };
    const adm = `adm AS (
        SELECT administration_id, name, starts_on, ends_on,
               coalesce(ends_on, greatest(starts_on, $last::DATE)) AS span_end,
               date_trunc('month', starts_on)::DATE AS first_month
        FROM administrations)`;
    // The one pass over participations, per administration: hours, rows, and the set of
    // its engaged staff as a bitstring over employee_key (bit k − 1 = employee k), which
    // is far cheaper than grouping by (administration, employee). Each day with data gets
    // its administration by an ASOF join (spans do not overlap: the last one that took
    // office on or before the day, if the day falls within its span); the participations
    // then find theirs by an equi-join on the date.
    const perStaff = `CREATE OR REPLACE TEMP TABLE ${SUMMARY_TEMP} AS
      WITH ${adm},
      days AS (
        SELECT d.day, a.administration_id
        FROM (SELECT range::DATE AS day FROM range($first::DATE, $last::DATE + INTERVAL 1 DAY, INTERVAL 1 DAY)) d
        ASOF JOIN adm a ON d.day >= a.starts_on
        WHERE d.day <= a.span_end),
      pa AS (SELECT occurred_on, employee_key, hours FROM d_staff ${scope.staffFilter})
      SELECT dd.administration_id, sum(pa.hours) AS hours, count(*) AS n_rows, count(pa.employee_key) AS staff_rows,
             bitstring_agg(pa.employee_key, 1, $maxKey) AS staff
      FROM pa JOIN days dd ON dd.day = pa.occurred_on
      GROUP BY ALL`;
    params.maxKey = await maxEmployeeKey(conn);
    await conn.run(perStaff, used(perStaff, params));
    try {
      const [flags] = await rows(conn, `SELECT coalesce(sum(staff_rows), 0) > 0 AS staff, coalesce(sum(n_rows), 0)::BIGINT AS n FROM ${SUMMARY_TEMP}`);
      const departmentLevelOnly = flags?.staff !== true && Number(flags?.n ?? 0) > 0;
      if (departmentLevelOnly) notes.push('engaged_share needs staff: the participations name no employees (department-level logs), so it is null.');
      notes.push('A null value means the administration has no months or no headcount within the data.');
      const sql = `
      WITH ${scope.sql},
      ${adm},
      months AS (SELECT range::DATE AS month FROM range(date_trunc('month', $first::DATE), date_trunc('month', $last::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)),
      month_admin AS (
        SELECT m.month, arg_max(a.administration_id, a.starts_on) AS administration_id
        FROM months m JOIN adm a ON a.first_month <= m.month GROUP BY m.month),
      assigned AS (
        SELECT ma.month, ma.administration_id FROM month_admin ma JOIN adm a USING (administration_id)
        WHERE ma.month <= date_trunc('month', a.span_end)),
      per_month AS (
        SELECT date_trunc('month', occurred_on)::DATE AS month, count(*) AS events, count(DISTINCT program) AS programs
        FROM ev GROUP BY 1),
      monthly AS (
        SELECT s.administration_id, count(*)::INTEGER AS months,
               avg(coalesce(pm.events, 0))::DOUBLE AS events_per_month,
               avg(coalesce(pm.programs, 0))::DOUBLE AS programs_per_month
        FROM assigned s LEFT JOIN per_month pm USING (month) GROUP BY ALL),
      -- Events per (program, day) first: far fewer rows to place in administrations.
      program_days AS (SELECT program, occurred_on, count(*) AS n FROM ev WHERE program IS NOT NULL GROUP BY ALL),
      programs AS (
        SELECT administration_id, count(*)::INTEGER AS active_programs FROM (
          SELECT a.administration_id, d.program FROM program_days d ASOF JOIN adm a ON d.occurred_on >= a.starts_on
          WHERE d.occurred_on <= a.span_end GROUP BY ALL HAVING sum(d.n) >= $m)
        GROUP BY ALL),
      emp_adm AS (
        SELECT a.administration_id, e.employee_id FROM emp e JOIN adm a
          ON (e.hired_on IS NULL OR e.hired_on <= a.span_end) AND (e.left_on IS NULL OR e.left_on >= a.starts_on)),
      -- the headcount of each administration as a bitstring over employee_key, like its engaged staff
      members AS (
        SELECT x.administration_id, bitstring_agg(k.employee_key, 1, $maxKey) AS bits
        FROM emp_adm x JOIN d_employee_keys k ON k.employee_id = x.employee_id GROUP BY ALL),
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
               CASE WHEN (SELECT yes FROM has_employees)
                    THEN (SELECT count(*) FROM emp_adm x WHERE x.administration_id = a.administration_id)
                    ELSE coalesce(s.seen, 0) END AS headcount
        FROM adm a LEFT JOIN staff s USING (administration_id))
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
      const result = await conn.stream(sql, used(sql, { ...params, departmentLevelOnly }));
      return (await resultToArrow(result, { metadata: { [ARROW_META_NOTES]: JSON.stringify(notes) } })).bytes;
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${SUMMARY_TEMP}`);
    }
  });
}

/** The largest employee_key (bitstring_agg needs its range up front); 1 when there is none. */
async function maxEmployeeKey(conn: DuckDBConnection): Promise<number> {
  const [r] = await rows(conn, 'SELECT coalesce(max(employee_key), 1)::INTEGER AS k FROM d_employee_keys');
  return Number(r?.k ?? 1);
}

async function dataRangeOrNull(conn: DuckDBConnection): Promise<{ first: string; last: string } | null> {
  try {
    return await dataRange(conn);
  } catch (e) {
    if (e instanceof SotongError) return null;
    throw e;
  }
}

/**
 * One row per program: first and last month, events, the administration in
 * office at its first event, months with ≥ 1 event in each administration's
 * span, and for each boundary (an administration's start) whether it crossed
 * it: true when active (≥ m events) in both windows around the boundary, false
 * when active before only (it ended there), null when not active before.
 */
export async function programTimeline(ws: Workspace, req: ParsedRequest<'programTimeline'>): Promise<ArrowBytes> {
  return ws.use('read', async (conn) => {
    const admins = await readAdministrations(conn);
    const data = (await dataRangeOrNull(conn)) ?? { first: '1970-01-01', last: '1969-12-31' };
    const scope = scopeCtes(req.scope);
    const params: Params = { ...scope.params, last: data.last, w: req.windowMonths, m: req.minEvents };
    const columns: string[] = [];
    admins.forEach((a, i) => {
      params[`id${i}`] = a.administration_id;
      columns.push(
        `count(DISTINCT date_trunc('month', occurred_on)) FILTER (WHERE administration_id = $id${i})::INTEGER AS ${quoteIdent(`months_active:${a.administration_id}`)}`,
      );
    });
    admins.slice(1).forEach((b, i) => {
      const a = admins[i]!;
      params[`t${i}`] = b.starts_on;
      const inBefore = `occurred_on >= ($t${i}::DATE - to_months($w::INTEGER)) AND occurred_on < $t${i}::DATE`;
      const inAfter = `occurred_on >= $t${i}::DATE AND occurred_on < ($t${i}::DATE + to_months($w::INTEGER))`;
      columns.push(
        `CASE WHEN coalesce(sum(n) FILTER (WHERE ${inBefore}), 0) >= $m THEN coalesce(sum(n) FILTER (WHERE ${inAfter}), 0) >= $m END AS ${quoteIdent(`crossed:${a.administration_id}>${b.administration_id}`)}`,
      );
    });
    const sql = `
      WITH ${scope.sql},
      adm AS (SELECT administration_id, starts_on, coalesce(ends_on, greatest(starts_on, $last::DATE)) AS span_end FROM administrations),
      -- Events per (program, day) first: far fewer rows to place in administrations and windows.
      program_days AS (SELECT program, occurred_on, count(*) AS n FROM ev WHERE program IS NOT NULL GROUP BY ALL),
      ev_adm AS (
        SELECT d.program, d.occurred_on, d.n, CASE WHEN d.occurred_on <= a.span_end THEN a.administration_id END AS administration_id
        FROM program_days d ASOF LEFT JOIN adm a ON d.occurred_on >= a.starts_on)
      SELECT program,
             date_trunc('month', min(occurred_on))::DATE AS first_month,
             date_trunc('month', max(occurred_on))::DATE AS last_month,
             sum(n)::INTEGER AS events,
             arg_min(administration_id, occurred_on) AS started_in
             ${columns.map((c) => `,\n             ${c}`).join('')}
      FROM ev_adm GROUP BY program ORDER BY first_month, program`;
    const notes = [
      'months_active:<id>: calendar months with at least one event of the program within the administration\'s span.',
      `crossed:<A>><B>: true when the program had at least ${req.minEvents} events both in the ${req.windowMonths} months before B took office and in the ${req.windowMonths} months from then; false when only before (it ended); empty when it was not active before.`,
      'started_in: the administration in office at the program\'s first event (empty when none was).',
    ];
    const result = await conn.stream(sql, used(sql, params));
    return (await resultToArrow(result, { metadata: { [ARROW_META_NOTES]: JSON.stringify(notes) } })).bytes;
  });
}
