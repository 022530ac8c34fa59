/**
 * Column mapping: source column names → canonical fields, by name, case- and
 * punctuation-insensitively, with English and Korean aliases; and the kind
 * of file, detected from which fields its columns map to.
 */
import { SotongError } from '../../common/result';
import { IMPORT_KINDS, KIND_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportKind } from '../../common/importApi';

/** Lower case, NFKC, without spaces and punctuation: "Employee ID" → "employeeid", "부서 코드" → "부서코드". */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * Aliases per field, best first (the field's own name always ranks first).
 * Per-kind entries come before the shared ones: in a department list 부서명 is
 * the name, in a participation log it identifies the department.
 */
const SHARED_ALIASES: Record<string, string[]> = {
  event_id: ['event', 'eventno', 'eventcode', 'eventnumber', '행사id', '행사번호', '행사코드', '이벤트id', '활동id', '활동번호', '회의id', '회의번호'],
  occurred_on: ['date', 'eventdate', 'occurred', 'day', '일자', '날짜', '일시', '행사일', '행사일자', '개최일', '개최일자', '활동일', '활동일자'],
  channel: ['channel', 'type', 'eventtype', '채널', '유형', '활동유형', '참여유형', '방식'],
  program: ['programme', 'project', 'programname', '사업명', '프로그램', '프로그램명', '사업'],
  citizens_reached: ['citizens', 'participants', 'attendance', 'attendees', 'reached', '참여인원', '시민수', '참석인원', '참여시민수', '참여자수', '참석자수'],
  stakeholder_groups: ['stakeholders', 'stakeholdergroup', 'groups', '이해관계자', '이해관계자그룹', '참여집단', '대상'],
  outcome: ['result', '성과', '결과'],
  spectrum: ['iap2', 'participationlevel', 'level', '참여수준', '참여단계'],
  employee_id: ['employee', 'employeeno', 'employeenumber', 'staffid', 'staff', 'staffno', 'empid', 'empno', '직원번호', '사번', '직원id', '직원', '사원번호'],
  department_id: ['department', 'dept', 'deptid', 'departmentcode', 'deptcode', 'departmentname', 'deptname', '부서', '부서코드', '부서명', '부서id', '소속', '소속부서'],
  role: ['역할', '참여역할'],
  hours: ['hour', 'duration', 'durationhours', '시간', '참여시간', '소요시간'],
  grade: ['rank', 'paygrade', '직급', '급'],
  hired_on: ['hired', 'hiredate', 'hiredon', 'joined', '입사일', '임용일', '채용일'],
  left_on: ['left', 'leavedate', 'leftdate', '퇴직일', '퇴사일'],
  name: ['이름', '명칭'],
  name_en: ['englishname', 'nameenglish', '영문명', '영문이름', '영문부서명'],
  bureau: ['division', 'bureauname', '실국', '국', '본부', '실본부국'],
  advisor_since: ['advisor', 'advisorfrom', 'advisorstart', '자문관', '자문관배치일', '거버넌스자문관'],
  period: ['year', 'evaluationperiod', '기간', '평가기간', '연도', '평가연도'],
  performance_score: ['score', 'performance', 'perfscore', '평가점수', '성과점수', '점수'],
  administration_id: ['administration', 'adminid', 'admin', '시정id', '시정'],
  head: ['mayor', 'leader', '시장', '단체장'],
  starts_on: ['start', 'startdate', 'from', 'begins', '시작일', '취임일'],
  ends_on: ['end', 'enddate', 'to', 'until', '종료일', '퇴임일'],
  agenda: ['agendas', 'policy', '의제', '주요정책', '시정목표'],
};

const KIND_ALIASES: Partial<Record<ImportKind, Record<string, string[]>>> = {
  departments: { name: ['부서명', 'departmentname', 'deptname'], department_id: ['부서코드', 'code', '코드'] },
  administrations: { name: ['시정명', 'administrationname'] },
  employees: { left_on: ['enddate'] },
};

/** Fields whose presence says which kind a file is. */
const SIGNATURE: Record<ImportKind, string[]> = {
  participations: ['event_id', 'occurred_on', 'channel', 'hours', 'role', 'citizens_reached'],
  employees: ['grade', 'hired_on', 'left_on'],
  departments: ['bureau', 'advisor_since', 'name_en'],
  evaluations: ['performance_score', 'period'],
  administrations: ['administration_id', 'head', 'starts_on', 'agenda'],
};

function aliasRank(kind: ImportKind, field: string, normalized: string): number | undefined {
  if (normalized === normalizeName(field)) return 0;
  const specific = KIND_ALIASES[kind]?.[field]?.map(normalizeName).indexOf(normalized) ?? -1;
  if (specific !== -1) return 1 + specific;
  const shared = SHARED_ALIASES[field]?.map(normalizeName).indexOf(normalized) ?? -1;
  return shared === -1 ? undefined : 100 + shared;
}

/** The automatic mapping of `columns` for `kind`: each field to its best-ranked column, each column used once. */
export function autoMapping(kind: ImportKind, columns: string[]): ColumnMapping[] {
  const candidates: { col: number; field: string; rank: number }[] = [];
  columns.forEach((c, col) => {
    const n = normalizeName(c);
    for (const field of KIND_FIELDS[kind]) {
      const rank = aliasRank(kind, field, n);
      if (rank !== undefined) candidates.push({ col, field, rank });
    }
  });
  candidates.sort((a, b) => a.rank - b.rank || a.col - b.col);
  const byCol = new Map<number, string>();
  const used = new Set<string>();
  for (const c of candidates) {
    if (byCol.has(c.col) || used.has(c.field)) continue;
    byCol.set(c.col, c.field);
    used.add(c.field);
  }
  return columns.map((source, i) => ({ source, field: byCol.get(i) ?? null }));
}

export function detectKind(columns: string[]): { kind: ImportKind; scores: Record<ImportKind, number> } {
  const scores = {} as Record<ImportKind, number>;
  for (const kind of IMPORT_KINDS) {
    const mapped = autoMapping(kind, columns).flatMap((m) => (m.field ? [m.field] : []));
    const signature = mapped.filter((f) => SIGNATURE[kind].includes(f)).length;
    const required = REQUIRED_FIELDS[kind].every((f) => mapped.includes(f)) ? 1 : 0;
    scores[kind] = mapped.length + 2 * signature + 3 * required;
  }
  let kind: ImportKind = 'participations';
  for (const k of IMPORT_KINDS) if (scores[k] > scores[kind]) kind = k;
  return { kind, scores };
}

/**
 * The automatic mapping with the user's corrections applied (`overrides`:
 * source column → field, or null to ignore it). A field chosen by the user
 * is taken away from the column the automatic mapping gave it to.
 */
export function resolveMapping(kind: ImportKind, columns: string[], overrides: Record<string, string | null> = {}): ColumnMapping[] {
  const fields = KIND_FIELDS[kind] as readonly string[];
  for (const [source, field] of Object.entries(overrides)) {
    if (!columns.includes(source)) {
      throw new SotongError('VALIDATION', `mapping: the file has no column "${source}" (columns: ${columns.join(', ')}).`, { field: 'mapping' });
    }
    if (field !== null && field !== '' && !fields.includes(field)) {
      throw new SotongError('VALIDATION', `mapping: "${field}" is not a field of ${kind} (fields: ${fields.join(', ')}).`, { field: 'mapping' });
    }
  }
  const chosen = new Set(Object.values(overrides).filter((f): f is string => !!f));
  const taken = new Set<string>();
  const mapping = autoMapping(kind, columns).map((m) => {
    let field = m.field;
    if (Object.hasOwn(overrides, m.source)) field = overrides[m.source] || null;
    else if (field && chosen.has(field)) field = null;
    return { source: m.source, field };
  });
  for (const m of mapping) {
    if (!m.field) continue;
    if (taken.has(m.field)) throw new SotongError('VALIDATION', `mapping: two columns map to "${m.field}".`, { field: 'mapping' });
    taken.add(m.field);
  }
  return mapping;
}

export function missingRequired(kind: ImportKind, mapping: ColumnMapping[]): string[] {
  const mapped = new Set(mapping.map((m) => m.field));
  const missing = REQUIRED_FIELDS[kind].filter((f) => !mapped.has(f));
  // A participation names its employee, or at least its department.
  if (kind === 'participations' && !mapped.has('employee_id') && !mapped.has('department_id')) missing.push('employee_id or department_id');
  return missing;
}
