/**
 * Validation and normalization, set-based in DuckDB, in as few passes over
 * the data as the rules allow. One CREATE TABLE AS reads the staged file
 * (DuckDB's parallel CSV reader) and parses every mapped column into
 * `imp_norm`: typed values (ids and text trimmed, dates, numbers), each
 * vocabulary value as its index in a short list of the raw values seen
 * ("seeds", mapped once per distinct value in JS, normalize.ts), `_bits`
 * (one bit per value check the row fails) and `_x` (JSON of the raw texts the
 * typed values cannot give back: unparsable or non-canonical values; NULL on
 * almost every row). Nothing else is materialized per row, so a 10-million-row
 * file stays within the memory limit. imp_norm's rowid is the record's
 * position in the file (`rid`; insertion order is preserved), turned into a
 * source row number only for the rows a problem names (load.ts rowOfSql).
 * A few aggregate queries then list the problems with their row, column,
 * value and reason: bad values, keys repeated in the file, events whose rows
 * disagree. Rules: SPEC "Import rules" and issue 3.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { pseudonymSql } from '../secrets';
import { VOCABULARIES } from '../../common/tables';
import { KIND_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportKind, type ImportProblem } from '../../common/importApi';
import { dateSql, mapGroups, mapVocab, maxDate, minDate, periodSql, VOCAB_FIELDS, type VocabField } from './normalize';
import { rejectedRecords, rowOfSql, type RawSource } from './load';

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

/** `_bits` flag of rows rejected after the value checks (duplicates, disagreeing events, conflicts). */
const FLAGGED = 2 ** 31;
/** Seeds taken from the sample per field; rarer values are mapped after the read. */
const MAX_SEEDS = 64;
const SAMPLE_ROWS = 20_000;

export interface NormContext {
  kind: ImportKind;
  mapping: ColumnMapping[];
  source: RawSource;
  /** HMAC pads of the pseudonymization secret (see secrets.ts), or null. */
  secret: { ipad: string; opad: string } | null;
}

interface Check {
  field: string;
  cond: string;
  reason: string;
  bit: number;
}

/** A distinct raw value of a vocabulary or stakeholder-groups column, and what it maps to. */
interface Seed {
  v: string;
  /** Vocabulary: index + 1 in CODES; groups: index + 1 in NormResult.groupLists. */
  code: number;
  /** Vocabulary: 1 when it became `other` for want of a match; groups: unknown items. */
  unknown: number;
}

export interface NormResult {
  kind: ImportKind;
  /** imp_norm holds a column for these fields (vocabulary fields: s_<field>). */
  mapped: Set<string>;
  /** Field → source column name (for problem reports). */
  columnOf: Map<string, string>;
  checks: Check[];
  warnings: string[];
  mappedToOther: Record<string, number>;
  seeds: Map<string, Seed[]>;
  /** Normalized stakeholder-group lists, by code - 1. */
  groupLists: string[][];
  /** Participations: the staff list has rows, so a row without department takes its employee's (imp_emp). */
  staffDepartments: boolean;
  /** Records read (in imp_norm + broken). */
  rowsRead: number;
  /** Broken CSV records (not in imp_norm): see structuralProblems. */
  structuralRows: number;
  /** SQL: the source row of a rid. */
  rowOf: (rid: string) => string;
  /** The sample's distinct values of the seeded fields (the first seeds). */
  sampled: Map<string, string[]>;
}

const sqlStr = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Vocabulary codes: the SPEC values, then `other` (unknown values). */
const CODES: Record<VocabField, string[]> = Object.fromEntries(
  VOCAB_FIELDS.map((f) => [f, [...new Set([...(VOCABULARIES[f] as readonly string[]), 'other'])]]),
) as Record<VocabField, string[]>;

const isSeeded = (t: FieldType | undefined) => t === 'vocab' || t === 'groups';
/** Event fields whose raw text must be recoverable (problems quote it): kept in _x when it differs from the typed value's text. */
const lossless = (t: FieldType | undefined) => t === 'date' || t === 'count';

/** The raw cell as the checks and the mapping see it: ids and text trimmed (only when needed: trim is slow), others as read. */
function rawExpr(type: FieldType, c: string): string {
  if (type === 'id' || type === 'text' || type === 'period') {
    // trim() removes Unicode spaces: only ASCII-only values without an edge space can skip it.
    return `CASE WHEN starts_with(${c}, ' ') OR ends_with(${c}, ' ') OR strlen(${c}) <> length(${c}) THEN nullif(trim(${c}), '') ELSE nullif(${c}, '') END`;
  }
  return `nullif(${c}, '')`;
}

/** SQL list literal of integers (seed codes). */
const intList = (xs: number[]) => `([${xs.join(', ')}]::INTEGER[])`;
/** SQL list literal of our own vocabulary strings (never file content). */
const vocabList = (xs: readonly string[]) => `([${xs.map(sqlStr).join(', ')}]::VARCHAR[])`;

/**
 * SQL: the normalized value of field `f` of imp_norm row `a`, comparable
 * across rows (vocabulary and groups as codes); NULL when not mapped.
 */
export function valueSql(norm: NormResult, f: string, a: string): string {
  if (!norm.mapped.has(f)) return 'NULL';
  if (isSeeded(FIELD_TYPES[f])) return `${intList(norm.seeds.get(f)!.map((s) => s.code))}[${a}.s_${f}]`;
  return `${a}.${f}`;
}

/** SQL: a normalized value (valueSql, or a column of imp_ev) as stored in its table: vocabulary as text, groups as a list. */
export function storedOfValue(norm: NormResult, f: string, value: string): string {
  const type = FIELD_TYPES[f];
  if (!norm.mapped.has(f)) return type === 'groups' ? 'NULL::VARCHAR[]' : 'NULL';
  if (type === 'vocab') return `${vocabList(CODES[f as VocabField])}[${value}]`;
  if (type === 'groups') return `([${norm.groupLists.map((l) => vocabList(l)).join(', ')}]::VARCHAR[][])[${value}]`;
  return value;
}

/** SQL: the value of field `f` of imp_norm row `a` as stored in its table, before defaults. */
export const storedSql = (norm: NormResult, f: string, a: string): string => storedOfValue(norm, f, valueSql(norm, f, a));

/**
 * SQL: the raw text of field `f` in imp_norm row `a`, as the source had it
 * (for problem reports). Vocabulary fields need `rawJoin(f, a)` in the FROM.
 */
export function rawSql(norm: NormResult, f: string, a: string): string {
  const type = FIELD_TYPES[f];
  if (!norm.mapped.has(f)) return 'NULL::VARCHAR';
  if (isSeeded(type)) return `coalesce(${a}._x->>'${f}', sd_${f}.v)`;
  if (lossless(type)) return `coalesce(${a}._x->>'${f}', CAST(${a}.${f} AS VARCHAR))`;
  if (type === 'id' || type === 'text') return `${a}.${f}`;
  return `(${a}._x->>'${f}')`;
}

export function rawJoin(norm: NormResult, f: string, a: string): string {
  if (!norm.mapped.has(f) || !isSeeded(FIELD_TYPES[f])) return '';
  return `LEFT JOIN imp_seed sd_${f} ON sd_${f}.f = '${f}' AND sd_${f}.s = ${a}.s_${f}`;
}

/** SQL: column `f` of imp_norm row `a`, or NULL when the file has no column for it. */
export const colSql = (norm: NormResult, f: string, a: string): string => (norm.mapped.has(f) ? `${a}.${f}` : 'NULL::VARCHAR');

/** SQL: a participation's key: its employee, or its department for department-level rows. */
export const keySql = (norm: NormResult, a: string): string => `coalesce(${colSql(norm, 'employee_id', a)}, '#' || ${colSql(norm, 'department_id', a)})`;

/** Distinct raw values of the seeded columns in the first rows of the file, most frequent first. */
async function sampleSeeds(conn: DuckDBConnection, file: string, source: RawSource, cols: Map<string, string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>([...cols.keys()].map((f) => [f, []]));
  if (cols.size === 0) return out;
  const parts = [...cols].map(([f, c]) => `SELECT '${f}' AS f, ${c} AS v FROM smp`);
  const rows = (
    await conn.runAndReadAll(
      `WITH smp AS MATERIALIZED (SELECT * FROM ${source.sampleFrom} LIMIT ${SAMPLE_ROWS})
       SELECT f, v FROM (${parts.join(' UNION ALL ')}) WHERE v IS NOT NULL GROUP BY f, v ORDER BY f, count(*) DESC, v`,
      [file],
    )
  ).getRowObjectsJS();
  for (const r of rows) {
    const list = out.get(String(r.f))!;
    if (list.length < MAX_SEEDS) list.push(String(r.v));
  }
  return out;
}

/**
 * Reads the staged file into imp_norm (see the module comment), in one
 * statement. Returns what the later steps need to read it.
 */
export async function loadNorm(conn: DuckDBConnection, file: string, ctx: NormContext): Promise<NormResult> {
  const { kind, source } = ctx;
  const fields = KIND_FIELDS[kind] as readonly string[];
  const participations = kind === 'participations';
  const columnOf = new Map<string, string>();
  const rawOf = new Map<string, string>();
  ctx.mapping.forEach((m, i) => {
    if (!m.field) return;
    rawOf.set(m.field, rawExpr(FIELD_TYPES[m.field]!, `c${i + source.firstColumn}`));
    columnOf.set(m.field, m.source);
  });
  for (const f of fields) if (!columnOf.has(f)) columnOf.set(f, f);
  const mapped = new Set(fields.filter((f) => rawOf.has(f)));
  const seededFields = [...mapped].filter((f) => isSeeded(FIELD_TYPES[f]));
  const sampled = await sampleSeeds(conn, file, source, new Map(seededFields.map((f) => [f, rawOf.get(f)!])));

  // Level 1: raw cells. Level 2: parsed values. Level 3: typed values and checks.
  const l1: string[] = [];
  if (source.format === 'xlsx') l1.push('CAST(c0 AS BIGINT) AS _src_row');
  for (const f of mapped) l1.push(`${rawOf.get(f)} AS r_${f}`);
  const params: unknown[] = [file];
  const l2: string[] = ['*'];
  const secret = ctx.secret;
  for (const f of mapped) {
    const r = `r_${f}`;
    switch (FIELD_TYPES[f]) {
      case 'id':
        l2.push(`${f === 'employee_id' && secret ? pseudonymSql(r, secret) : r} AS ${f}`);
        break;
      case 'text':
        l2.push(`${r} AS ${f}`);
        break;
      case 'date':
        l2.push(`${dateSql(r, source.format === 'xlsx')} AS ${f}`);
        break;
      case 'vocab':
      case 'groups':
        params.push(JSON.stringify(sampled.get(f)));
        l2.push(`list_position(from_json($${params.length}, '["VARCHAR"]'), ${r})::UINTEGER AS s_${f}`);
        break;
      case 'hours':
      case 'score':
        l2.push(`try_cast(${r} AS DOUBLE) AS ${f}`);
        break;
      case 'count':
        // Thousands separators allowed ("1,200"); replace() only where there is one.
        l2.push(`try_cast(CASE WHEN contains(${r}, ',') THEN replace(${r}, ',', '') ELSE ${r} END AS DOUBLE) AS n_${f}`);
        break;
      case 'period':
        l2.push(`${periodSql(r)} AS ${f}`);
        break;
    }
  }
  const l3: string[] = ['*'];
  for (const f of mapped) {
    if (FIELD_TYPES[f] === 'count') {
      const d = `n_${f}`;
      l3.push(`CASE WHEN ${d} >= 0 AND ${d} = floor(${d}) AND ${d} <= 2147483647 THEN CAST(${d} AS INTEGER) END AS ${f}`);
    }
  }

  const checks: Check[] = [];
  const check = (field: string, cond: string, reason: string) => {
    if (mapped.has(field)) checks.push({ field, cond, reason, bit: 2 ** checks.length });
  };
  const max = maxDate();
  const required = new Set(REQUIRED_FIELDS[kind]);
  for (const f of fields) {
    if (required.has(f)) check(f, `r_${f} IS NULL`, 'required value is empty');
    switch (FIELD_TYPES[f]) {
      case 'date':
        check(f, `r_${f} IS NOT NULL AND ${f} IS NULL`, 'not a date (use YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD, YYYYMMDD or 2019년 3월 5일)');
        check(f, `${f} < DATE '${minDate(f)}' OR ${f} > DATE '${max}'`, `date outside ${minDate(f)}..${max}`);
        break;
      case 'hours':
        check(f, `r_${f} IS NOT NULL AND ${f} IS NULL`, 'not a number');
        check(f, `${f} < 0 OR ${f} > 24 OR isnan(${f})`, 'hours must be between 0 and 24');
        break;
      case 'count':
        check(f, `r_${f} IS NOT NULL AND n_${f} IS NULL`, 'not a number');
        check(f, `n_${f} < 0`, 'must not be negative');
        check(f, `n_${f} >= 0 AND n_${f} <> floor(n_${f})`, 'must be a whole number');
        check(f, `n_${f} > 2147483647`, 'too large');
        break;
      case 'score':
        check(f, `r_${f} IS NOT NULL AND ${f} IS NULL`, 'not a number');
        check(f, `${f} < 0 OR ${f} > 100 OR isnan(${f})`, 'performance_score must be between 0 and 100');
        break;
      case 'period':
        check(f, `r_${f} IS NOT NULL AND ${f} IS NULL`, 'not a period (2019, 2019H1 or 2019H2)');
        break;
    }
  }
  if (participations) {
    // The department a row may take from the staff list needs an employee: without one, only the file's counts.
    const emp = mapped.has('employee_id') ? 'r_employee_id IS NULL' : 'true';
    const dept = mapped.has('department_id') ? 'r_department_id IS NULL' : 'true';
    checks.push({ field: 'employee_id', cond: `${emp} AND ${dept}`, reason: 'a participation needs an employee_id or a department_id', bit: 2 ** checks.length });
  }
  if (kind === 'employees' && mapped.has('hired_on')) check('left_on', 'left_on < hired_on', 'left_on is before hired_on');
  if (kind === 'administrations' && mapped.has('starts_on')) check('ends_on', 'ends_on < starts_on', 'ends_on is before starts_on');
  if (checks.length > 31) throw new Error('too many checks for _bits');

  // Level 4: what imp_norm keeps.
  const kept: string[] = source.format === 'xlsx' ? ['_src_row'] : [];
  const keep: { f: string; cond: string }[] = [];
  for (const f of mapped) {
    const type = FIELD_TYPES[f];
    kept.push(isSeeded(type) ? `s_${f}` : f);
    let cond: string | null = null;
    if (isSeeded(type)) cond = `r_${f} IS NOT NULL AND s_${f} IS NULL`;
    else if (lossless(type)) cond = `r_${f} IS DISTINCT FROM CAST(${f} AS VARCHAR)`;
    else if (type !== 'id' && type !== 'text') {
      const own = checks.filter((c) => c.field === f && c.reason !== 'required value is empty');
      if (own.length) cond = own.map((c) => `coalesce(${c.cond}, false)`).join(' OR ');
    }
    if (cond) keep.push({ f, cond });
  }
  const bits = checks.length ? checks.map((c) => `CASE WHEN coalesce(${c.cond}, false) THEN ${c.bit} ELSE 0 END`).join(' | ') : '0';
  const x = keep.length
    ? `CASE WHEN ${keep.map((k) => `(${k.cond})`).join(' OR ')} THEN json_object(${keep.map((k) => `'${k.f}', CASE WHEN ${k.cond} THEN r_${k.f} END`).join(', ')})::VARCHAR END`
    : 'NULL::VARCHAR';
  await conn.run(
    `CREATE TEMP TABLE imp_norm AS
     SELECT ${kept.join(', ')}, (${bits})::UINTEGER AS _bits, ${x} AS _x
     FROM (SELECT ${l3.join(', ')} FROM (SELECT ${l2.join(', ')} FROM (SELECT ${l1.join(', ')} FROM ${source.from})))`,
    params as never,
  );

  const structuralRows = source.format === 'csv' ? await rejectedRecords(conn) : 0;
  const good = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM imp_norm')).getRowObjectsJS()[0]?.n ?? 0);
  return {
    kind,
    mapped,
    columnOf,
    checks,
    warnings: [],
    mappedToOther: {},
    seeds: new Map(),
    groupLists: [],
    staffDepartments: false,
    rowsRead: good + structuralRows,
    structuralRows,
    rowOf: (rid) => rowOfSql(source.format, structuralRows, rid),
    sampled,
  };
}

/**
 * After loadNorm: maps the vocabulary values, resolves department names,
 * and notes whether the staff list can fill in departments.
 */
export async function mapValues(conn: DuckDBConnection, norm: NormResult): Promise<void> {
  await mapSeeds(conn, norm, norm.sampled);
  if (norm.mapped.has('department_id')) await resolveDepartmentNames(conn, norm);
  if (norm.kind === 'participations') {
    norm.staffDepartments = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM (SELECT 1 FROM employees LIMIT 1)')).getRowObjectsJS()[0]?.n) > 0;
    if (norm.staffDepartments) {
      await conn.run('CREATE TEMP TABLE imp_emp AS SELECT employee_id, any_value(department_id) AS department_id FROM employees GROUP BY employee_id');
    }
  }
}

/**
 * Maps every distinct raw value of the seeded columns (counted in one pass
 * per column): the sample's values, and any value the sample missed (kept in
 * _x by the read), which gets a seed of its own here. Then the mapped-to-other
 * counts and warnings, over the rows without bad values.
 */
async function mapSeeds(conn: DuckDBConnection, norm: NormResult, sampled: Map<string, string[]>): Promise<void> {
  await conn.run('CREATE TEMP TABLE imp_seed (f VARCHAR, s UINTEGER, v VARCHAR)');
  const fields = [...sampled.keys()];
  if (fields.length === 0) return;
  const parts = fields.map(
    (f) =>
      `SELECT '${f}' AS f, s_${f} AS s, CASE WHEN s_${f} IS NULL THEN _x->>'${f}' END AS v, count(*)::BIGINT AS n, count(*) FILTER (WHERE _bits = 0)::BIGINT AS ok
       FROM imp_norm GROUP BY ALL`,
  );
  const counts = (await conn.runAndReadAll(parts.join(' UNION ALL '))).getRowObjectsJS();
  const groupIds = new Map<string, number>();
  const seedRows: { f: string; s: number; v: string }[] = [];
  for (const f of fields) {
    const seeds: Seed[] = [];
    const add = (v: string) => {
      if (FIELD_TYPES[f] === 'groups') {
        const g = mapGroups(v);
        const key = JSON.stringify(g.values);
        if (!groupIds.has(key)) {
          groupIds.set(key, norm.groupLists.length + 1);
          norm.groupLists.push(g.values);
        }
        seeds.push({ v, code: groupIds.get(key)!, unknown: g.unknown });
      } else {
        const m = mapVocab(f as VocabField, v);
        seeds.push({ v, code: CODES[f as VocabField].indexOf(m.value) + 1, unknown: m.known ? 0 : 1 });
      }
      seedRows.push({ f, s: seeds.length, v });
    };
    for (const v of sampled.get(f)!) add(v);
    const late: { v: string; s: number }[] = [];
    const n = new Map<number, number>();
    const ok = new Map<number, number>();
    for (const c of counts.filter((r) => r.f === f)) {
      let s = c.s === null ? null : Number(c.s);
      if (s === null && c.v !== null) {
        add(String(c.v));
        s = seeds.length;
        late.push({ v: String(c.v), s });
      }
      if (s === null) continue;
      n.set(s, (n.get(s) ?? 0) + Number(c.n));
      ok.set(s, (ok.get(s) ?? 0) + Number(c.ok));
    }
    norm.seeds.set(f, seeds);
    if (late.length) {
      await conn.run(
        `UPDATE imp_norm SET s_${f} = m.s FROM (SELECT unnest(from_json($1, '[{"v":"VARCHAR","s":"UINTEGER"}]'), recursive := true)) m
         WHERE imp_norm.s_${f} IS NULL AND (imp_norm._x->>'${f}') = m.v`,
        [JSON.stringify(late)],
      );
    }
    const other = seeds.reduce((sum, sd, i) => sum + sd.unknown * (ok.get(i + 1) ?? 0), 0);
    if (other > 0) norm.mappedToOther[f] = other;
    if (FIELD_TYPES[f] === 'groups') {
      if (other > 0) norm.warnings.push(`${f}: ${other} unknown group(s) stored as "other".`);
    } else if (other > 0) {
      // Unknown values anywhere in the file (the count), sorted.
      const unknown = seeds.filter((sd, i) => sd.unknown && (n.get(i + 1) ?? 0) > 0).map((sd) => sd.v).sort();
      norm.warnings.push(`${f}: ${unknown.length} unknown value(s) stored as "other": ${unknown.slice(0, 10).map((v) => JSON.stringify(v)).join(', ')}${unknown.length > 10 ? ', …' : ''}`);
    }
  }
  // Vocabulary warnings by field name, then groups.
  const order = (w: string) => (w.startsWith('stakeholder_groups:') ? `~${w}` : w);
  norm.warnings.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  await conn.run(`INSERT INTO imp_seed SELECT unnest(from_json($1, '[{"f":"VARCHAR","s":"UINTEGER","v":"VARCHAR"}]'), recursive := true)`, [JSON.stringify(seedRows)]);
}

/** Department values that are names (부서명) rather than ids resolve to the id, using the departments table. */
async function resolveDepartmentNames(conn: DuckDBConnection, norm: NormResult): Promise<void> {
  const any = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM (SELECT 1 FROM departments LIMIT 1)')).getRowObjectsJS()[0]?.n);
  if (!any) return;
  await conn.run(
    `CREATE TEMP TABLE imp_dmap AS
     SELECT v, id FROM (
       SELECT v, coalesce(d.department_id, n.department_id) AS id, d.department_id IS NULL AND n.department_id IS NOT NULL AS by_name
       FROM (SELECT DISTINCT department_id AS v FROM imp_norm) s
       LEFT JOIN (SELECT DISTINCT department_id FROM departments) d ON d.department_id = s.v
       LEFT JOIN (SELECT name AS nm, min(department_id) AS department_id FROM departments WHERE name IS NOT NULL GROUP BY name
                  UNION ALL SELECT name_en, min(department_id) FROM departments WHERE name_en IS NOT NULL GROUP BY name_en) n ON n.nm = s.v
       WHERE s.v IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY v ORDER BY by_name) = 1)
     WHERE by_name`,
  );
  const byName = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM imp_dmap')).getRowObjectsJS()[0]?.n ?? 0);
  if (byName === 0) return;
  await conn.run('UPDATE imp_norm SET department_id = m.id FROM imp_dmap m WHERE imp_norm.department_id = m.v');
  norm.warnings.unshift(`${byName} department name(s) were resolved to their department_id using the departments table.`);
}

/**
 * Problems table: `rid` (imp_norm's rowid) or `row` (records not in
 * imp_norm), and for problems naming a second row, the reason is
 * `reason` + that row + `tail`.
 */
export async function createProblems(conn: DuckDBConnection): Promise<void> {
  await conn.run('CREATE TEMP TABLE imp_prob (rid BIGINT, row BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR, ref_rid BIGINT, tail VARCHAR)');
}

/** Problems of single rows (bad values), from the rows with `_bits`. */
export async function rowProblems(conn: DuckDBConnection, norm: NormResult): Promise<void> {
  if (norm.checks.length === 0) return;
  const structs = norm.checks.map(
    (c) => `{'c': ${sqlStr(norm.columnOf.get(c.field) ?? c.field)}, 'v': ${rawSql(norm, c.field, 'n')}, 'why': CASE WHEN (n._bits & ${c.bit}) <> 0 THEN ${sqlStr(c.reason)} END}`,
  );
  const joins = [...new Set(norm.checks.map((c) => rawJoin(norm, c.field, 'n')))].join(' ');
  await conn.run(
    `INSERT INTO imp_prob (rid, column_name, value, reason) SELECT rid, p.c, p.v, p.why FROM (
       SELECT n.rowid AS rid, unnest(list_filter([${structs.join(', ')}], x -> x.why IS NOT NULL)) AS p FROM imp_norm n ${joins} WHERE n._bits <> 0)`,
  );
}

/** Marks the rows named by new problems bad (skip mode removes them; reject mode rejects the file). */
export async function flagRows(conn: DuckDBConnection): Promise<void> {
  await conn.run(`UPDATE imp_norm SET _bits = _bits | ${FLAGGED} WHERE _bits = 0 AND rowid IN (SELECT rid FROM imp_prob WHERE rid IS NOT NULL)`);
}

/** SQL: the accepted rows of imp_norm so far, with their rid and (participations) key. */
export function acceptedRows(norm: NormResult): string {
  return `(SELECT rowid AS rid, *${norm.kind === 'participations' ? `, ${keySql(norm, 'imp_norm')} AS k` : ''} FROM imp_norm WHERE _bits = 0)`;
}

/**
 * Keys appearing twice in the file: the later rows are problems naming the
 * first. `within`: SQL condition on imp_norm rows that holds for every
 * repeated key (participations: the events buildEvents found with repeats);
 * without it, rows whose key hash repeats.
 */
export async function duplicateKeys(conn: DuckDBConnection, norm: NormResult, within?: string): Promise<number> {
  const keys = KEYS[norm.kind];
  const keyCols = keys.join(', ');
  const rows = acceptedRows(norm);
  let candidates = `(SELECT * FROM ${rows} WHERE ${within})`;
  if (!within) {
    // Grouping millions of distinct string keys is slow and memory-hungry: group
    // their 64-bit hashes first, then only the rows of repeated hashes by key.
    const repeated = `SELECT hash(${keyCols}) FROM ${rows} GROUP BY 1 HAVING count(*) > 1`;
    if (Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM (${repeated})`)).getRowObjectsJS()[0]?.n ?? 0) === 0) return 0;
    candidates = `(SELECT * FROM ${rows} WHERE hash(${keyCols}) IN (${repeated}))`;
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE imp_dupkeys AS SELECT ${keyCols}, min(rid) AS first_rid FROM ${candidates} GROUP BY ${keyCols} HAVING count(*) > 1`);
  const label = keys.map((k) => (k === 'k' ? 'employee_id' : k));
  const col = norm.columnOf.get(label[label.length - 1]!) ?? label[label.length - 1]!;
  const shown = keys.map((k) => `n.${k}`).join(` || ', ' || `);
  const r = await conn.runAndReadAll(
    `INSERT INTO imp_prob (rid, column_name, value, reason, ref_rid)
     SELECT n.rid, ${sqlStr(col)}, ${shown}, 'duplicate key (${label.join(', ')}): same as row ', d.first_rid
     FROM ${candidates} n JOIN imp_dupkeys d USING (${keyCols}) WHERE n.rid <> d.first_rid`,
  );
  const n = Number(r.getRowObjectsJS()[0]?.Count ?? 0);
  if (n > 0) await flagRows(conn);
  return n;
}

/**
 * Events: one row per event_id from the accepted rows (`imp_ev`, values
 * normalized as valueSql gives them). With `check`, first the keys repeated
 * in the file (found in the same pass: an event whose distinct key hashes
 * are fewer than its rows holds a repeat), then the rows that disagree with
 * the first row of their event on an attribute, each reported with both row
 * numbers. Empty cells do not disagree. Returns the disagreeing rows.
 */
export async function buildEvents(conn: DuckDBConnection, norm: NormResult, check: boolean): Promise<number> {
  const fields = EVENT_FIELDS.filter((f) => norm.mapped.has(f));
  const agg = fields.map((f) => `max(${valueSql(norm, f, 'n')}) AS ${f}`);
  const differs = fields.map((f) => `min(${valueSql(norm, f, 'n')}) IS DISTINCT FROM max(${valueSql(norm, f, 'n')}) AS x_${f}`);
  const build = async (dup: boolean) => {
    const repeats = dup ? [`len(list_distinct(list(hash(${keySql(norm, 'n')})))) < count(*) AS dup`] : [];
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE imp_ev AS SELECT event_id, min(n.rowid) AS first_rid${[...agg, ...differs, ...repeats].map((x) => `, ${x}`).join('')}
       FROM imp_norm n WHERE n._bits = 0 GROUP BY event_id`,
    );
  };
  await build(check);
  if (!check) return 0;
  const repeats = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM imp_ev WHERE dup')).getRowObjectsJS()[0]?.n ?? 0);
  if (repeats > 0 && (await duplicateKeys(conn, norm, 'event_id IN (SELECT event_id FROM imp_ev WHERE dup)')) > 0) await build(false);
  let total = 0;
  for (const f of fields) {
    const col = sqlStr(norm.columnOf.get(f) ?? f);
    const v = valueSql(norm, f, 'n');
    // The first row of the event that has a value is the reference.
    const r = await conn.runAndReadAll(
      `INSERT INTO imp_prob (rid, column_name, value, reason, ref_rid, tail)
       WITH rows AS (SELECT n.rowid AS rid, n.event_id, ${v} AS v, ${rawSql(norm, f, 'n')} AS raw
                     FROM imp_norm n ${rawJoin(norm, f, 'n')} SEMI JOIN (SELECT event_id FROM imp_ev WHERE x_${f}) x USING (event_id)
                     WHERE n._bits = 0 AND ${v} IS NOT NULL),
            ref AS (SELECT event_id, min(rid) AS ref_rid, arg_min(v, rid) AS ref_v, arg_min(raw, rid) AS ref_raw FROM rows GROUP BY event_id)
       SELECT rows.rid, ${col}, rows.raw, 'event ' || rows.event_id || ': ${f} differs from row ', ref.ref_rid, ' (' || coalesce(ref.ref_raw, '') || ')'
       FROM rows JOIN ref USING (event_id) WHERE rows.v IS DISTINCT FROM ref.ref_v`,
    );
    total += Number(r.getRowObjectsJS()[0]?.Count ?? 0);
  }
  if (total > 0) await flagRows(conn);
  return total;
}

/** Problem count, rows with problems, and the first 1000 problems by row (source row numbers from here on). */
export async function collectProblems(conn: DuckDBConnection, norm: NormResult): Promise<{ count: number; rows: number; problems: ImportProblem[] }> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE imp_problems AS
     SELECT coalesce(p.row, ${norm.rowOf('p.rid')}) AS row, p.column_name, p.value,
            p.reason || CASE WHEN p.ref_rid IS NULL THEN '' ELSE ${norm.rowOf('p.ref_rid')}::VARCHAR || coalesce(p.tail, '') END AS reason
     FROM imp_prob p`,
  );
  const c = (await conn.runAndReadAll('SELECT count(*)::BIGINT AS n, count(DISTINCT row)::BIGINT AS r FROM imp_problems')).getRowObjectsJS()[0];
  const list = (await conn.runAndReadAll('SELECT row::BIGINT AS row, column_name, value, reason FROM imp_problems ORDER BY row, column_name, reason LIMIT 1000')).getRowObjectsJS();
  return {
    count: Number(c?.n ?? 0),
    rows: Number(c?.r ?? 0),
    problems: list.map((p) => ({ row: Number(p.row), column: String(p.column_name ?? ''), value: p.value === null ? null : String(p.value), reason: String(p.reason) })),
  };
}
