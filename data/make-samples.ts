/**
 * Writes data/samples/: small readable CSV samples of every kind, taken from
 * a scale-1 demo (default seed). Run once after changing the generator, and
 * commit the output:
 *
 *   npx tsx data/make-samples.ts
 *
 * participations-cp949.csv holds other events than participations.csv (so
 * both import into one workspace) with Korean headers, Korean vocabulary,
 * `YYYY.MM.DD` dates and CRLF line ends, encoded in CP949, the way Korean
 * government systems export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { Workspace } from '../src-main/engine/workspace';
import { generateDemo } from './demo';

type Row = Record<string, string | number | null>;

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'samples');
/** Events per program in each participations sample. */
const EVENTS_PER_PROGRAM = 5;

/** English canonical field → Korean header, as Korean exports name them. */
export const KOREAN_HEADERS: Record<string, string> = {
  event_id: '행사번호',
  occurred_on: '일자',
  channel: '채널',
  program: '사업명',
  citizens_reached: '참여인원',
  stakeholder_groups: '이해관계자',
  outcome: '성과',
  spectrum: '참여수준',
  employee_id: '사번',
  department_id: '부서코드',
  role: '역할',
  hours: '시간',
};

/** SPEC vocabularies → the Korean words a Korean export uses. */
export const KOREAN_VALUES: Record<string, Record<string, string>> = {
  channel: { forum: '포럼', committee: '위원회', online: '온라인', neighborhood: '마을', youth: '청년', budgeting: '참여예산', workshop: '워크숍', other: '기타' },
  role: { host: '주관', facilitator: '진행', presenter: '발표', participant: '참석', responder: '답변' },
  outcome: { none: '없음', recorded: '기록', recommendation: '권고', adopted: '채택' },
  spectrum: { inform: '정보제공', consult: '자문', involve: '참여', collaborate: '협력', empower: '권한위임' },
  stakeholder_groups: { residents: '주민', ngo: '시민단체', youth: '청년', experts: '전문가', private_sector: '민간기업', other: '기타' },
};

const cell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function csv(columns: string[], rows: Row[], header = columns, eol = '\n'): string {
  return [header.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(','))].join(eol) + eol;
}

const PARTICIPATION_COLUMNS = Object.keys(KOREAN_HEADERS);

function participationsSql(fromRank: number, toRank: number): string {
  // A few events of every program (by a fixed hash order), with all their
  // rows, plus department-level logs so the sample shows rows without staff.
  return `
    WITH ranked AS (
      SELECT e.*, row_number() OVER (PARTITION BY program ORDER BY hash(event_id), event_id) AS rn FROM events e
    ), dept_level AS (
      SELECT DISTINCT event_id FROM participations WHERE employee_id IS NULL
      ORDER BY hash(event_id), event_id LIMIT 3 OFFSET ${(fromRank - 1) / EVENTS_PER_PROGRAM * 3}
    )
    SELECT e.event_id, strftime(e.occurred_on, '%Y-%m-%d') AS occurred_on, e.channel, e.program, e.citizens_reached,
      array_to_string(e.stakeholder_groups, ';') AS stakeholder_groups, e.outcome, e.spectrum,
      p.employee_id, p.department_id, p.role, p.hours
    FROM ranked e JOIN participations p USING (event_id)
    WHERE e.rn BETWEEN ${fromRank} AND ${toRank} OR e.event_id IN (SELECT event_id FROM dept_level)
    ORDER BY e.event_id, p.department_id, p.employee_id NULLS FIRST`;
}

async function rows(ws: Workspace, sql: string): Promise<Row[]> {
  return ws.use('read', async (conn) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Row[]);
}

const korean = (field: string, value: unknown): string => KOREAN_VALUES[field]?.[String(value)] ?? String(value);

const koreanRow = (r: Row): Row => ({
  ...r,
  occurred_on: String(r.occurred_on).replaceAll('-', '.'),
  channel: korean('channel', r.channel),
  role: korean('role', r.role),
  outcome: korean('outcome', r.outcome),
  spectrum: korean('spectrum', r.spectrum),
  stakeholder_groups: String(r.stakeholder_groups).split(';').map((g) => korean('stakeholder_groups', g)).join(';'),
});

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-samples-'));
  const ws = await Workspace.open(path.join(dir, 'demo.duckdb'), { create: true });
  try {
    await generateDemo(ws, { scale: 1 });
    fs.mkdirSync(OUT, { recursive: true });
    const write = (name: string, content: string | Uint8Array): void => {
      fs.writeFileSync(path.join(OUT, name), content);
      process.stderr.write(`${name}: ${fs.statSync(path.join(OUT, name)).size} bytes\n`);
    };
    const english = await rows(ws, participationsSql(1, EVENTS_PER_PROGRAM));
    const koreanRows = await rows(ws, participationsSql(EVENTS_PER_PROGRAM + 1, 2 * EVENTS_PER_PROGRAM));
    write('participations.csv', csv(PARTICIPATION_COLUMNS, english));
    const koreanText = csv(PARTICIPATION_COLUMNS, koreanRows.map(koreanRow), PARTICIPATION_COLUMNS.map((c) => KOREAN_HEADERS[c]!), '\r\n');
    const bytes = iconv.encode(koreanText, 'cp949');
    if (new TextDecoder('euc-kr', { fatal: true }).decode(bytes) !== koreanText) throw new Error('CP949 round trip failed');
    write('participations-cp949.csv', bytes);

    const staff = [...new Set([...english, ...koreanRows].map((r) => r.employee_id).filter((e): e is string => typeof e === 'string'))].sort();
    const staffList = staff.map((e) => `'${e}'`).join(', ');
    write(
      'employees.csv',
      csv(['employee_id', 'department_id', 'grade', 'hired_on', 'left_on'], await rows(ws, `
        SELECT employee_id, department_id, grade, strftime(hired_on, '%Y-%m-%d') AS hired_on, strftime(left_on, '%Y-%m-%d') AS left_on
        FROM employees WHERE employee_id IN (${staffList}) ORDER BY employee_id`)),
    );
    write(
      'evaluations.csv',
      csv(['employee_id', 'period', 'performance_score'], await rows(ws, `
        SELECT employee_id, period, performance_score FROM evaluations
        WHERE employee_id IN (${staffList}) AND period IN ('2019', '2020') ORDER BY employee_id, period`)),
    );
    write(
      'departments.csv',
      csv(['department_id', 'name', 'name_en', 'bureau', 'advisor_since'], await rows(ws, `
        SELECT department_id, name, name_en, bureau, strftime(advisor_since, '%Y-%m-%d') AS advisor_since FROM departments ORDER BY department_id`)),
    );
    write(
      'administrations.csv',
      csv(['administration_id', 'name', 'head', 'starts_on', 'ends_on', 'agenda'], await rows(ws, `
        SELECT administration_id, name, head, strftime(starts_on, '%Y-%m-%d') AS starts_on, strftime(ends_on, '%Y-%m-%d') AS ends_on, agenda
        FROM administrations ORDER BY starts_on`)),
    );
  } finally {
    await ws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
