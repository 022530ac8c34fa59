/**
 * Evaluation by department (SPEC.md "Metrics → Evaluation"): for each
 * department of the evaluated population (employees.department_id), the
 * distribution of `engagement_share` = w·E / F and of `composite` F =
 * (1 − w)·S + w·E: min, quartiles (quantile_cont, interpolated), max and n.
 * Also the periods that have evaluations, for the period picker.
 */
import type { DepartmentDistribution, Distribution, EvaluationPeriod, EvaluationSettings } from '../common/evaluationApi';
import { components, scoredParams, scoredSql } from './evaluation';
import type { Workspace } from './workspace';

/** Every period with an `evaluations` row, years before their halves (2019, 2019H1, 2019H2). */
export async function evaluationPeriods(ws: Workspace): Promise<EvaluationPeriod[]> {
  return ws.use('read', async (conn) =>
    (
      await conn.runAndReadAll(
        `SELECT period, count(DISTINCT employee_id)::INTEGER AS n FROM evaluations
         WHERE period IS NOT NULL GROUP BY period ORDER BY period`,
      )
    ).getRowObjectsJS() as unknown as EvaluationPeriod[],
  );
}

const quantiles = (col: string): string =>
  `min(${col})::DOUBLE AS ${col}_min, quantile_cont(${col}, 0.25)::DOUBLE AS ${col}_p25,
   quantile_cont(${col}, 0.5)::DOUBLE AS ${col}_median, quantile_cont(${col}, 0.75)::DOUBLE AS ${col}_p75,
   max(${col})::DOUBLE AS ${col}_max`;

function distribution(r: Record<string, unknown>, col: string): Distribution {
  const v = (k: string) => r[`${col}_${k}`] as number;
  return { min: v('min'), p25: v('p25'), median: v('median'), p75: v('p75'), max: v('max'), n: r.n as number };
}

/** Per department, ordered by median composite (highest first), then department_id. */
export async function evaluationByDepartment(ws: Workspace, s: EvaluationSettings): Promise<{ n: number; departments: DepartmentDistribution[] }> {
  return ws.use('read', async (conn) => {
    const entry = await components(ws, conn, s.period, s.peer);
    const rows = (
      await conn.runAndReadAll(
        `SELECT department_id, any_value(department_name) AS name, count(*)::INTEGER AS n,
                ${quantiles('engagement_share')}, ${quantiles('composite')}
         FROM ${scoredSql(entry.table, '', { ranks: false })}
         GROUP BY department_id
         ORDER BY composite_median DESC, department_id NULLS LAST`,
        scoredParams(s),
      )
    ).getRowObjectsJS();
    return {
      n: entry.n,
      departments: rows.map((r) => ({
        department_id: r.department_id as string | null,
        name: r.name as string | null,
        n: r.n as number,
        engagement_share: distribution(r, 'engagement_share'),
        composite: distribution(r, 'composite'),
      })),
    };
  });
}
