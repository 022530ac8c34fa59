/**
 * Validation and normalization, set-based in DuckDB: one CREATE TABLE AS
 * parses every mapped column of `imp_raw` into `imp_norm` (typed values,
 * defaults, vocabulary joins, a `_bad` flag), and a few queries then list
 * the problems with their source row, column, value and reason: bad values,
 * keys repeated in the file, events whose rows disagree, keys already in the
 * workspace. Rules: SPEC "Import rules" and issue 3.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { pseudonymSql } from '../secrets';
import { KIND_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportKind, type ImportProblem } from '../../common/importApi';
import { dateSql, mapGroups, mapVocab, maxDate, minDate, periodSql, VOCAB_FIELDS, type VocabField } from './normalize';

type FieldType = 'text' | 'id' | 'date' | 'vocab' | 'groups' | 'hours' | 'count' | 'score' | 'period';

const FIELD_TYPES: Record<string, FieldType> = {
  event_id: 'id', employee_id: 'id', department_id: 'id', administration_id: 'id',
  program: 'text', grade: 'text', name: 'text', name_en: 'text', bureau: 'text', head: 'text', agenda: 'text',
  occurred_on: 'date', hired_on: 'date', left_on: 'date', advisor_since: 'date', starts_on: 'date', ends_on: 'date',
  channel: 'vocab', role: 'vocab', outcome: 'vocab', spectrum: 'vocab',
  stakeholder_groups: 'groups', hours: 'hours', citizens_reached: 'count', performance_score: 'score', period: 'period',
};

/** Event attributes that must agree across the rows of one event_id. */
export const EVENT_FIELDS = ['occurred_on', 'channel', 'program', 'citizens_reached', 'stakeholder_groups', 'outcome', 'spectrum'] as const;

/** Logical keys (SPEC "Data model"); participations: (event_id, employee_id), or department when no employee. */
export const KEYS: Record<ImportKind, string[]> = {
  participations: ['event_id', 'k'],
  employees: ['employee_id'],
  departments: ['department_id'],
  evaluations: ['employee_id', 'period'],
  administrations: ['administration_id'],
};

export interface NormContext {
  kind: ImportKind;
  mapping: ColumnMapping[];
  /** imp_raw column of the first source column (XLSX: 1). */
  firstColumn: number;
  rowSource: string;
  xlsx: boolean;
  /** HMAC pads of the pseudonymization secret (see secrets.ts), or null. */
  secret: { ipad: string; opad: string } | null;
}

interface Check {
  field: string;
  cond: string;
  reason: string;
}

export interface NormResult {
  /** Field → source column name (for problem reports). */
  columnOf: Map<string, string>;
  checks: Check[];
  warnings: string[];
  mappedToOther: Record<string, number>;
}

const sqlStr = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Builds imp_vmap / imp_lmap from the distinct raw values of the vocabulary columns. */
async function buildVocabMaps(conn: DuckDBConnection, rawOf: Map<string, string>): Promise<void> {
  await conn.run('CREATE TEMP TABLE imp_vmap (f VARCHAR, v VARCHAR, norm VARCHAR, unknown BOOLEAN)');
  await conn.run('CREATE TEMP TABLE imp_lmap (v VARCHAR, norm VARCHAR[], unknown INTEGER)');
  const vocab = VOCAB_FIELDS.filter((f) => rawOf.has(f));
  const parts = vocab.map((f) => `SELECT ${sqlStr(f)} AS f, ${rawOf.get(f)} AS v FROM imp_raw GROUP BY 2`);
  if (rawOf.has('stakeholder_groups')) parts.push(`SELECT 'stakeholder_groups' AS f, ${rawOf.get('stakeholder_groups')} AS v FROM imp_raw GROUP BY 2`);
  if (parts.length === 0) return;
  const distinct = (await conn.runAndReadAll(parts.join(' UNION ALL '))).getRowObjectsJS();
  const vrows: { f: string; v: string; norm: string; unknown: boolean }[] = [];
  const lrows: { v: string; norm: string[]; unknown: number }[] = [];
  for (const r of distinct) {
    if (r.v === null) continue;
    const v = String(r.v);
    if (r.f === 'stakeholder_groups') {
      const g = mapGroups(v);
      lrows.push({ v, norm: g.values, unknown: g.unknown });
    } else {
      const m = mapVocab(r.f as VocabField, v);
      vrows.push({ f: String(r.f), v, norm: m.value, unknown: !m.known });
    }
  }
  if (vrows.length) {
    await conn.run(
      `INSERT INTO imp_vmap SELECT unnest(from_json($1, '[{"f":"VARCHAR","v":"VARCHAR","norm":"VARCHAR","unknown":"BOOLEAN"}]'), recursive := true)`,
      [JSON.stringify(vrows)],
    );
  }
  if (lrows.length) {
    await conn.run(`INSERT INTO imp_lmap SELECT unnest(from_json($1, '[{"v":"VARCHAR","norm":["VARCHAR"],"unknown":"INTEGER"}]'), recursive := true)`, [
      JSON.stringify(lrows),
    ]);
  }
}

/**
 * Creates imp_norm: `_row`, `r_<field>` (trimmed source text, NULL when
 * empty), `<field>` (typed, normalized, defaults applied), `u_<field>`
 * (unknown vocabulary values), `d_<field>` (defaulted), `_bad`.
 */
export async function buildNorm(conn: DuckDBConnection, ctx: NormContext): Promise<NormResult> {
  const fields = KIND_FIELDS[ctx.kind] as readonly string[];
  const rawOf = new Map<string, string>();
  const columnOf = new Map<string, string>();
  ctx.mapping.forEach((m, i) => {
    if (!m.field) return;
    // Trimming is costly on millions of rows: only ids and text need it; the
    // number and date parsers skip spaces, vocabulary values are matched in JS.
    const c = `c${i + ctx.firstColumn}`;
    const t = FIELD_TYPES[m.field];
    rawOf.set(m.field, t === 'id' || t === 'text' || t === 'period' ? `nullif(trim(${c}), '')` : `nullif(${c}, '')`);
    columnOf.set(m.field, m.source);
  });
  for (const f of fields) if (!columnOf.has(f)) columnOf.set(f, f);
  await buildVocabMaps(conn, rawOf);

  const warnings: string[] = [];
  const participations = ctx.kind === 'participations';
  const hasDept = fields.includes('department_id') && rawOf.has('department_id');
  if (hasDept) {
    // Department values that are names (부서명) rather than ids resolve to the id.
    await conn.run(
      `CREATE TEMP TABLE imp_dmap AS
       SELECT v, coalesce(d.department_id, n.department_id) AS id, d.department_id IS NULL AND n.department_id IS NOT NULL AS by_name
       FROM (SELECT DISTINCT ${rawOf.get('department_id')} AS v FROM imp_raw) s
       LEFT JOIN (SELECT DISTINCT department_id FROM departments) d ON d.department_id = s.v
       LEFT JOIN (SELECT name AS nm, min(department_id) AS department_id FROM departments WHERE name IS NOT NULL GROUP BY name
                  UNION ALL SELECT name_en, min(department_id) FROM departments WHERE name_en IS NOT NULL GROUP BY name_en) n ON n.nm = s.v
       WHERE s.v IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY v ORDER BY by_name) = 1`,
    );
    const byName = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM imp_dmap WHERE by_name')).getRowObjectsJS()[0]?.n ?? 0);
    if (byName > 0) warnings.push(`${byName} department name(s) were resolved to their department_id using the departments table.`);
  }
  if (participations) {
    await conn.run('CREATE TEMP TABLE imp_emp AS SELECT employee_id, any_value(department_id) AS department_id FROM employees GROUP BY employee_id');
  }

  const src: string[] = ['_row'];
  for (const f of fields) {
    const raw = rawOf.get(f) ?? 'NULL::VARCHAR';
    src.push(`${raw} AS r_${f}`);
    if (FIELD_TYPES[f] === 'count') src.push(`try_cast(replace(${raw}, ',', '') AS DOUBLE) AS n_${f}`);
  }
  const secret = ctx.secret;
  const pseudo = (x: string) => (secret ? pseudonymSql(x, secret) : x);

  const sel: string[] = ['s.*'];
  const joins: string[] = [];
  const checks: Check[] = [];
  const max = maxDate();
  const required = new Set(REQUIRED_FIELDS[ctx.kind]);
  for (const f of fields) {
    const r = `s.r_${f}`;
    const type = FIELD_TYPES[f]!;
    if (required.has(f)) checks.push({ field: f, cond: `r_${f} IS NULL`, reason: 'required value is empty' });
    switch (type) {
      case 'id':
        if (f === 'employee_id') sel.push(`${pseudo(r)} AS ${f}`);
        else if (f === 'department_id' && hasDept) {
          joins.push(`LEFT JOIN imp_dmap dm ON dm.v = ${r}`);
          if (participations) sel.push(`coalesce(dm.id, ${r}, e.department_id) AS ${f}`, `(${r} IS NULL AND e.department_id IS NOT NULL) AS d_${f}`);
          else sel.push(`coalesce(dm.id, ${r}) AS ${f}`);
        } else if (f === 'department_id' && participations) sel.push(`e.department_id AS ${f}`, `(e.department_id IS NOT NULL) AS d_${f}`);
        else sel.push(`${r} AS ${f}`);
        break;
      case 'text':
        sel.push(`${r} AS ${f}`);
        break;
      case 'date':
        sel.push(`${dateSql(r, ctx.xlsx)} AS ${f}`);
        checks.push({ field: f, cond: `r_${f} IS NOT NULL AND ${f} IS NULL`, reason: 'not a date (use YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD, YYYYMMDD or 2019년 3월 5일)' });
        checks.push({ field: f, cond: `${f} < DATE '${minDate(f)}' OR ${f} > DATE '${max}'`, reason: `date outside ${minDate(f)}..${max}` });
        break;
      case 'vocab': {
        const a = `vm_${f}`;
        joins.push(`LEFT JOIN imp_vmap ${a} ON ${a}.f = '${f}' AND ${a}.v = ${r}`);
        const dflt = f === 'role' ? "'participant'" : 'NULL';
        sel.push(`coalesce(${a}.norm, ${dflt}) AS ${f}`, `coalesce(${a}.unknown, false) AS u_${f}`);
        if (f === 'role') sel.push(`(${r} IS NULL) AS d_${f}`);
        break;
      }
      case 'groups':
        joins.push(`LEFT JOIN imp_lmap lm ON lm.v = ${r}`);
        sel.push(`lm.norm AS ${f}`, `coalesce(lm.unknown, 0) AS u_${f}`);
        break;
      case 'hours':
        sel.push(`CASE WHEN ${r} IS NULL THEN 0 ELSE try_cast(${r} AS DOUBLE) END AS ${f}`, `(${r} IS NULL) AS d_${f}`);
        checks.push({ field: f, cond: `r_${f} IS NOT NULL AND ${f} IS NULL`, reason: 'not a number' });
        checks.push({ field: f, cond: `${f} < 0 OR ${f} > 24 OR isnan(${f})`, reason: 'hours must be between 0 and 24' });
        break;
      case 'count': {
        // Parsed once in the source level (n_<field>), then range-checked.
        const d = `s.n_${f}`;
        sel.push(`CASE WHEN ${d} >= 0 AND ${d} = floor(${d}) AND ${d} <= 2147483647 THEN CAST(${d} AS INTEGER) END AS ${f}`);
        checks.push({ field: f, cond: `r_${f} IS NOT NULL AND n_${f} IS NULL`, reason: 'not a number' });
        checks.push({ field: f, cond: `n_${f} < 0`, reason: 'must not be negative' });
        checks.push({ field: f, cond: `n_${f} >= 0 AND n_${f} <> floor(n_${f})`, reason: 'must be a whole number' });
        checks.push({ field: f, cond: `n_${f} > 2147483647`, reason: 'too large' });
        break;
      }
      case 'score':
        sel.push(`try_cast(${r} AS DOUBLE) AS ${f}`);
        checks.push({ field: f, cond: `r_${f} IS NOT NULL AND ${f} IS NULL`, reason: 'not a number' });
        checks.push({ field: f, cond: `${f} < 0 OR ${f} > 100 OR isnan(${f})`, reason: 'performance_score must be between 0 and 100' });
        break;
      case 'period':
        sel.push(`${periodSql(r)} AS ${f}`);
        checks.push({ field: f, cond: `r_${f} IS NOT NULL AND ${f} IS NULL`, reason: 'not a period (2019, 2019H1 or 2019H2)' });
        break;
    }
  }
  if (participations) {
    joins.push(`LEFT JOIN imp_emp e ON e.employee_id = ${pseudo('s.r_employee_id')}`);
    checks.push({ field: 'employee_id', cond: 'employee_id IS NULL AND department_id IS NULL', reason: 'a participation needs an employee_id or a department_id' });
  }
  if (ctx.kind === 'employees') checks.push({ field: 'left_on', cond: 'left_on < hired_on', reason: 'left_on is before hired_on' });
  if (ctx.kind === 'administrations') checks.push({ field: 'ends_on', cond: 'ends_on < starts_on', reason: 'ends_on is before starts_on' });

  let parsed = `SELECT ${sel.join(', ')} FROM (SELECT ${src.join(', ')} FROM ${ctx.rowSource}) s ${joins.join(' ')}`;
  if (participations) {
    // The key of a department-level row is its department (resolved above).
    parsed = `SELECT *, coalesce(employee_id, '#' || department_id) AS k FROM (${parsed})`;
  }
  const bad = checks.map((c) => `coalesce(${c.cond}, false)`).join(' OR ') || 'false';
  await conn.run(`CREATE TEMP TABLE imp_norm AS SELECT *, (${bad}) AS _bad FROM (${parsed})`);

  const mappedToOther: Record<string, number> = {};
  const otherParts = [...VOCAB_FIELDS.filter((f) => fields.includes(f) && rawOf.has(f)).map((f) => `count(*) FILTER (WHERE u_${f})::BIGINT AS ${f}`)];
  if (rawOf.has('stakeholder_groups') && fields.includes('stakeholder_groups')) otherParts.push('sum(u_stakeholder_groups)::BIGINT AS stakeholder_groups');
  if (otherParts.length) {
    const row = (await conn.runAndReadAll(`SELECT ${otherParts.join(', ')} FROM imp_norm WHERE NOT _bad`)).getRowObjectsJS()[0] ?? {};
    for (const [k, v] of Object.entries(row)) if (Number(v ?? 0) > 0) mappedToOther[k] = Number(v);
    const unknown = (
      await conn.runAndReadAll(`SELECT f, list(v ORDER BY v)[1:10] AS vs, count(*)::BIGINT AS n FROM imp_vmap WHERE unknown GROUP BY f ORDER BY f`)
    ).getRowObjectsJS();
    for (const u of unknown) {
      if (!mappedToOther[String(u.f)]) continue; // only values of rows that were accepted
      warnings.push(`${String(u.f)}: ${Number(u.n)} unknown value(s) stored as "other": ${(u.vs as string[]).map((v) => JSON.stringify(v)).join(', ')}${Number(u.n) > 10 ? ', …' : ''}`);
    }
    if (mappedToOther.stakeholder_groups) warnings.push(`stakeholder_groups: ${mappedToOther.stakeholder_groups} unknown group(s) stored as "other".`);
  }
  return { columnOf, checks, warnings, mappedToOther };
}

/** Problems of single rows (bad values), from the rows flagged `_bad`. */
export async function rowProblems(conn: DuckDBConnection, norm: NormResult): Promise<void> {
  await conn.run('CREATE TEMP TABLE imp_prob (row BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR)');
  if (norm.checks.length === 0) return;
  const structs = norm.checks.map(
    (c) => `{'c': ${sqlStr(norm.columnOf.get(c.field) ?? c.field)}, 'v': r_${c.field}, 'why': CASE WHEN coalesce(${c.cond}, false) THEN ${sqlStr(c.reason)} END}`,
  );
  await conn.run(
    `INSERT INTO imp_prob SELECT _row, p.c, p.v, p.why FROM (
       SELECT _row, unnest(list_filter([${structs.join(', ')}], x -> x.why IS NOT NULL)) AS p FROM imp_norm WHERE _bad)`,
  );
}

/** Marks rows bad (skip mode removes them; reject mode rejects the file). */
async function flagRows(conn: DuckDBConnection): Promise<void> {
  await conn.run('UPDATE imp_norm SET _bad = true WHERE NOT _bad AND _row IN (SELECT row FROM imp_prob)');
}

/** Keys appearing twice in the file: the later rows are problems naming the first. */
export async function duplicateKeys(conn: DuckDBConnection, kind: ImportKind, norm: NormResult): Promise<number> {
  const keys = KEYS[kind];
  const keyCols = keys.join(', ');
  await conn.run(
    `CREATE TEMP TABLE imp_dupkeys AS SELECT ${keyCols}, min(_row) AS first_row FROM imp_norm WHERE NOT _bad GROUP BY ${keyCols} HAVING count(*) > 1`,
  );
  const label = keys.map((k) => (k === 'k' ? 'employee_id' : k));
  const col = norm.columnOf.get(label[label.length - 1]!) ?? label[label.length - 1]!;
  const shown = keys.map((k) => (k === 'k' ? `n.k` : `n.${k}`)).join(` || ', ' || `);
  const r = await conn.runAndReadAll(
    `INSERT INTO imp_prob SELECT n._row, ${sqlStr(col)}, ${shown},
       'duplicate key (${label.join(', ')}): same as row ' || d.first_row
     FROM imp_norm n JOIN imp_dupkeys d USING (${keyCols}) WHERE NOT n._bad AND n._row <> d.first_row`,
  );
  const n = Number(r.getRowObjectsJS()[0]?.Count ?? 0);
  if (n > 0) await flagRows(conn);
  return n;
}

/**
 * Events: one row per event_id from the accepted rows (`imp_ev`), and the
 * rows that disagree with the first row of their event on an attribute,
 * each reported with both row numbers. Empty cells do not disagree.
 */
export async function buildEvents(conn: DuckDBConnection, norm: NormResult, check: boolean): Promise<number> {
  const agg = EVENT_FIELDS.map((f) => `max(${f}) AS ${f}`).join(', ');
  const differs = EVENT_FIELDS.map((f) => `min(${f}) IS DISTINCT FROM max(${f}) AS x_${f}`).join(', ');
  await conn.run('DROP TABLE IF EXISTS imp_ev');
  await conn.run(`CREATE TEMP TABLE imp_ev AS SELECT event_id, min(_row) AS first_row, ${agg}, ${differs} FROM imp_norm WHERE NOT _bad GROUP BY event_id`);
  if (!check) return 0;
  let total = 0;
  for (const f of EVENT_FIELDS) {
    const col = sqlStr(norm.columnOf.get(f) ?? f);
    // The first row of the event that has a value is the reference.
    const r = await conn.runAndReadAll(
      `INSERT INTO imp_prob
       WITH rows AS (SELECT n._row, n.event_id, n.${f} AS v, n.r_${f} AS raw FROM imp_norm n SEMI JOIN (SELECT event_id FROM imp_ev WHERE x_${f}) x USING (event_id)
                     WHERE NOT n._bad AND n.${f} IS NOT NULL),
            ref AS (SELECT event_id, arg_min(_row, _row) AS ref_row, arg_min(v, _row) AS ref_v, arg_min(raw, _row) AS ref_raw FROM rows GROUP BY event_id)
       SELECT rows._row, ${col}, rows.raw,
              'event ' || rows.event_id || ': ${f} differs from row ' || ref.ref_row || ' (' || coalesce(ref.ref_raw, '') || ')'
       FROM rows JOIN ref USING (event_id) WHERE rows.v IS DISTINCT FROM ref.ref_v`,
    );
    total += Number(r.getRowObjectsJS()[0]?.Count ?? 0);
  }
  if (total > 0) await flagRows(conn);
  return total;
}

/** Problem count, and the first 1000 problems by row. */
export async function collectProblems(conn: DuckDBConnection): Promise<{ count: number; rows: number; problems: ImportProblem[] }> {
  const c = (await conn.runAndReadAll('SELECT count(*)::BIGINT AS n, count(DISTINCT row)::BIGINT AS r FROM imp_prob')).getRowObjectsJS()[0];
  const list = (await conn.runAndReadAll('SELECT row::BIGINT AS row, column_name, value, reason FROM imp_prob ORDER BY row, column_name, reason LIMIT 1000')).getRowObjectsJS();
  return {
    count: Number(c?.n ?? 0),
    rows: Number(c?.r ?? 0),
    problems: list.map((p) => ({ row: Number(p.row), column: String(p.column_name ?? ''), value: p.value === null ? null : String(p.value), reason: String(p.reason) })),
  };
}

export { flagRows };
