import { DuckDBInstance } from '@duckdb/node-api';
import { componentsTableSql } from './src-main/engine/evaluation';
const i = await DuckDBInstance.create(process.argv[2]!);
const c = await i.connect();
const p = { period: '2019', from: '2019-01-01', to: '2019-12-31' };
const q = async (label: string, sql: string, params: Record<string, string> = p) => { const t = performance.now(); const u0 = process.cpuUsage(); await c.run(sql, params); const u = process.cpuUsage(u0); console.log(label, Math.round(performance.now() - t), "cpu", Math.round((u.user + u.system) / 1000)); };
for (let k = 0; k < 2; k++) {
  await q('groups', `SELECT count(DISTINCT g)::INTEGER AS n FROM (SELECT unnest(stakeholder_groups) AS g FROM events WHERE occurred_on BETWEEN $from::DATE AND $to::DATE)`, { from: p.from, to: p.to });
  await q('build grade', componentsTableSql('t1', 'grade', true));
  await q('build all', componentsTableSql('t2', 'all', true));
  const sql = componentsTableSql('t3', 'grade', true).replace(/SELECT employee_id, department_id, department_name, grade, performance::DOUBLE AS performance[\s\S]*FROM peers/, 'SELECT * FROM components');
  await q('components only', sql);
}
