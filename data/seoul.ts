/**
 * The catalogues of the Seoul-like demo: bureaus and departments, and the
 * engagement programs with the administrations they belong to. Hand-written,
 * small; data/demo.ts turns them into millions of rows in DuckDB SQL.
 *
 * Departments and programs are illustrative, modelled on the Seoul
 * Metropolitan Government's organisation and programs 2006-2024; volumes and
 * dates are plausible, not official figures.
 */

export interface Department {
  name: string;
  nameEn: string;
  bureau: string;
  /** Relative size: share of the employees. */
  size: number;
  /** A governance advisor embedded from this date (Park administration). */
  advisorSince?: string;
}

export const BUREAUS: Record<string, string> = {
  서울혁신기획관: 'Seoul Innovation Bureau',
  시민소통기획관: 'Citizen Communication Bureau',
  복지정책실: 'Welfare Policy Office',
  도시계획국: 'Urban Planning Bureau',
  기후환경본부: 'Climate and Environment Headquarters',
  경제정책실: 'Economic Policy Office',
  문화본부: 'Culture Headquarters',
  청년청: 'Seoul Youth Agency',
};

/** Index i is department `D{i+1}` (D01…D30). */
export const DEPARTMENTS: Department[] = [
  { name: '혁신기획과', nameEn: 'Innovation Planning Division', bureau: '서울혁신기획관', size: 70 },
  { name: '사회혁신담당관', nameEn: 'Social Innovation Office', bureau: '서울혁신기획관', size: 60, advisorSince: '2012-03-01' },
  { name: '협치지원관', nameEn: 'Governance Support Office', bureau: '서울혁신기획관', size: 55 },
  { name: '지역공동체담당관', nameEn: 'Community Support Office', bureau: '서울혁신기획관', size: 65, advisorSince: '2012-09-01' },
  { name: '시민소통담당관', nameEn: 'Citizen Communication Office', bureau: '시민소통기획관', size: 80 },
  { name: '민원제도과', nameEn: 'Civil Petitions Division', bureau: '시민소통기획관', size: 95 },
  { name: '뉴미디어담당관', nameEn: 'New Media Office', bureau: '시민소통기획관', size: 55 },
  { name: '복지정책과', nameEn: 'Welfare Policy Division', bureau: '복지정책실', size: 110, advisorSince: '2013-03-01' },
  { name: '어르신복지과', nameEn: 'Senior Welfare Division', bureau: '복지정책실', size: 100 },
  { name: '장애인복지정책과', nameEn: 'Disability Welfare Policy Division', bureau: '복지정책실', size: 95 },
  { name: '자활지원과', nameEn: 'Self-Sufficiency Support Division', bureau: '복지정책실', size: 75 },
  { name: '도시계획과', nameEn: 'Urban Planning Division', bureau: '도시계획국', size: 110, advisorSince: '2013-09-01' },
  { name: '시설계획과', nameEn: 'Facility Planning Division', bureau: '도시계획국', size: 90 },
  { name: '도시재생과', nameEn: 'Urban Regeneration Division', bureau: '도시계획국', size: 85 },
  { name: '토지관리과', nameEn: 'Land Management Division', bureau: '도시계획국', size: 90 },
  { name: '기후환경정책과', nameEn: 'Climate and Environment Policy Division', bureau: '기후환경본부', size: 90, advisorSince: '2014-03-01' },
  { name: '대기정책과', nameEn: 'Air Quality Policy Division', bureau: '기후환경본부', size: 85 },
  { name: '자원순환과', nameEn: 'Resource Circulation Division', bureau: '기후환경본부', size: 95 },
  { name: '녹색에너지과', nameEn: 'Green Energy Division', bureau: '기후환경본부', size: 70 },
  { name: '경제정책과', nameEn: 'Economic Policy Division', bureau: '경제정책실', size: 95 },
  { name: '소상공인정책과', nameEn: 'Small Business Policy Division', bureau: '경제정책실', size: 90, advisorSince: '2014-09-01' },
  { name: '노동정책과', nameEn: 'Labour Policy Division', bureau: '경제정책실', size: 75 },
  { name: '일자리정책과', nameEn: 'Jobs Policy Division', bureau: '경제정책실', size: 85 },
  { name: '문화정책과', nameEn: 'Culture Policy Division', bureau: '문화본부', size: 85, advisorSince: '2015-03-01' },
  { name: '문화예술과', nameEn: 'Arts Division', bureau: '문화본부', size: 80 },
  { name: '관광정책과', nameEn: 'Tourism Policy Division', bureau: '문화본부', size: 75 },
  { name: '역사문화재과', nameEn: 'Historic Heritage Division', bureau: '문화본부', size: 80 },
  { name: '청년정책담당관', nameEn: 'Youth Policy Office', bureau: '청년청', size: 60, advisorSince: '2015-09-01' },
  { name: '청년활동지원과', nameEn: 'Youth Activity Support Division', bureau: '청년청', size: 55 },
  { name: '교육협력과', nameEn: 'Education Cooperation Division', bureau: '청년청', size: 70 },
];

export const departmentId = (index: number): string => `D${String(index + 1).padStart(2, '0')}`;

type Channel = 'forum' | 'committee' | 'online' | 'neighborhood' | 'youth' | 'budgeting' | 'workshop';
/** Weights in vocabulary order (need not sum to 1). */
type Weights5 = [inform: number, consult: number, involve: number, collaborate: number, empower: number];
type Weights4 = [none: number, recorded: number, recommendation: number, adopted: number];

export interface Program {
  /** Stored value of `events.program`: Korean with an English gloss. */
  name: string;
  channel: Channel;
  /** The administration that launched it (ids of SPEC's defaults). */
  administration: string;
  startsOn: string;
  /** Last possible event date; none: still running at the end of 2024. */
  endsOn?: string;
  /** Events per year at full activity, scale 1. */
  perYear: number;
  /** Activity level from a year on (piecewise constant; 1 before the first step). */
  levels?: Array<[year: number, level: number]>;
  /** Staff per event, uniform in [min, max]. */
  staff: [min: number, max: number];
  /** Hours per staff member, before the role factor. */
  hours: [min: number, max: number];
  /** Citizens reached: median and spread (log-normal sigma). */
  citizens: [median: number, sigma: number];
  spectrum: Weights5;
  outcome: Weights4;
  /** Probability of each stakeholder group being met; the first listed is the fallback. */
  groups: Partial<Record<'residents' | 'ngo' | 'youth' | 'experts' | 'private_sector' | 'other', number>>;
  /** Departments (indices into DEPARTMENTS) that usually lead it, and how often they do. */
  home: number[];
  homeShare: number;
  /** Share of events logged per department, with no staff named. */
  departmentLevel: number;
}

const d = (id: string): number => Number(id.slice(1)) - 1;

export const PROGRAMS: Program[] = [
  // Oh Se-hoon, 2006-2011: ideas from staff and citizens, then gone with the administration.
  {
    name: '창의 행정 아이디어 공모 (creative administration idea contest)', channel: 'online', administration: 'oh-2006',
    startsOn: '2006-09-01', endsOn: '2011-08-26', perYear: 1300, levels: [[2011, 0.6]], staff: [1, 3], hours: [0.5, 2],
    citizens: [15, 0.9], spectrum: [3, 5, 1, 0, 0], outcome: [3, 4, 2, 1],
    groups: { residents: 0.7, experts: 0.2, private_sector: 0.1 }, home: [d('D01'), d('D05')], homeShare: 0.3, departmentLevel: 0.03,
  },
  {
    name: '천만상상 오아시스 (Ten-Million Imagination Oasis)', channel: 'online', administration: 'oh-2006',
    startsOn: '2006-10-10', endsOn: '2011-10-26', perYear: 1500, levels: [[2011, 0.5]], staff: [1, 2], hours: [0.5, 1.5],
    citizens: [40, 1.1], spectrum: [4, 5, 1, 0, 0], outcome: [4, 4, 1.5, 0.5],
    groups: { residents: 0.9, youth: 0.15, other: 0.1 }, home: [d('D05'), d('D06'), d('D07')], homeShare: 0.5, departmentLevel: 0.03,
  },
  {
    name: '디자인서울 시민자문 (Design Seoul citizen advisory)', channel: 'workshop', administration: 'oh-2006',
    startsOn: '2007-03-01', endsOn: '2011-06-30', perYear: 160, staff: [3, 8], hours: [2, 5],
    citizens: [25, 0.6], spectrum: [1, 5, 3, 1, 0], outcome: [1, 3, 4, 2],
    groups: { experts: 0.9, residents: 0.4, private_sector: 0.4 }, home: [d('D12'), d('D24'), d('D25')], homeShare: 0.7, departmentLevel: 0.03,
  },
  // Park Won-soon, from 2011-10-27: citizen-led governance.
  {
    name: '청책토론회 (Cheong-Chek forum)', channel: 'forum', administration: 'park-2011',
    startsOn: '2011-11-01', endsOn: '2021-06-30', perYear: 420, levels: [[2012, 1], [2019, 0.8], [2020, 0.45], [2021, 0.2]], staff: [4, 12], hours: [2, 4],
    citizens: [150, 0.7], spectrum: [1, 5, 4, 1, 0], outcome: [1, 4, 4, 2],
    groups: { residents: 0.9, ngo: 0.6, experts: 0.5, youth: 0.25, private_sector: 0.2 }, home: [d('D05'), d('D03')], homeShare: 0.3, departmentLevel: 0.02,
  },
  {
    name: '마을공동체 (neighbourhood community centres)', channel: 'neighborhood', administration: 'park-2011',
    startsOn: '2012-03-01', perYear: 1500, levels: [[2012, 0.6], [2013, 1], [2022, 0.7], [2023, 0.45], [2024, 0.35]], staff: [1, 5], hours: [1, 4],
    citizens: [35, 0.8], spectrum: [1, 2, 5, 3, 1], outcome: [2, 5, 2, 1],
    groups: { residents: 0.95, ngo: 0.5, youth: 0.2, other: 0.1 }, home: [d('D04'), d('D03')], homeShare: 0.6, departmentLevel: 0.07,
  },
  {
    name: '청년정책네트워크 (youth policy network)', channel: 'youth', administration: 'park-2011',
    startsOn: '2013-07-01', endsOn: '2022-12-31', perYear: 520, levels: [[2022, 0.4]], staff: [2, 6], hours: [1.5, 4],
    citizens: [40, 0.6], spectrum: [0, 2, 4, 4, 1], outcome: [1, 3, 4, 2],
    groups: { youth: 1, ngo: 0.4, experts: 0.2 }, home: [d('D28'), d('D29'), d('D30')], homeShare: 0.8, departmentLevel: 0.02,
  },
  {
    name: '서울청년의회 (Seoul youth council)', channel: 'youth', administration: 'park-2011',
    startsOn: '2015-07-01', endsOn: '2021-12-31', perYear: 150, staff: [3, 8], hours: [2, 5],
    citizens: [120, 0.4], spectrum: [0, 1, 3, 4, 2], outcome: [0, 2, 5, 3],
    groups: { youth: 1, experts: 0.3 }, home: [d('D28'), d('D29')], homeShare: 0.8, departmentLevel: 0.01,
  },
  {
    name: '시민참여예산 (participatory budgeting)', channel: 'budgeting', administration: 'park-2011',
    startsOn: '2012-05-01', perYear: 650, levels: [[2022, 0.6], [2023, 0.4]], staff: [2, 8], hours: [1, 5],
    citizens: [200, 0.9], spectrum: [0, 1, 3, 3, 3], outcome: [1, 2, 3, 4],
    groups: { residents: 0.95, ngo: 0.5, youth: 0.2, experts: 0.2 }, home: [d('D03'), d('D05'), d('D01')], homeShare: 0.5, departmentLevel: 0.07,
  },
  {
    name: '민주주의 서울 (Democracy Seoul online proposals)', channel: 'online', administration: 'park-2011',
    startsOn: '2017-10-01', endsOn: '2022-01-31', perYear: 2000, staff: [1, 3], hours: [0.5, 2],
    citizens: [300, 1.2], spectrum: [1, 5, 3, 1, 0], outcome: [3, 4, 2, 1],
    groups: { residents: 0.9, youth: 0.3, ngo: 0.3, other: 0.1 }, home: [d('D03'), d('D05'), d('D07')], homeShare: 0.4, departmentLevel: 0.03,
  },
  {
    name: '서울혁신파크 워크숍 (Seoul Innovation Park workshops)', channel: 'workshop', administration: 'park-2011',
    startsOn: '2015-05-01', endsOn: '2023-06-30', perYear: 360, levels: [[2022, 0.5], [2023, 0.25]], staff: [3, 10], hours: [3, 8],
    citizens: [30, 0.5], spectrum: [0, 1, 3, 5, 1], outcome: [1, 3, 4, 2],
    groups: { ngo: 0.9, residents: 0.5, private_sector: 0.4, experts: 0.4 }, home: [d('D02'), d('D01')], homeShare: 0.7, departmentLevel: 0.02,
  },
  {
    name: '응답소 민원 (Eungdapso complaints answered)', channel: 'online', administration: 'park-2011',
    startsOn: '2014-06-01', perYear: 2000, staff: [1, 2], hours: [0.5, 1.5],
    citizens: [3, 0.8], spectrum: [6, 3, 0, 0, 0], outcome: [5, 4, 1, 0.3],
    groups: { residents: 1, other: 0.1 }, home: [d('D06')], homeShare: 0.3, departmentLevel: 0.02,
  },
  {
    name: '서울협치회의 (Seoul governance council)', channel: 'committee', administration: 'park-2011',
    startsOn: '2017-01-01', endsOn: '2022-06-30', perYear: 240, levels: [[2021, 0.7], [2022, 0.4]], staff: [3, 8], hours: [2, 4],
    citizens: [20, 0.4], spectrum: [0, 2, 3, 4, 1], outcome: [1, 3, 4, 2],
    groups: { ngo: 0.9, residents: 0.5, experts: 0.5 }, home: [d('D03'), d('D01')], homeShare: 0.6, departmentLevel: 0.04,
  },
  // Across all administrations.
  {
    name: '정책자문위원회 (policy advisory committees)', channel: 'committee', administration: 'oh-2006',
    startsOn: '2006-01-01', perYear: 1000, staff: [2, 6], hours: [1.5, 3],
    citizens: [12, 0.4], spectrum: [1, 6, 2, 1, 0], outcome: [2, 4, 3, 1],
    groups: { experts: 0.95, ngo: 0.3, residents: 0.3, private_sector: 0.2 }, home: [], homeShare: 0, departmentLevel: 0.1,
  },
  {
    name: '공청회 (public hearings)', channel: 'forum', administration: 'oh-2006',
    startsOn: '2006-01-01', perYear: 320, staff: [3, 8], hours: [2, 4],
    citizens: [80, 0.6], spectrum: [3, 6, 1, 0, 0], outcome: [2, 5, 2, 1],
    groups: { residents: 0.95, experts: 0.5, ngo: 0.4, private_sector: 0.3 }, home: [d('D12'), d('D14'), d('D16')], homeShare: 0.4, departmentLevel: 0.08,
  },
  // Oh Se-hoon again, from 2021-04-08.
  {
    name: '상상대로 서울 (Seoul As Imagined online proposals)', channel: 'online', administration: 'oh-2021',
    startsOn: '2022-02-01', perYear: 1400, staff: [1, 3], hours: [0.5, 2],
    citizens: [180, 1.1], spectrum: [2, 5, 2, 0.5, 0], outcome: [3, 4, 2, 1],
    groups: { residents: 0.9, youth: 0.25, other: 0.15 }, home: [d('D05'), d('D07')], homeShare: 0.4, departmentLevel: 0.03,
  },
  {
    name: '서울런 (Seoul Learn consultations)', channel: 'workshop', administration: 'oh-2021',
    startsOn: '2021-08-01', perYear: 300, staff: [2, 5], hours: [1, 3],
    citizens: [45, 0.6], spectrum: [2, 4, 3, 1, 0], outcome: [1, 4, 3, 2],
    groups: { youth: 0.95, residents: 0.5, private_sector: 0.3 }, home: [d('D30'), d('D28')], homeShare: 0.8, departmentLevel: 0.03,
  },
  {
    name: '약자동행 간담회 (companionship with the vulnerable consultations)', channel: 'forum', administration: 'oh-2021',
    startsOn: '2022-11-01', perYear: 380, staff: [2, 8], hours: [1.5, 4],
    citizens: [60, 0.6], spectrum: [1, 5, 3, 1, 0], outcome: [1, 4, 3, 2],
    groups: { residents: 0.95, ngo: 0.6, experts: 0.3 }, home: [d('D08'), d('D09'), d('D10'), d('D11')], homeShare: 0.8, departmentLevel: 0.03,
  },
];

/** The demo covers these years, inclusive. */
export const DEMO_FIRST_YEAR = 2006;
export const DEMO_LAST_YEAR = 2024;
