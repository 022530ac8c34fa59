/**
 * Collaboration across departments (SPEC.md "Metrics → Departments"):
 * C[d1, d2] = events in scope with participants from both d1 and d2; partners(d)
 * = distinct other departments d shares ≥ 1 event with; and the Krackhardt E-I
 * index of each department, EI(d) = (E − I) / (E + I), from −1 (all ties inside
 * the department: a silo) to +1 (all ties outside).
 *
 * How ties are counted: every participation row of an event is a node (a staff
 * member, or one department-level log row), and every unordered pair of nodes
 * on the same event is one tie, classified by the pair of their departments.
 * For department d on event e with n = d's rows on e and N = all rows on e
 * with a known department: I(d) += n·(n − 1)/2 (pairs inside d) and
 * E(d) += n·(N − n) (pairs between d and other departments). An event attended
 * by several people contributes several ties; an event where d is alone with
 * one row contributes none. EI(d) is null when d has no tie at all.
 * Rows: the departments in scope (filters); partners may be any department.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ArrowBytes } from '../common/api';
import { ARROW_META_NOTES } from '../common/api';
import type { Scope } from '../common/scope';
import { resultToArrow } from './arrow';
import { pairMonths, resolveScope, type ScopeFacts, scopeWith, stream, type ResolvedScope } from './departmentScope';

/** `pairs`: C[d, partner] > 0 for the row departments d (pm: monthly rollup plus end days). */
const pairs = (rs: ResolvedScope) => `${pairMonths(rs)},
pairs AS (SELECT department_id, partner_id, events FROM pm WHERE department_id IN (SELECT department_id FROM rd))`;

const TIES_NOTE =
  'ties: every pair of participation rows (staff or department-level) on the same event; internal_ties = pairs inside the department, external_ties = pairs with another department; ei_index = (external_ties − internal_ties) / (external_ties + internal_ties), null without ties';

/** C[d1, d2] as rows (department_id, partner_id, events), both orders, non-zero cells only. */
export async function collaborationMatrix(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<ArrowBytes> {
  const rs = await resolveScope(conn, scope, facts);
  return (await resultToArrow(await stream(conn, collaborationMatrixSql(rs), rs.params))).bytes;
}

export function collaborationMatrixSql(rs: ResolvedScope): string {
  return `${scopeWith(rs, pairs(rs))}
  SELECT department_id, partner_id, events::INTEGER AS events
  FROM pairs ORDER BY department_id, partner_id`;
}

/** Per department in scope: partners, internal_ties, external_ties, ei_index; sorted by department_id. */
export async function collaborationIndex(conn: DuckDBConnection, scope: Scope | undefined, facts?: ScopeFacts): Promise<ArrowBytes> {
  const rs = await resolveScope(conn, scope, facts);
  const metadata = { [ARROW_META_NOTES]: JSON.stringify({ ei_index: TIES_NOTE }) };
  return (await resultToArrow(await stream(conn, collaborationIndexSql(rs), rs.params), { metadata })).bytes;
}

export function collaborationIndexSql(rs: ResolvedScope): string {
  return `${scopeWith(
    rs,
    pairs(rs),
    // Per (event, department) n·(n − 1)/2 and n·(N − n), summed by month in edm (module comment).
    `ti AS (
      SELECT department_id, sum(internal_ties) AS internal_ties, sum(external_ties) AS external_ties
      FROM edm WHERE department_id IN (SELECT department_id FROM rd) GROUP BY department_id)`,
    `pa AS (SELECT department_id, count(*) AS partners FROM pairs GROUP BY department_id)`,
  )}
  SELECT rd.department_id, rd.name, rd.bureau,
         coalesce(pa.partners, 0)::INTEGER AS partners,
         coalesce(ti.internal_ties, 0)::BIGINT AS internal_ties,
         coalesce(ti.external_ties, 0)::BIGINT AS external_ties,
         ((ti.external_ties - ti.internal_ties) / nullif(ti.external_ties + ti.internal_ties, 0))::DOUBLE AS ei_index
  FROM rd LEFT JOIN ti USING (department_id) LEFT JOIN pa USING (department_id)
  ORDER BY rd.department_id`;
}
