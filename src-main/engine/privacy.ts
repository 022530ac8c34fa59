/**
 * Privacy of the Leadership profile (SPEC.md "Privacy", issue 7), enforced
 * here in the engine, never by hiding things in the UI.
 *
 * Two layers:
 *
 * 1. **Eligible data only.** The leadership connection sees `participations`
 *    and `events` through temp tables that shadow the real ones and keep only
 *    participations in *atoms* — (department, calendar year, channel) — with at
 *    least k distinct employees, or with no named employee at all (department-
 *    level logs describe a department, not a person). Leadership scopes are
 *    whole calendar years and cannot filter by program, so every result, and
 *    every difference of two results (a row total minus its rows, a scope
 *    minus one department), is a sum over whole eligible atoms: differencing
 *    never isolates fewer than k people.
 * 2. **Small cells.** Results that split atoms — months, IAP2 levels,
 *    department pairs, programs, administrations' spans, departments'
 *    evaluations — are checked cell by cell: a cell with 1..k−1 distinct
 *    employees is suppressed (its values become null, `suppressed` is true).
 *    If one cell of such a table is suppressed, the next smallest cells are
 *    too until the suppressed cells together hold ≥ k employees, so a row or
 *    column total cannot give a suppressed cell back by subtraction; if that
 *    is impossible, the note says the table's total is withheld
 *    (complementary suppression). Rows that are unions of whole atoms
 *    (departments, department × channel) cannot leak by subtraction (layer 1
 *    removed their small parts from every total too); they are only marked
 *    suppressed when their real count is 1..k−1, so "< k" shows, not a zero.
 *
 * Individual-level methods (scorecards, employee tables, the SQL console,
 * per-employee exports, imports) are refused in Leadership.
 */
import { Bool, Field, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { rows as scopedRows } from './departmentScope';
import { dropTempDerived, refreshDerived } from './derived';
import { ARROW_META_NOTES } from '../common/api';
import { SotongError } from '../common/result';

export const DEFAULT_K = 5;
export type Profile = 'analyst' | 'leadership';

/** Methods the Leadership profile may call: aggregates and the app's own bookkeeping. */
export const LEADERSHIP_METHODS: ReadonlySet<string> = new Set([
  'info', 'cancel', 'catalog',
  'departmentTable', 'departmentTotals', 'departmentSeries', 'departmentChannelMatrix', 'depthProfile',
  'collaborationMatrix', 'collaborationIndex', 'advisorEffect',
  'listAdministrations', 'continuity', 'continuitySummary', 'programTimeline',
  'evaluationPeriods', 'evaluationDepartments',
  'getProfile', 'setProfile', 'logExport',
]);

/** Builds the leadership view of the data on `conn` (temp tables shadow the real ones on that connection only). */
export async function buildLeadershipView(conn: DuckDBConnection, k: number): Promise<void> {
  await conn.run('DROP TABLE IF EXISTS temp.participations');
  await conn.run('DROP TABLE IF EXISTS temp.events');
  await conn.run(`CREATE OR REPLACE TEMP TABLE priv_atoms AS
    SELECT coalesce(p.department_id, emp.department_id) AS department_id, year(e.occurred_on) AS year, e.channel,
           count(DISTINCT p.employee_id)::INTEGER AS staff
    FROM main.participations p
    JOIN main.events e USING (event_id)
    LEFT JOIN main.employees emp ON emp.employee_id = p.employee_id
    GROUP BY ALL`);
  await conn.run(
    `CREATE TEMP TABLE participations AS
     SELECT p.* FROM main.participations p
     JOIN main.events e USING (event_id)
     LEFT JOIN main.employees emp ON emp.employee_id = p.employee_id
     JOIN priv_atoms a ON a.department_id IS NOT DISTINCT FROM coalesce(p.department_id, emp.department_id)
                      AND a.year = year(e.occurred_on) AND a.channel = e.channel
     WHERE a.staff >= $k OR a.staff = 0`,
    { k },
  );
  await conn.run('CREATE TEMP TABLE events AS SELECT e.* FROM main.events e WHERE e.event_id IN (SELECT event_id FROM temp.participations)');
  // The metric engines read the derived tables (derived.ts): shadow them too, built from the shadows above.
  await refreshDerived(conn, { temp: true });
}

/** Drops the shadows: the connection sees the real tables again. */
export async function dropLeadershipView(conn: DuckDBConnection): Promise<void> {
  for (const t of ['participations', 'events', 'priv_atoms']) await conn.run(`DROP TABLE IF EXISTS temp.${t}`);
  await dropTempDerived(conn);
}

interface ScopeLike {
  from?: string;
  to?: string;
  programs?: string[];
}

/** Refuses what Leadership may not ask: individual-level methods, sub-year windows, program filters. */
export function checkLeadershipRequest(method: string, request: unknown): void {
  if (!LEADERSHIP_METHODS.has(method)) {
    throw new SotongError('FORBIDDEN', `Not available in the Leadership profile: "${method}" shows individual-level data. Switch to the Analyst profile (recorded in the audit log).`, {
      method,
    });
  }
  const scope = (request as { scope?: ScopeLike } | undefined)?.scope;
  if (!scope) return;
  if (scope.from && !/-01-01$/.test(scope.from)) {
    throw new SotongError('VALIDATION', 'scope.from: in the Leadership profile a window starts on 1 January (whole calendar years), so that no difference of two views isolates a few people.', {
      field: 'scope.from',
    });
  }
  if (scope.to && !/-12-31$/.test(scope.to)) {
    throw new SotongError('VALIDATION', 'scope.to: in the Leadership profile a window ends on 31 December (whole calendar years).', { field: 'scope.to' });
  }
  if (scope.programs?.length) {
    throw new SotongError('VALIDATION', 'scope.programs: the Leadership profile does not filter by program (a program can be run by very few people).', {
      field: 'scope.programs',
    });
  }
}

// ------------------------------------------------------------ small cells

interface ScopeParams {
  from: string;
  to: string;
  channels: string[];
  departments: string[];
  bureaus: string[];
}

function scopeParams(request: unknown): ScopeParams {
  const s = ((request as { scope?: Record<string, unknown> } | undefined)?.scope ?? {}) as Record<string, unknown>;
  return {
    from: (s.from as string | undefined) ?? '0001-01-01',
    to: (s.to as string | undefined) ?? '9999-12-31',
    channels: (s.channels as string[] | undefined) ?? [],
    departments: (s.departments as string[] | undefined) ?? [],
    bureaus: (s.bureaus as string[] | undefined) ?? [],
  };
}

/** Participations in scope (on the leadership view) with their effective department, month, channel, spectrum. */
const SCOPED = `sc AS (
  SELECT p.event_id, p.employee_id, coalesce(p.department_id, emp.department_id) AS department_id,
         date_trunc('month', e.occurred_on)::DATE AS month, e.channel, e.spectrum, e.program
  FROM participations p JOIN events e USING (event_id)
  LEFT JOIN employees emp ON emp.employee_id = p.employee_id
  WHERE e.occurred_on BETWEEN $from::DATE AND $to::DATE
    AND (len($channels) = 0 OR list_contains($channels, e.channel)))`;

/** Rows restricted to the departments the scope lists (departments or bureaus filter). */
const ROW_FILTER = `(len($departments) = 0 OR list_contains($departments, department_id))
  AND (len($bureaus) = 0 OR department_id IN (SELECT department_id FROM departments WHERE list_contains($bureaus, bureau)))`;

/**
 * The same, on the real tables, not the leadership view: to mark what layer 1
 * removed. `main.x` would find the temp shadow (temp is searched first), so
 * the database's own catalog is named.
 */
const SCOPED_MAIN = SCOPED.replace('FROM participations p JOIN events e', 'FROM "$db".main.participations p JOIN "$db".main.events e');

async function databaseName(conn: DuckDBConnection): Promise<string> {
  const r = (await conn.runAndReadAll('SELECT current_database() AS db')).getRowObjectsJS()[0];
  return String(r?.db ?? 'memory').replaceAll('"', '""');
}

/**
 * Per method: SQL giving the distinct-employee count of each output row,
 * keyed by the output's key columns. `union`: the rows are unions of whole
 * atoms, so layer 1 already protects them against differencing; their counts
 * come from the real tables, to mark rows whose small groups layer 1 removed
 * (shown as "< k" rather than as a misleading zero).
 */
const CELL_COUNTS: Record<string, { keys: string[]; sql: (request: unknown) => string; union?: boolean }> = {
  departmentTable: {
    keys: ['department_id'],
    union: true,
    sql: () => `WITH ${SCOPED_MAIN} SELECT department_id, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`,
  },
  collaborationIndex: {
    keys: ['department_id'],
    union: true,
    sql: () => `WITH ${SCOPED_MAIN} SELECT department_id, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`,
  },
  departmentChannelMatrix: {
    keys: ['department_id', 'channel'],
    union: true,
    sql: () => `WITH ${SCOPED_MAIN} SELECT department_id, channel, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`,
  },
  depthProfile: {
    keys: ['department_id', 'spectrum'],
    sql: () => `WITH ${SCOPED} SELECT department_id, spectrum, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`,
  },
  departmentSeries: {
    keys: ['month', 'key'],
    sql: (r) =>
      (r as { by?: string }).by === 'channel'
        ? `WITH ${SCOPED} SELECT strftime(month, '%Y-%m-%d') AS month, channel AS key, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`
        : `WITH ${SCOPED} SELECT strftime(month, '%Y-%m-%d') AS month, department_id AS key, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`,
  },
  collaborationMatrix: {
    keys: ['department_id', 'partner_id'],
    sql: () => `WITH ${SCOPED},
      ed AS (SELECT DISTINCT event_id, department_id FROM sc WHERE department_id IS NOT NULL),
      pairs AS (SELECT a.event_id, a.department_id AS d1, b.department_id AS d2 FROM ed a JOIN ed b ON a.event_id = b.event_id AND a.department_id <> b.department_id)
      SELECT pairs.d1 AS department_id, pairs.d2 AS partner_id, count(DISTINCT sc.employee_id) AS staff
      FROM pairs JOIN sc ON sc.event_id = pairs.event_id AND sc.department_id IN (pairs.d1, pairs.d2)
      GROUP BY ALL`,
  },
  continuitySummary: {
    keys: ['administration_id'],
    sql: () => `WITH ${SCOPED} SELECT a.administration_id, count(DISTINCT sc.employee_id) AS staff
      FROM administrations a JOIN sc ON sc.month BETWEEN date_trunc('month', a.starts_on) AND coalesce(a.ends_on, DATE '9999-12-31')
      GROUP BY ALL`,
  },
  evaluationDepartments: {
    keys: ['department_id'],
    // The evaluated population per department: the result's own n column is that count.
    sql: () => `SELECT NULL AS department_id, 0 AS staff WHERE false`,
  },
  programTimeline: {
    keys: ['program'],
    sql: () => `WITH ${SCOPED} SELECT program, count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER} GROUP BY ALL`,
  },
};

async function cellCounts(conn: DuckDBConnection, sql: string, request: unknown): Promise<Record<string, unknown>[]> {
  const p = scopeParams(request);
  return scopedRows(conn, sql, {
    from: p.from,
    to: p.to,
    channels: listValue(p.channels),
    departments: listValue(p.departments),
    bureaus: listValue(p.bureaus),
  });
}

/** Columns that identify a row (never suppressed). */
const KEY_COLUMNS = new Set(['department_id', 'partner_id', 'name', 'name_en', 'bureau', 'channel', 'spectrum', 'month', 'program', 'administration_id', 'starts_on', 'ends_on']);

const keyOf = (values: unknown[]): string => JSON.stringify(values.map((v) => (v === undefined ? null : v)));

/**
 * Chooses the suppressed rows: every row with 1..k−1 employees, then
 * (complementary suppression) the smallest other rows until the suppressed
 * rows together hold ≥ k employees. Returns the set and whether that
 * succeeded (false: a total over these rows must be withheld).
 */
export function chooseSuppressed(staff: number[], k: number, complementary = true): { suppressed: Set<number>; safe: boolean } {
  const suppressed = new Set<number>();
  let held = 0;
  staff.forEach((n, i) => {
    if (n > 0 && n < k) {
      suppressed.add(i);
      held += n;
    }
  });
  if (suppressed.size === 0 || !complementary) return { suppressed, safe: true };
  const rest = staff.map((n, i) => ({ n, i })).filter((x) => x.n > 0 && !suppressed.has(x.i)).sort((a, b) => a.n - b.n);
  while (held < k && rest.length) {
    const next = rest.shift()!;
    suppressed.add(next.i);
    held += next.n;
  }
  return { suppressed, safe: held >= k };
}

/** Applies small-cell suppression to an Arrow result of `method`. Unknown methods pass (layer 1 still holds). */
export async function suppressArrow(conn: DuckDBConnection, method: string, request: unknown, bytes: Uint8Array, k: number): Promise<Uint8Array> {
  const spec = CELL_COUNTS[method];
  if (!spec) return bytes;
  const counts = await cellCounts(conn, spec.sql(request).replaceAll('"$db"', `"${await databaseName(conn)}"`), request);
  const byKey = new Map(counts.map((r) => [keyOf(spec.keys.map((c) => (r[c] === undefined ? null : r[c]))), Number(r.staff)]));
  const table = tableFromIPC(bytes);
  const keyCols = spec.keys.map((c) => (c === 'key' ? (table.schema.fields.some((f) => f.name === 'channel') ? 'channel' : 'department_id') : c));
  const keyVectors = keyCols.map((c) => table.getChild(c));
  const staff: number[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const key = keyOf(keyVectors.map((v, j) => {
      const x = v?.get(i);
      if (keyCols[j] === 'month' && typeof x === 'number') return new Date(x).toISOString().slice(0, 10);
      return x ?? null;
    }));
    staff.push(method === 'evaluationDepartments' ? Number(table.getChild('n')?.get(i) ?? 0) : (byKey.get(key) ?? 0));
  }
  const { suppressed, safe } = chooseSuppressed(staff, k, !spec.union);
  const meta = new Map(table.schema.metadata);
  const notes = meta.get(ARROW_META_NOTES) ? (JSON.parse(meta.get(ARROW_META_NOTES)!) as Record<string, string>) : {};
  notes.suppressed = `Leadership profile: ${suppressed.size} cell(s) with fewer than ${k} employees (or needed to protect them) are suppressed.`;
  if (!safe) notes.total_withheld = `Totals over these rows are withheld: the suppressed cells together hold fewer than ${k} employees.`;
  meta.set(ARROW_META_NOTES, JSON.stringify(notes));
  meta.set('sotong.suppression_k', String(k));
  const fields = [...table.schema.fields, new Field('suppressed', new Bool(), false)];
  const vectors: Vector[] = table.schema.fields.map((f) => {
    const v = table.getChild(f.name)!;
    const hide = !KEY_COLUMNS.has(f.name);
    return vectorFromArray(Array.from({ length: table.numRows }, (_, i) => (hide && suppressed.has(i) ? null : v.get(i))), f.type);
  });
  vectors.push(vectorFromArray(Array.from({ length: table.numRows }, (_, i) => suppressed.has(i)), new Bool()));
  const schema = new Schema(fields, meta);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: table.numRows, nullCount: 0, children: vectors.map((v) => v.data[0]!) }));
  return tableToIPC(new Table(schema, [batch]), 'stream');
}

// ------------------------------------------------------------ JSON results

const withheld = (k: number) => `Withheld in the Leadership profile: fewer than ${k} employees (or a table whose small cells could be recovered from it).`;

/** Suppression of the JSON results of `method` (totals, continuity, advisor effect). */
export async function suppressJson(conn: DuckDBConnection, method: string, request: unknown, value: unknown, k: number): Promise<unknown> {
  if (method === 'departmentTotals') {
    const t = value as Record<string, unknown> & { notes: Record<string, string> };
    // Totals are sums over whole eligible atoms (layer 1); only a city total of 1..k−1 people is withheld.
    const city = await cellCounts(conn, `WITH ${SCOPED} SELECT count(DISTINCT employee_id) AS staff FROM sc WHERE ${ROW_FILTER}`, request);
    const n = Number(city[0]?.staff ?? 0);
    if (n > 0 && n < k) {
      const out: Record<string, unknown> = { ...t, notes: { ...t.notes, suppressed: withheld(k) } };
      for (const key of Object.keys(t)) if (key !== 'notes' && key !== 'departments' && key !== 'headcount') out[key] = null;
      return out;
    }
    return value;
  }
  if (method === 'continuity') {
    const c = { ...(value as Record<string, unknown>) };
    const notes = [...((c.notes as string[] | undefined) ?? [])];
    const before = Number(c.staff_engaged_before ?? 0);
    if (before > 0 && before < k) {
      c.staff_retention = null;
      c.staff_retained = null;
      c.staff_left = null;
      c.staff_engaged_before = null;
      c.staff_retention_note = withheld(k);
    }
    const ranks = (c.department_ranks as { department_id: string }[] | undefined) ?? [];
    if (ranks.length) {
      const staff = await cellCounts(conn, `WITH ${SCOPED} SELECT department_id, count(DISTINCT employee_id) AS staff FROM sc GROUP BY ALL`, {});
      const byDept = new Map(staff.map((r) => [String(r.department_id), Number(r.staff)]));
      const { suppressed } = chooseSuppressed(ranks.map((r) => byDept.get(r.department_id) ?? 0), k);
      c.department_ranks = ranks.map((r, i) =>
        suppressed.has(i) ? { department_id: r.department_id, name: (r as { name?: string }).name ?? null, hours_per_head_before: null, hours_per_head_after: null, rank_before: null, rank_after: null, suppressed: true } : { ...r, suppressed: false },
      );
    }
    const its = c.its as { fitted?: { month: string; y: number | null }[] } | null;
    if (its?.fitted?.length) {
      const monthly = await cellCounts(conn, `WITH ${SCOPED} SELECT strftime(month, '%Y-%m') AS m, count(DISTINCT employee_id) AS staff FROM sc GROUP BY ALL`, {});
      const byMonth = new Map(monthly.map((r) => [String(r.m), Number(r.staff)]));
      let hidden = 0;
      c.its = {
        ...its,
        fitted: its.fitted.map((pt) => {
          const n = byMonth.get(String(pt.month).slice(0, 7)) ?? 0;
          if (n > 0 && n < k) {
            hidden++;
            return { ...pt, y: null };
          }
          return pt;
        }),
      };
      if (hidden) notes.push(`Leadership profile: ${hidden} month(s) with fewer than ${k} active employees are not shown.`);
    }
    c.notes = notes;
    return c;
  }
  if (method === 'advisorEffect') {
    const a = { ...(value as Record<string, unknown>) };
    a.comparisons = [];
    const treated = (a.treated_departments as string[] | undefined) ?? [];
    if (treated.length) {
      const staff = await cellCounts(conn, `WITH ${SCOPED} SELECT count(DISTINCT employee_id) AS staff FROM sc WHERE list_contains($departments, department_id)`, { scope: { departments: treated } });
      const n = Number(staff[0]?.staff ?? 0);
      if (n > 0 && n < k) {
        for (const key of ['did', 'treated_before', 'treated_after', 'control_before', 'control_after']) a[key] = null;
        a.caveat = withheld(k);
      }
    }
    return a;
  }
  return value;
}
