/**
 * The Seoul-like demo data set: a deterministic city government, 2006-2024
 * (departments, employees, engagement events, participations, evaluations),
 * written straight into an empty workspace in one transaction.
 *
 * JS builds only the small catalogues (data/seoul.ts → departments, programs,
 * a per-program-and-year plan of event counts); DuckDB generates the rows with
 * `range()`. Every random choice is a hash of (seed, row number, purpose),
 * never `random()`, so the same seed and scale give the same table contents
 * whatever the thread count, and 10 million participations take seconds.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SotongError } from '../src-main/common/result';
import { refreshDerived } from '../src-main/engine/derived';
import type { Workspace } from '../src-main/engine/workspace';
import { DEMO_FIRST_YEAR, DEMO_LAST_YEAR, DEPARTMENTS, PROGRAMS, departmentId, type Program } from './seoul';

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

export interface DemoOptions {
  /** Multiplies employees and events (departments from scale 3 on, more slowly). Default 1. */
  scale?: number;
  /** Default DEMO_SEED. */
  seed?: number;
  onProgress?: (p: DemoProgress) => void;
  /** Aborting interrupts the running statement and rolls everything back. */
  signal?: AbortSignal;
}

export interface DemoResult {
  /** Rows written per table. */
  counts: Record<string, number>;
  importId: string;
}

export const DEMO_SEED = 2011;
export const MAX_SCALE = 1000;
/** Employees at scale 1. */
const EMPLOYEES = 2500;
/** Events per participation chunk: bounds memory and gives progress and cancel points. */
const CHUNK_EVENTS = 400_000;
/** Half years from DEMO_FIRST_YEAR H1 to DEMO_LAST_YEAR H2: the unit of staff rosters. */
const HALVES = (DEMO_LAST_YEAR - DEMO_FIRST_YEAR + 1) * 2;
const N_BASE = DEPARTMENTS.length;
/** The tables the demo fills; a workspace with rows in any of them is not empty. */
const DATA_TABLES = ['departments', 'employees', 'events', 'participations', 'evaluations', 'imports'] as const;
/** Scratch tables of one run (connection-local, dropped before commit). */
const TEMP_TABLES = [
  'demo_departments', 'demo_bureau_members', 'demo_programs', 'demo_home', 'demo_group_sets', 'demo_plan',
  'demo_employees', 'demo_roster', 'demo_roster_size', 'demo_roster_slots', 'demo_events',
];

/** Departments grow slowly with scale: copies of the catalogue ("도시계획과 2") from scale 4 on. */
export const departmentCopies = (scale: number): number => (scale <= 3 ? 1 : Math.round(Math.sqrt(scale / 3)));

export const demoImportId = (seed: number, scale: number): string => `demo-${seed}-${scale}`;

export async function generateDemo(ws: Workspace, opts: DemoOptions = {}): Promise<DemoResult> {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? DEMO_SEED;
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new SotongError('VALIDATION', `scale must be a number in (0, ${MAX_SCALE}], not ${scale}`, { field: 'scale' });
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SotongError('VALIDATION', `seed must be a non-negative integer, not ${seed}`, { field: 'seed' });
  }
  ws.assertWritable();
  const importId = demoImportId(seed, scale);
  const copies = departmentCopies(scale);
  const plan = eventPlan(scale, seed);
  const totalEvents = plan.reduce((n, p) => n + p.n, 0);
  const chunks = Math.max(1, Math.ceil(totalEvents / CHUNK_EVENTS));
  const phases = ['catalogues', 'employees', 'rosters', 'events', ...Array.from({ length: chunks }, () => 'participations'), 'evaluations', 'commit'];
  let step = 0;
  const progress = (): void => {
    if (opts.signal?.aborted) throw cancelled();
    opts.onProgress?.({ phase: phases[step] ?? 'done', done: step, total: phases.length });
    step++;
  };

  return ws.use('write', async (conn) => {
    await assertEmpty(conn);
    const run = (sql: string, extra: Record<string, number | string> = {}) =>
      conn.run(sql, sql.includes('$seed') ? { seed, ...extra } : Object.keys(extra).length > 0 ? extra : undefined);
    const onAbort = (): void => ws.interrupt('write');
    opts.signal?.addEventListener('abort', onAbort);
    await conn.run('BEGIN TRANSACTION');
    try {
      progress();
      await conn.run(catalogueSql(copies, plan));
      await run(`INSERT INTO departments SELECT department_id, name, name_en, bureau, advisor_since, $import_id FROM demo_departments`, { import_id: importId });

      progress();
      await run(employeesSql(Math.max(1, Math.round(EMPLOYEES * scale)), copies));
      await run('INSERT INTO employees SELECT employee_id, department_id, grade, hired_on, left_on, $import_id FROM demo_employees', { import_id: importId });

      progress();
      await run(rosterSql);
      await run('CREATE TEMP TABLE demo_roster_size AS SELECT dept_idx, half, count(*)::BIGINT AS size FROM demo_roster GROUP BY ALL');
      await run(`CREATE TEMP TABLE demo_roster_slots AS SELECT ${ROSTER_SLOT('dept_idx', 'half', 'pos')} AS slot, employee_id FROM demo_roster`);

      progress();
      await run(eventsSql(copies, totalEvents));
      await run(insertEventsSql, { import_id: importId });

      for (let c = 0; c < chunks; c++) {
        progress();
        await run(participationsSql, { import_id: importId, lo: c * CHUNK_EVENTS, hi: (c + 1) * CHUNK_EVENTS });
      }

      progress();
      await run(evaluationsSql, { import_id: importId });

      progress();
      const counts: Record<string, number> = {};
      for (const t of ['departments', 'employees', 'events', 'participations', 'evaluations'] as const) {
        counts[t] = await countRows(conn, t);
      }
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      await run(
        `INSERT INTO imports VALUES ($import_id, $source, $sha, 'generated', 'demo', $rows, $rows, 0, current_timestamp::TIMESTAMP, $report)`,
        {
          import_id: importId,
          source: `Seoul demo (seed ${seed}, scale ${scale})`,
          sha: createHash('sha256').update(JSON.stringify({ generator: 'sotong-demo', version: 1, seed, scale })).digest('hex'),
          rows,
          report: JSON.stringify({ seed, scale, counts }),
        },
      );
      for (const t of TEMP_TABLES) await conn.run(`DROP TABLE ${t}`);
      await refreshDerived(conn);
      if (opts.signal?.aborted) throw cancelled();
      await conn.run('COMMIT');
      opts.onProgress?.({ phase: 'done', done: phases.length, total: phases.length });
      return { counts: { ...counts, imports: 1 }, importId };
    } catch (e) {
      // No interrupt may hit the rollback itself.
      opts.signal?.removeEventListener('abort', onAbort);
      await conn.run('ROLLBACK');
      if (opts.signal?.aborted) throw cancelled();
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  });
}

const cancelled = (): SotongError => new SotongError('CANCELLED', 'Demo generation cancelled: the workspace is unchanged.');

async function countRows(conn: DuckDBConnection, table: (typeof DATA_TABLES)[number]): Promise<number> {
  // Table names come from DATA_TABLES, never from input.
  const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${table}`);
  return Number(r.getRowObjectsJS()[0]?.n ?? 0);
}

async function assertEmpty(conn: DuckDBConnection): Promise<void> {
  const filled: string[] = [];
  for (const t of DATA_TABLES) if ((await countRows(conn, t)) > 0) filled.push(t);
  if (filled.length > 0) {
    throw new SotongError(
      'VALIDATION',
      `The demo is generated only into an empty workspace; this one already has rows in ${filled.join(', ')}. Choose a new file.`,
      { field: 'workspace', tables: filled },
    );
  }
}

// ---------------------------------------------------------------------------
// Pseudo-randomness: a uniform in [0, 1) and an integer in [0, n) per purpose.

// Each purpose has its own stream: a 32-bit number derived from its name
// (FNV-1a), so streams are stable when purposes are added or reordered.
// DuckDB combines the hashes of several arguments with XOR, so hash(s, i, a)
// and hash(s, i, b) are strongly correlated (r ≈ 0.9); hashing the result
// again mixes them into independent streams (|r| < 0.01). Moduli are UBIGINT:
// UBIGINT % BIGINT would widen to a slow HUGEINT.
const streamOf = (purpose: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};
const H = (purpose: string, ...keys: string[]): string => `hash(hash($seed, ${keys.join(', ')}, ${streamOf(purpose)}))`;
const U = (purpose: string, ...keys: string[]): string => `(${H(purpose, ...keys)} / 18446744073709551616.0)`;
const PICK = (n: string, purpose: string, ...keys: string[]): string => `(${H(purpose, ...keys)} % (${n})::UBIGINT)::BIGINT`;
/** Roughly standard normal: Irwin-Hall sum of three uniforms, rescaled. */
const NORMAL = (purpose: string, ...keys: string[]): string =>
  `((${U(`${purpose}/1`, ...keys)} + ${U(`${purpose}/2`, ...keys)} + ${U(`${purpose}/3`, ...keys)} - 1.5) * 2.0)`;
const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const dateLit = (s: string | undefined): string => (s ? `DATE '${s}'` : 'NULL');

// ---------------------------------------------------------------------------
// Catalogues (JS) → temp tables.

interface PlanRow {
  program: number;
  segStart: string;
  segDays: number;
  n: number;
  firstNo: number;
}

const DAY = 86_400_000;
const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

function level(p: Program, year: number): number {
  let l = 1;
  for (const [from, v] of p.levels ?? []) if (year >= from) l = v;
  return l;
}

/** Events per program and year: the shape of each program's life, ±10 % from year to year. */
export function eventPlan(scale: number, seed: number): PlanRow[] {
  const rows: PlanRow[] = [];
  let next = 0;
  PROGRAMS.forEach((p, program) => {
    for (let y = DEMO_FIRST_YEAR; y <= DEMO_LAST_YEAR; y++) {
      const yearStart = toDay(`${y}-01-01`);
      const yearEnd = toDay(`${y}-12-31`);
      const start = Math.max(toDay(p.startsOn), yearStart);
      const end = Math.min(toDay(p.endsOn ?? `${DEMO_LAST_YEAR}-12-31`), yearEnd);
      if (end < start) continue;
      const days = end - start + 1;
      const jitter = 0.9 + (0.2 * streamOf(`${seed}/${program}/${y}`)) / 2 ** 32;
      const n = Math.round((p.perYear * level(p, y) * jitter * scale * days) / (yearEnd - yearStart + 1));
      if (n === 0) continue;
      rows.push({ program, segStart: fromDay(start), segDays: days, n, firstNo: next });
      next += n;
    }
  });
  return rows;
}

const GROUPS = ['residents', 'ngo', 'youth', 'experts', 'private_sector', 'other'] as const;
const cumulative = (w: number[]): number[] => {
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
};

function catalogueSql(copies: number, plan: PlanRow[]): string {
  // Per-row list indexing is slow in DuckDB; every "pick one of a list" is a
  // join with a small (list, k, value) table instead.
  const bureaus = [...new Set(DEPARTMENTS.map((d) => d.bureau))];
  const membersOf = (bureau: string): number[] => DEPARTMENTS.flatMap((x, i) => (x.bureau === bureau ? [i] : []));
  const departments: string[] = [];
  for (let c = 0; c < copies; c++) {
    DEPARTMENTS.forEach((d, base) => {
      const members = membersOf(d.bureau);
      const suffix = c === 0 ? '' : ` ${c + 1}`;
      const idx = c * N_BASE + base;
      departments.push(
        `(${idx}, ${base}, ${lit(departmentId(idx))}, ${lit(d.name + suffix)}, ${lit(d.nameEn + suffix)}, ${lit(d.bureau)}, ` +
          `${dateLit(d.advisorSince)}, ${bureaus.indexOf(d.bureau)}, ${members.indexOf(base)}, ${members.length})`,
      );
    });
  }
  const bureauMembers = bureaus.flatMap((b, n) => membersOf(b).map((base, k) => `(${n}, ${k}, ${base})`));
  const programs = PROGRAMS.map((p, i) => {
    const sp = cumulative(p.spectrum).slice(0, 4);
    const oc = cumulative(p.outcome).slice(0, 3);
    const groups = GROUPS.map((g) => p.groups[g] ?? 0);
    const fallback = 1 << GROUPS.indexOf((Object.keys(p.groups)[0] ?? 'residents') as (typeof GROUPS)[number]);
    return (
      `(${i}, ${lit(p.name)}, ${lit(p.channel)}, ${p.staff[0]}, ${p.staff[1]}, ${p.hours[0]}, ${p.hours[1]}, ` +
      `${p.citizens[0]}, ${p.citizens[1]}, ${[...sp, ...oc, ...groups].join(', ')}, ${fallback}, ` +
      `${p.home.length}, ${p.home.length > 0 ? p.homeShare : 0}, ${p.departmentLevel})`
    );
  });
  const home = PROGRAMS.flatMap((p, i) => p.home.map((base, k) => `(${i}, ${k}, ${base})`));
  const groupSets = Array.from({ length: 1 << GROUPS.length }, (_, mask) =>
    `(${mask}, [${GROUPS.filter((_g, b) => mask & (1 << b)).map(lit).join(', ')}]::VARCHAR[])`);
  const planRows = plan.map((r) => `(${r.program}, DATE '${r.segStart}', ${r.segDays}, ${r.n}, ${r.firstNo})`);
  const values = (table: string, rows: string[]): string => (rows.length > 0 ? `INSERT INTO ${table} VALUES ${rows.join(',\n')};` : '');
  return `
    CREATE TEMP TABLE demo_departments (dept_idx INTEGER, base INTEGER, department_id VARCHAR, name VARCHAR, name_en VARCHAR,
      bureau VARCHAR, advisor_since DATE, bureau_no INTEGER, bureau_pos INTEGER, bureau_len INTEGER);
    ${values('demo_departments', departments)}
    CREATE TEMP TABLE demo_bureau_members (bureau_no INTEGER, k BIGINT, base INTEGER);
    ${values('demo_bureau_members', bureauMembers)}
    CREATE TEMP TABLE demo_programs (prog_idx INTEGER, name VARCHAR, channel VARCHAR, staff_min INTEGER, staff_max INTEGER,
      hours_min DOUBLE, hours_max DOUBLE, citizens_median DOUBLE, citizens_sigma DOUBLE,
      s1 DOUBLE, s2 DOUBLE, s3 DOUBLE, s4 DOUBLE, o1 DOUBLE, o2 DOUBLE, o3 DOUBLE,
      g0 DOUBLE, g1 DOUBLE, g2 DOUBLE, g3 DOUBLE, g4 DOUBLE, g5 DOUBLE, fallback_mask INTEGER,
      home_len INTEGER, home_share DOUBLE, dept_level DOUBLE);
    ${values('demo_programs', programs)}
    CREATE TEMP TABLE demo_home (prog_idx INTEGER, k BIGINT, base INTEGER);
    ${values('demo_home', home)}
    CREATE TEMP TABLE demo_group_sets (mask INTEGER, groups VARCHAR[]);
    ${values('demo_group_sets', groupSets)}
    CREATE TEMP TABLE demo_plan (prog_idx INTEGER, seg_start DATE, seg_days INTEGER, n BIGINT, first_no BIGINT);
    ${values('demo_plan', planRows)}`;
}

// ---------------------------------------------------------------------------
// Employees: a stock hired before 2006 (45 % retire by 2024) and hires over
// 2006-2024 (some leave). Leaving happens at the end of a half year, as
// Korean civil-service retirement does (June 30 / December 31), so a staff
// member is either on a half year's roster for the whole half or not at all.

const HALF_END = (d: string): string => `(CASE WHEN month(${d}) <= 6 THEN make_date(year(${d}), 6, 30) ELSE make_date(year(${d}), 12, 31) END)`;

function employeesSql(n: number, copies: number): string {
  // Departments weighted by size: a list with each department `size / 5` times.
  const slots = DEPARTMENTS.flatMap((d, i) => Array.from({ length: Math.round(d.size / 5) }, () => i));
  const firstDay = `DATE '${DEMO_FIRST_YEAR}-01-01'`;
  const lastDay = `DATE '${DEMO_LAST_YEAR}-12-31'`;
  const spanDays = toDay(`${DEMO_LAST_YEAR}-12-31`) - toDay(`${DEMO_FIRST_YEAR}-01-01`) + 1;
  return `
    CREATE TEMP TABLE demo_employees AS
    WITH base AS (
      SELECT i, ${U('stock', 'i')} < 0.55 AS stock, ${U('grade', 'i')} AS ug,
        [${slots.join(', ')}][1 + ${PICK(String(slots.length), 'dept', 'i')}] + ${N_BASE} * ${PICK(String(copies), 'copy', 'i')} AS dept_idx
      FROM range(${n}) t(i)
    ), hired AS (
      SELECT *, CASE WHEN stock THEN DATE '1985-01-01' + floor(${U('hired', 'i')} * 7670)::INTEGER
                     ELSE ${firstDay} + floor(${U('hired', 'i')} * ${spanDays})::INTEGER END AS hired_on
      FROM base
    ), leaving AS (
      SELECT *, CASE
          WHEN stock AND ${U('leave', 'i')} < 0.45 THEN ${HALF_END(`(${firstDay} + floor(${U('left', 'i')} * ${spanDays})::INTEGER)`)}
          WHEN NOT stock AND ${U('leave', 'i')} < 0.25 THEN ${HALF_END(`(hired_on + 365 + floor(${U('left', 'i')} * 4000)::INTEGER)`)}
        END AS leave_on
      FROM hired
    )
    SELECT l.i, printf('E%06d', l.i + 1) AS employee_id, l.dept_idx, d.department_id,
      CASE WHEN stock THEN (CASE WHEN ug < 0.3 THEN '5급' WHEN ug < 0.7 THEN '6급' WHEN ug < 0.95 THEN '7급' ELSE '8급' END)
           ELSE (CASE WHEN ug < 0.05 THEN '6급' WHEN ug < 0.35 THEN '7급' WHEN ug < 0.65 THEN '8급' ELSE '9급' END) END AS grade,
      l.hired_on, CASE WHEN l.leave_on <= ${lastDay} THEN l.leave_on END AS left_on
    FROM leaving l JOIN demo_departments d USING (dept_idx)`;
}

/**
 * Per department and half year, the staff employed for the whole half, in a
 * shuffled order (`pos` 0..size-1). An event's staff are consecutive
 * positions from a random start, so no one is named twice on an event and
 * no one takes part before being hired or after leaving.
 */
const rosterSql = `
  CREATE TEMP TABLE demo_roster AS
  WITH halves AS (
    SELECT h AS half, make_date(${DEMO_FIRST_YEAR} + h // 2, CASE WHEN h % 2 = 0 THEN 1 ELSE 7 END, 1) AS starts_on,
           make_date(${DEMO_FIRST_YEAR} + h // 2, CASE WHEN h % 2 = 0 THEN 6 ELSE 12 END, CASE WHEN h % 2 = 0 THEN 30 ELSE 31 END) AS ends_on
    FROM range(${HALVES}) t(h)
  )
  SELECT e.dept_idx, h.half, e.employee_id,
    (row_number() OVER (PARTITION BY e.dept_idx, h.half ORDER BY ${H('roster', 'e.i', 'h.half')}, e.i) - 1)::BIGINT AS pos
  FROM demo_employees e JOIN halves h ON e.hired_on <= h.starts_on AND (e.left_on IS NULL OR e.left_on >= h.ends_on)`;

/** One BIGINT key for (department, half, position): a single-column join is faster than three. */
const ROSTER_SLOT = (dept: string, half: string, pos: string): string => `((${dept}::BIGINT * 64 + ${half}) * 4294967296 + ${pos})`;

// ---------------------------------------------------------------------------
// Events: per plan row, n events on days spread over its segment; a lead
// department (usually one of the program's home departments); ~15 % shared
// with a second department (more often inside the bureau, and more often
// where a governance advisor is in place).

function eventsSql(copies: number, total: number): string {
  const no = 'event_no';
  // range() is a parallel source; the ASOF join finds each event's plan row.
  return `
    CREATE TEMP TABLE demo_events AS
    WITH ev AS (
      SELECT r.event_no, p.prog_idx, p.seg_start + floor(${U('day', no)} * p.seg_days)::INTEGER AS occurred_on
      FROM range(${total}) r(event_no) ASOF JOIN demo_plan p ON r.event_no >= p.first_no
    ), picked AS (
      SELECT ev.*, pr.staff_min, pr.staff_max, pr.dept_level AS p_dept_level,
        CASE WHEN ${U('home', no)} < pr.home_share THEN ${PICK('greatest(pr.home_len, 1)', 'home_pick', no)} END AS home_k
      FROM ev JOIN demo_programs pr USING (prog_idx)
    ), lead AS (
      SELECT p.*, (coalesce(h.base, ${PICK(String(N_BASE), 'any_dept', no)}) + ${N_BASE} * ${PICK(String(copies), 'lead_copy', no)})::INTEGER AS lead_idx
      FROM picked p LEFT JOIN demo_home h ON h.prog_idx = p.prog_idx AND h.k = p.home_k
    ), crossed AS (
      SELECT l.*, d.base AS lead_base, d.bureau_no,
        ${U('cross', no)} < CASE WHEN d.advisor_since <= l.occurred_on THEN 0.30 ELSE 0.12 END AS is_cross,
        ${U('dept_level', no)} < l.p_dept_level AS dept_level,
        CASE WHEN d.bureau_len > 1 AND ${U('same_bureau', no)} < 0.65
             THEN (d.bureau_pos + 1 + ${PICK('greatest(d.bureau_len - 1, 1)', 'bureau_pick', no)}) % d.bureau_len END AS bureau_k
      FROM lead l JOIN demo_departments d ON d.dept_idx = l.lead_idx
    )
    SELECT c.event_no, printf('EV%07d', c.event_no + 1) AS event_id, c.prog_idx, c.occurred_on,
      ((year(c.occurred_on) - ${DEMO_FIRST_YEAR}) * 2 + CASE WHEN month(c.occurred_on) > 6 THEN 1 ELSE 0 END)::BIGINT AS half,
      c.lead_idx, c.is_cross, c.dept_level,
      CASE WHEN c.is_cross THEN (
        coalesce(b.base, (c.lead_base + 1 + ${PICK(String(N_BASE - 1), 'other_pick', no)}) % ${N_BASE})
        + ${N_BASE} * ${PICK(String(copies), 'second_copy', no)})::INTEGER END AS second_idx,
      CASE WHEN c.dept_level THEN (CASE WHEN c.is_cross THEN 2 ELSE 1 END)
           ELSE greatest(c.staff_min + ${PICK('c.staff_max - c.staff_min + 1', 'staff', no)}, CASE WHEN c.is_cross THEN 2 ELSE 1 END) END AS n_staff
    FROM crossed c LEFT JOIN demo_bureau_members b ON b.bureau_no = c.bureau_no AND b.k = c.bureau_k`;
}

const groupBit = (g: number): string => `CASE WHEN ${U(`group_${GROUPS[g]}`, 'e.event_no')} < p.g${g} THEN ${1 << g} ELSE 0 END`;

const insertEventsSql = `
  INSERT INTO events
  WITH g AS (
    SELECT e.event_no, e.event_id, e.occurred_on, p.*, ${U('spectrum', 'e.event_no')} AS us, ${U('outcome', 'e.event_no')} AS uo,
      ${GROUPS.map((_g, i) => groupBit(i)).join(' + ')} AS mask
    FROM demo_events e JOIN demo_programs p USING (prog_idx)
  )
  SELECT g.event_id, g.occurred_on, g.channel, g.name,
    least(1000000, greatest(0, round(g.citizens_median * exp(g.citizens_sigma * ${NORMAL('citizens', 'g.event_no')}))))::INTEGER,
    gs.groups,
    CASE WHEN g.uo < g.o1 THEN 'none' WHEN g.uo < g.o2 THEN 'recorded' WHEN g.uo < g.o3 THEN 'recommendation' ELSE 'adopted' END,
    CASE WHEN g.us < g.s1 THEN 'inform' WHEN g.us < g.s2 THEN 'consult' WHEN g.us < g.s3 THEN 'involve'
         WHEN g.us < g.s4 THEN 'collaborate' ELSE 'empower' END,
    $import_id
  FROM g JOIN demo_group_sets gs ON gs.mask = CASE WHEN g.mask = 0 THEN g.fallback_mask ELSE g.mask END`;

// ---------------------------------------------------------------------------
// Participations: n_staff slots per event; on a shared event slots alternate
// between the lead and the second department. Department-level logs (and
// departments with nobody on the roster) get one row per department with no
// employee. Hours depend on the program, the role, and an embedded advisor.

const participationsSql = `
  INSERT INTO participations
  WITH slots AS (
    SELECT e.*, unnest(range(e.n_staff)) AS k FROM demo_events e WHERE e.event_no >= $lo AND e.event_no < $hi
  ), placed AS (
    SELECT s.*, (s.is_cross AND s.k % 2 = 1) AS in_second, CASE WHEN s.is_cross THEN s.k // 2 ELSE s.k END AS j,
      CASE WHEN s.is_cross AND s.k % 2 = 1 THEN s.second_idx ELSE s.lead_idx END AS dept_idx
    FROM slots s
  ), sized AS (
    SELECT p.*, coalesce(rs.size, 0) AS size,
      CASE WHEN NOT p.dept_level AND p.j < coalesce(rs.size, 0)
           THEN ${ROSTER_SLOT('p.dept_idx', 'p.half', `(${PICK('rs.size', 'start', 'p.event_no', 'p.dept_idx')} + p.j) % rs.size`)} END AS slot,
      ${U('role', 'p.event_no', 'p.k')} AS ur
    FROM placed p LEFT JOIN demo_roster_size rs ON rs.dept_idx = p.dept_idx AND rs.half = p.half
    WHERE p.dept_level OR p.j < coalesce(rs.size, 0) OR p.j = 0
  ), roled AS (
    SELECT z.*, r.employee_id, pr.channel, pr.hours_min, pr.hours_max, d.department_id, d.advisor_since,
      CASE WHEN r.employee_id IS NULL THEN (CASE WHEN z.in_second THEN 'participant' ELSE 'host' END)
           WHEN pr.channel = 'online' THEN 'responder'
           WHEN z.k = 0 THEN 'host'
           WHEN z.k = 1 AND z.in_second THEN 'presenter'
           ELSE (CASE WHEN z.ur < 0.6 THEN 'participant' WHEN z.ur < 0.8 THEN 'facilitator' ELSE 'presenter' END) END AS role
    FROM sized z
    LEFT JOIN demo_roster_slots r ON r.slot = z.slot
    JOIN demo_programs pr ON pr.prog_idx = z.prog_idx
    JOIN demo_departments d ON d.dept_idx = z.dept_idx
  )
  SELECT event_id, employee_id, department_id, role,
    least(8.0, greatest(0.5, round(2.0 * (hours_min + ${U('hours', 'event_no', 'k')} * (hours_max - hours_min))
      * (CASE role WHEN 'host' THEN 1.3 WHEN 'facilitator' THEN 1.15 WHEN 'participant' THEN 0.85 ELSE 1.0 END)
      * (CASE WHEN employee_id IS NULL THEN 2.0 ELSE 1.0 END)
      * (CASE WHEN advisor_since <= occurred_on THEN 1.25 ELSE 1.0 END)) / 2.0)),
    $import_id
  FROM roled`;

// ---------------------------------------------------------------------------
// Evaluations: one per employee and year employed, 2012-2024; a stable
// ability plus yearly noise, in [40, 100].

const evaluationsSql = `
  INSERT INTO evaluations
  SELECT e.employee_id, y::VARCHAR,
    least(100.0, greatest(40.0, round(72 + 9 * ${NORMAL('ability', 'e.i')} + 6 * ${NORMAL('year', 'e.i', 'y')}, 1))),
    $import_id
  FROM demo_employees e CROSS JOIN range(2012, ${DEMO_LAST_YEAR + 1}) t(y)
  WHERE e.hired_on <= make_date(y::INTEGER, 12, 31) AND (e.left_on IS NULL OR e.left_on >= make_date(y::INTEGER, 1, 1))`;

