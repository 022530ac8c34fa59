/**
 * Values → the SPEC vocabularies and types. Vocabulary values are few and
 * repeat, so they are mapped once per distinct value here, in JS (case,
 * spacing, Korean and English synonyms; unknown → `other`), and joined back
 * in SQL. Dates and numbers are parsed set-based in SQL (expressions below).
 */
import { VOCABULARIES } from '../../common/tables';
import { normalizeName } from './mapping';

export type VocabField = 'channel' | 'role' | 'outcome' | 'spectrum';
export const VOCAB_FIELDS: VocabField[] = ['channel', 'role', 'outcome', 'spectrum'];

const SYNONYMS: Record<VocabField | 'stakeholder_groups', Record<string, string[]>> = {
  channel: {
    forum: ['forums', '포럼', '청책', '청책토론회', '청책워크숍', '토론회', '공청회', 'policybylistening', 'cheongchek', 'hearing', 'townhall', 'publichearing'],
    committee: ['committees', '위원회', '자문위원회', '협의회', 'advisorycommittee', 'consultationcommittee', 'publicconsultationcommittee'],
    online: ['온라인', '온라인제안', '민주주의서울', '응답소', '천만상상오아시스', 'web', 'internet', 'eparticipation', 'democracyseoul', 'onlineproposal'],
    neighborhood: ['neighbourhood', 'neighborhoodcentre', 'neighborhoodcenter', 'neighbourhoodcentre', 'community', '동주민센터', '주민센터', '마을', '찾동', '동네'],
    youth: ['청년', '청년네트워크', '청년의회', '청소년', 'youthcouncil', 'youthnetwork'],
    budgeting: ['participatorybudgeting', 'budget', 'pb', '참여예산', '주민참여예산', '시민참여예산'],
    workshop: ['workshops', '워크숍', '워크샵', 'codesign', 'prototyping', '리빙랩', 'livinglab'],
    other: ['기타', 'etc', 'misc'],
  },
  role: {
    host: ['주최', '주관', 'organizer', 'organiser', 'chair'],
    facilitator: ['진행', '진행자', '퍼실리테이터', '사회', '사회자', 'moderator'],
    presenter: ['발표', '발표자', 'speaker'],
    participant: ['참여', '참석', '참여자', '참석자', 'attendee', 'member'],
    responder: ['답변', '응답', '답변자', '응답자', 'respondent', 'answerer'],
  },
  outcome: {
    none: ['없음', 'no', 'nooutcome', 'n/a', 'na'],
    recorded: ['기록', '접수', '기록됨', 'logged', 'record'],
    recommendation: ['권고', '제안', '건의', 'recommended', 'recommend'],
    adopted: ['채택', '반영', '정책반영', '수용', 'policyadopted', 'adopt', 'accepted'],
  },
  spectrum: {
    inform: ['정보제공', '알림', 'information', 'informing'],
    consult: ['협의', '자문', '의견수렴', 'consultation', 'consulting'],
    involve: ['관여', '참여', 'involvement', 'involving'],
    collaborate: ['협력', '협업', '협치', 'collaboration', 'collaborating'],
    empower: ['권한위임', '위임', 'empowerment', 'empowering'],
  },
  stakeholder_groups: {
    residents: ['resident', 'citizens', 'citizen', 'public', '주민', '시민', '지역주민'],
    ngo: ['ngos', 'npo', 'civilsociety', 'cso', '시민단체', '비영리단체', '시민사회'],
    youth: ['청년', '청소년', 'young'],
    experts: ['expert', 'academics', 'academia', '전문가', '학계'],
    private_sector: ['private', 'business', 'businesses', 'companies', 'industry', '기업', '민간', '민간기업'],
    other: ['기타', 'etc'],
  },
};

function lookupTable(field: keyof typeof SYNONYMS): Map<string, string> {
  const m = new Map<string, string>();
  for (const [value, syns] of Object.entries(SYNONYMS[field])) {
    m.set(normalizeName(value), value);
    for (const s of syns) m.set(normalizeName(s), value);
  }
  return m;
}
const LOOKUP = Object.fromEntries(Object.keys(SYNONYMS).map((f) => [f, lookupTable(f as keyof typeof SYNONYMS)])) as Record<
  keyof typeof SYNONYMS,
  Map<string, string>
>;

for (const f of [...VOCAB_FIELDS, 'stakeholder_groups'] as const) {
  for (const v of LOOKUP[f].values()) {
    if (v !== 'other' && !(VOCABULARIES[f] as readonly string[]).includes(v)) throw new Error(`synonym target ${v} is not in the ${f} vocabulary`);
  }
}

/** A raw value → its vocabulary value; `known` is false when it became `other` for want of a match. */
export function mapVocab(field: VocabField, raw: string): { value: string; known: boolean } {
  const hit = LOOKUP[field].get(normalizeName(raw));
  return hit ? { value: hit, known: true } : { value: 'other', known: false };
}

/** "residents; NGO" → ['ngo', 'residents'] (sorted, distinct), with the count of unknown items. */
export function mapGroups(raw: string): { values: string[]; unknown: number } {
  const body = raw.trim().replace(/^\[(.*)\]$/s, '$1');
  const items = body
    .split(/[;,|]/)
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s !== '');
  let unknown = 0;
  const out = new Set<string>();
  for (const item of items) {
    const hit = LOOKUP.stakeholder_groups.get(normalizeName(item));
    if (!hit) unknown++;
    out.add(hit ?? 'other');
  }
  return { values: [...out].sort(), unknown };
}

/** The latest date accepted: today + 1 year (SPEC: dates within 1990..today+1y). */
export function maxDate(today = new Date()): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}
export const MIN_DATE = '1990-01-01';
/**
 * Earliest accepted date per field. Engagement records start in 1990 (the
 * issue's rule); people's careers and administrations may start earlier, so
 * a 1985 hire is valid staff data, not an error.
 */
export const MIN_DATE_BY_FIELD: Record<string, string> = { hired_on: '1950-01-01', left_on: '1950-01-01', starts_on: '1950-01-01', ends_on: '1950-01-01', advisor_since: '1990-01-01' };
export const minDate = (field: string): string => MIN_DATE_BY_FIELD[field] ?? MIN_DATE;

/**
 * SQL: text → DATE, or NULL. ISO and YYYY/MM/DD by cast; YYYY.MM.DD,
 * YYYYMMDD and `2019년 3월 5일` (and a trailing time) by one regular
 * expression; from XLSX also Excel serial day numbers (day 0 = 1899-12-30).
 */
export function dateSql(x: string, xlsx: boolean): string {
  const re = String.raw`^(\d{4})\s*(?:[-./]|년)?\s*(\d{1,2})\s*(?:[-./]|월)?\s*(\d{1,2})\s*(?:일|\.)?(?:[T\s].*)?$`;
  const serial = xlsx
    ? `, CASE WHEN regexp_full_match(${x}, '\\d{4,5}(\\.\\d+)?') THEN CAST(DATE '1899-12-30' + CAST(floor(CAST(${x} AS DOUBLE)) AS INTEGER) AS DATE) END`
    : '';
  return `coalesce(try_cast(${x} AS DATE), try_cast(regexp_replace(${x}, '${re}', '\\1-\\2-\\3') AS DATE)${serial})`;
}

/** SQL: a period as `2019`, `2019H1`, `2019H2` (also `2019-H1`, `2019 상반기`), or NULL. */
export function periodSql(x: string): string {
  const cleaned = `upper(replace(replace(regexp_replace(${x}, '[\\s\\-_./]', '', 'g'), '상반기', 'H1'), '하반기', 'H2'))`;
  return `CASE WHEN regexp_full_match(${cleaned}, '\\d{4}(H[12])?') THEN ${cleaned} END`;
}
