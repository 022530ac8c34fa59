import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(process.argv[2]!);
const c = await i.connect();
const p = { period: '2019', from: '2019-01-01', to: '2019-12-31' };
const ctes = `pop AS (SELECT v.employee_id, v.performance_score AS performance, emp.department_id, emp.grade, d.name AS department_name
    FROM evaluations v LEFT JOIN employees emp ON emp.employee_id = v.employee_id LEFT JOIN departments d ON d.department_id = emp.department_id WHERE v.period = $period),
  ev AS (SELECT event_id, citizens_reached, stakeholder_groups, outcome FROM events WHERE occurred_on BETWEEN $from::DATE AND $to::DATE),
  part AS (SELECT p.event_id, p.employee_id, p.hours, coalesce(p.department_id, emp.department_id) AS department_id FROM participations p JOIN ev ON ev.event_id = p.event_id LEFT JOIN employees emp ON emp.employee_id = p.employee_id),
  event_staff AS (SELECT event_id, count(DISTINCT employee_id) AS staff, count(DISTINCT department_id) AS departments FROM part GROUP BY event_id)`;
const q = async (label: string, sql: string) => { const t = performance.now(); await c.runAndReadAll(sql, p); console.log(label, Math.round(performance.now() - t)); };
for (let k = 0; k < 2; k++) {
await q('count part', `WITH ${ctes} SELECT count(*) FROM part`);
await q('event_staff', `WITH ${ctes} SELECT count(*), sum(staff) FROM event_staff`);
await q('event_staff no distinct', `WITH ${ctes} SELECT count(*) FROM (SELECT event_id, count(employee_id) FROM part GROUP BY event_id)`);
await q('part join pop', `WITH ${ctes} SELECT count(*), sum(hours) FROM part JOIN pop USING (employee_id)`);
}
