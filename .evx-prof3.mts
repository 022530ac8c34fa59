import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(process.argv[2]!);
const c = await i.connect();
const p = { period: '2019', from: '2019-01-01', to: '2019-12-31' };
const q = async (label: string, sql: string) => { const t = performance.now(); const u0 = process.cpuUsage(); const r = await c.runAndReadAll(sql, p); const u = process.cpuUsage(u0); console.log(label, Math.round(performance.now() - t), "cpu", Math.round((u.user + u.system) / 1000), JSON.stringify(r.getRows()[0], (_k, v) => typeof v === 'bigint' ? Number(v) : v)); };
const pop = `pop AS (SELECT v.employee_id, v.performance_score AS performance, emp.department_id, emp.grade FROM evaluations v LEFT JOIN employees emp ON emp.employee_id = v.employee_id WHERE v.period = $period)`;
const gd = `ev0 AS (SELECT event_id, citizens_reached, stakeholder_groups, outcome FROM events WHERE occurred_on BETWEEN $from::DATE AND $to::DATE),
  gdict AS (SELECT g, (row_number() OVER (ORDER BY g) - 1)::INTEGER AS b FROM (SELECT DISTINCT unnest(stakeholder_groups) AS g FROM ev0)),
  emask AS (SELECT event_id, bit_or((1::UBIGINT) << b) AS mask FROM (SELECT event_id, unnest(stakeholder_groups) AS g FROM ev0) JOIN gdict USING (g) GROUP BY event_id),
  ev AS (SELECT ev0.event_id, citizens_reached, outcome, coalesce(mask, 0::UBIGINT) AS mask FROM ev0 LEFT JOIN emask USING (event_id))`;
const B = `${pop}, ${gd},
  part AS (
    SELECT p.event_id, p.employee_id, p.hours, p.department_id FROM participations p SEMI JOIN ev ON ev.event_id = p.event_id WHERE p.department_id IS NOT NULL OR p.employee_id IS NULL
    UNION ALL
    SELECT p.event_id, p.employee_id, p.hours, emp.department_id FROM participations p SEMI JOIN ev ON ev.event_id = p.event_id LEFT JOIN employees emp ON emp.employee_id = p.employee_id WHERE p.department_id IS NULL AND p.employee_id IS NOT NULL),
  es AS (SELECT event_id, count(DISTINCT employee_id) AS staff, min(department_id) AS dmin, max(department_id) AS dmax FROM part GROUP BY event_id),
  evs AS (SELECT ev.*, es.staff, es.dmin, es.dmax FROM ev JOIN es USING (event_id)),
  contributions AS (SELECT part.employee_id, part.hours, evs.citizens_reached::DOUBLE / evs.staff AS reach, evs.mask,
      CASE WHEN part.department_id IS NOT NULL THEN evs.dmin <> evs.dmax ELSE evs.dmin IS NOT NULL END AS is_cross,
      CASE evs.outcome WHEN 'adopted' THEN 2 WHEN 'recommendation' THEN 1 ELSE 0 END AS outcome_points
    FROM part JOIN pop ON pop.employee_id = part.employee_id JOIN evs ON evs.event_id = part.event_id)`;
const agg = `SELECT count(*), sum(d) FROM (SELECT employee_id, sum(hours) h, count(*) e, sum(reach) r, count(*) FILTER (WHERE is_cross) x, sum(outcome_points) o, bit_count(bit_or(mask)) d FROM contributions GROUP BY employee_id)`;
for (let k = 0; k < 3; k++) {
  await q('B', `WITH ${B} ${agg}`);
  await q('B staff no distinct', `WITH ${B.replace('count(DISTINCT employee_id)', 'count(employee_id)')} ${agg}`);
  await q('count part only', `WITH ${B} SELECT count(*) FROM part`);
  await q('es only', `WITH ${B} SELECT count(*), sum(staff) FROM es`);
}
