/**
 * Governance-advisor effect (SPEC.md "Metrics → Departments"): for departments
 * with `advisor_since`, monthly hours_per_head 12 months before vs 12 months
 * after that date, against departments without an advisor over the same months
 * (difference in differences), with the number of departments on each side.
 *
 * Exactly: for a treated department d with advisor month m0 (the month holding
 * advisor_since), "before" = the 12 months m0 − 12 … m0 − 1 and "after" = m0 …
 * m0 + 11. Monthly hours_per_head(d, m) = hours of d's participations in events
 * of month m (channel and program filters apply; department-level logs'
 * hours included) / headcount(d, m), headcount = employees of d employed at any
 * time in month m (no employees table: distinct employees seen in d's
 * participations over the 24 months). A month outside the months with data (first
 * to last month of any event) or with headcount 0 is missing, not 0; a month
 * inside with no participation is 0. Each side's value is the mean over its
 * months; the controls' value is the mean over control departments (each
 * weighted equally) of their means. did(d) = (after − before)(d) −
 * (after − before)(controls); the headline did is the mean over treated departments.
 * Scope: department and bureau filters choose both sides; the date window
 * chooses which advisor starts are studied (advisor_since in [from, to]).
 * Controls are departments with no advisor_since at all.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AdvisorComparison, AdvisorEffect } from '../common/departmentsApi';
import type { Scope } from '../common/scope';
import { resolveScope, type ScopeFacts, rows, type ResolvedScope } from './departmentScope';

/** Below this many departments on a side, the result carries a caveat. */
export const ADVISOR_MIN_DEPARTMENTS = 3;
export const ADVISOR_WINDOW_MONTHS = 12;

const METHOD =
  'For each department with an advisor: mean monthly hours_per_head over the 12 months before the month of advisor_since ' +
  'and over that month and the 11 after; the same for departments without an advisor over the same months (mean of their means); ' +
  'did = (treated after − treated before) − (control after − control before); the headline did is the mean over departments with an advisor.';

function headcountSql(rs: ResolvedScope): string {
  if (rs.hasEmployees) {
    // Per (department, month) once, whichever treated departments' windows share it. An
    // employee is employed at some time in month m ⇔ month(hired_on) ≤ m ≤ month(left_on):
    // +1 from the month of hire, −1 from the month after leaving, summed up to m (a running
    // sum over each department's months, not a join of every month with every employee).
    return `moves AS (
      SELECT department_id, coalesce(date_trunc('month', hired_on), DATE '0001-01-01')::DATE AS month, 1 AS d
      FROM employees WHERE department_id IN (SELECT department_id FROM units)
        AND (hired_on IS NULL OR left_on IS NULL OR date_trunc('month', hired_on) <= date_trunc('month', left_on))
      UNION ALL
      SELECT department_id, (date_trunc('month', left_on) + INTERVAL 1 MONTH)::DATE, -1
      FROM employees WHERE department_id IN (SELECT department_id FROM units) AND left_on IS NOT NULL
        AND (hired_on IS NULL OR date_trunc('month', hired_on) <= date_trunc('month', left_on))
      UNION ALL
      SELECT DISTINCT department_id, month, 0 FROM units),
    dept_months AS (
      SELECT department_id, month, sum(d) OVER (PARTITION BY department_id ORDER BY month ROWS UNBOUNDED PRECEDING) AS headcount
      FROM (SELECT department_id, month, sum(d) AS d FROM moves GROUP BY ALL)),
    hc AS (
      SELECT u.treated_id, u.department_id, u.month, coalesce(dm.headcount, 0) AS headcount
      FROM (SELECT DISTINCT treated_id, department_id, month FROM units) u LEFT JOIN dept_months dm USING (department_id, month))`;
  }
  return `sp AS (
      SELECT employee_key, department_id, occurred_on FROM d_staff
      WHERE department_id IS NOT NULL AND employee_key IS NOT NULL
        AND occurred_on >= (SELECT min(month) FROM grid)
        AND occurred_on < (SELECT max(month) FROM grid) + INTERVAL 1 MONTH
        ${rs.hasChannels ? 'AND list_contains($channels, channel)' : ''}${
          rs.hasPrograms ? '\n        AND event_key IN (SELECT event_key FROM d_event_departments WHERE list_contains($programs, program))' : ''
        }),
    seen AS (
      SELECT g.treated_id, s.department_id, count(DISTINCT s.employee_key) AS headcount
      FROM sp s JOIN grid g ON date_trunc('month', s.occurred_on) = g.month
      GROUP BY ALL),
    hc AS (SELECT u.treated_id, u.department_id, u.month, coalesce(seen.headcount, 0) AS headcount
      FROM (SELECT DISTINCT treated_id, department_id, month FROM units) u LEFT JOIN seen USING (treated_id, department_id))`;
}

/** SQL of the comparison: one row per treated department, with the controls' list. */
export function advisorEffectSql(rs: ResolvedScope): string {
  return `WITH
  rd AS (
    SELECT DISTINCT ON (department_id) department_id, advisor_since FROM departments
    WHERE (len($departments) = 0 OR list_contains($departments, department_id))
      AND (len($bureaus) = 0 OR list_contains($bureaus, bureau))),
  tr AS (
    SELECT department_id, advisor_since, date_trunc('month', advisor_since)::DATE AS m0 FROM rd
    WHERE advisor_since BETWEEN $from::DATE AND $to::DATE),
  ctl AS (SELECT department_id FROM rd WHERE advisor_since IS NULL),
  grid AS (
    SELECT tr.department_id AS treated_id, (tr.m0 + to_months(k::INTEGER))::DATE AS month, k >= 0 AS after
    FROM tr, range(-${ADVISOR_WINDOW_MONTHS}, ${ADVISOR_WINDOW_MONTHS}) r(k)),
  units AS (
    SELECT treated_id, treated_id AS department_id, true AS treated, month, after FROM grid
    UNION ALL
    SELECT g.treated_id, c.department_id, false, g.month, g.after FROM grid g, ctl c),
  -- hours of each department's participations per month (whole months: the monthly rollup of d_event_departments)
  hm AS (
    SELECT department_id, month, sum(hours) AS hours
    FROM d_month_departments
    WHERE department_id IN (SELECT department_id FROM units)
      AND month BETWEEN (SELECT min(month) FROM grid) AND (SELECT max(month) FROM grid)
      ${rs.hasChannels ? 'AND list_contains($channels, channel)' : ''}
      ${rs.hasPrograms ? 'AND list_contains($programs, program)' : ''}
    GROUP BY ALL),
  ${headcountSql(rs)},
  cov AS (SELECT date_trunc('month', min(occurred_on))::DATE AS first_m, date_trunc('month', max(occurred_on))::DATE AS last_m FROM events),
  uv AS (
    SELECT u.treated_id, u.department_id, u.treated, u.after,
           CASE WHEN u.month BETWEEN cov.first_m AND cov.last_m AND hc.headcount > 0
                THEN coalesce(hm.hours, 0) / hc.headcount END AS hph
    FROM units u CROSS JOIN cov
    LEFT JOIN hc USING (treated_id, department_id, month)
    LEFT JOIN hm USING (department_id, month)),
  dm AS (
    SELECT treated_id, department_id, treated, after, avg(hph) AS mean_hph, count(hph) AS months, count(*) - count(hph) AS missing
    FROM uv GROUP BY ALL),
  side AS (
    SELECT treated_id, treated, after, avg(mean_hph) AS value, max(months) FILTER (WHERE treated) AS treated_months, sum(missing) AS missing
    FROM dm GROUP BY ALL)
  SELECT tr.department_id, strftime(tr.advisor_since, '%Y-%m-%d') AS advisor_since,
         strftime(tr.m0 - INTERVAL ${ADVISOR_WINDOW_MONTHS} MONTH, '%Y-%m-%d') AS before_from, strftime(tr.m0, '%Y-%m-%d') AS after_from,
         coalesce(max(s.treated_months) FILTER (WHERE s.treated AND NOT s.after), 0)::INTEGER AS months_before,
         coalesce(max(s.treated_months) FILTER (WHERE s.treated AND s.after), 0)::INTEGER AS months_after,
         max(s.value) FILTER (WHERE s.treated AND NOT s.after)::DOUBLE AS treated_before,
         max(s.value) FILTER (WHERE s.treated AND s.after)::DOUBLE AS treated_after,
         max(s.value) FILTER (WHERE NOT s.treated AND NOT s.after)::DOUBLE AS control_before,
         max(s.value) FILTER (WHERE NOT s.treated AND s.after)::DOUBLE AS control_after,
         coalesce(sum(s.missing), 0)::BIGINT AS missing,
         (SELECT list(department_id ORDER BY department_id) FROM ctl) AS controls
  FROM tr LEFT JOIN side s ON s.treated_id = tr.department_id
  GROUP BY tr.department_id, tr.advisor_since, tr.m0
  ORDER BY tr.department_id`;
}

export async function advisorEffect(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<AdvisorEffect> {
  const rs = await resolveScope(conn, scope, facts);
  const found = await rows(conn, advisorEffectSql(rs), rs.params);
  const controls = found.length
    ? ((found[0]?.controls as string[] | null) ?? [])
    : ((await rows(conn, `SELECT list(DISTINCT department_id ORDER BY department_id) AS c FROM departments
         WHERE advisor_since IS NULL AND (len($departments) = 0 OR list_contains($departments, department_id))
           AND (len($bureaus) = 0 OR list_contains($bureaus, bureau))`, rs.params))[0]?.c as string[] | null) ?? [];
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const comparisons: AdvisorComparison[] = found.map((r) => {
    const c = {
      department_id: String(r.department_id),
      advisor_since: String(r.advisor_since),
      before_from: String(r.before_from),
      after_from: String(r.after_from),
      months_before: Number(r.months_before),
      months_after: Number(r.months_after),
      treated_before: num(r.treated_before),
      treated_after: num(r.treated_after),
      control_before: num(r.control_before),
      control_after: num(r.control_after),
    };
    const parts = [c.treated_after, c.treated_before, c.control_after, c.control_before];
    const did = parts.every((x) => x !== null) ? c.treated_after! - c.treated_before! - (c.control_after! - c.control_before!) : null;
    return { ...c, did };
  });
  const mean = (xs: (number | null)[]): number | null => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  const monthsMissing = found.reduce((a, r) => a + Number(r.missing ?? 0), 0);
  const treated = comparisons.map((c) => c.department_id);
  const result: AdvisorEffect = {
    did: mean(comparisons.map((c) => c.did)),
    treated_before: mean(comparisons.map((c) => c.treated_before)),
    treated_after: mean(comparisons.map((c) => c.treated_after)),
    control_before: mean(comparisons.map((c) => c.control_before)),
    control_after: mean(comparisons.map((c) => c.control_after)),
    treated_departments: treated,
    control_departments: controls,
    comparisons,
    months_missing: monthsMissing,
    caveat: null,
    method: METHOD,
  };
  result.caveat = caveat(result);
  return result;
}

/** Plain words on what the comparison cannot support, or null. */
function caveat(r: AdvisorEffect): string | null {
  const nT = r.treated_departments.length;
  const nC = r.control_departments.length;
  if (nT === 0) return 'No department in scope has a governance advisor starting in the window: there is nothing to compare.';
  if (nC === 0) return 'Every department in scope has an advisor: there is no department without one to compare with.';
  const out: string[] = [];
  if (nT < ADVISOR_MIN_DEPARTMENTS || nC < ADVISOR_MIN_DEPARTMENTS) {
    out.push(
      `Only ${nT} department${nT === 1 ? '' : 's'} with an advisor and ${nC} without: too few to conclude; ` +
        'read the difference as a description of these departments, not as an effect of advisors.',
    );
  }
  if (r.did === null) out.push('The difference could not be computed: no month with data and headcount on one of the sides.');
  if (r.months_missing > 0) {
    out.push(`${r.months_missing} department-month${r.months_missing === 1 ? '' : 's'} of the windows fall outside the months with data or have no headcount; they are left out of the means.`);
  }
  return out.length ? out.join(' ') : null;
}
