/** 한국어 카탈로그. en.ts와 같은 키를 씁니다. */
import type { Catalogue } from './en';

export const ko: Catalogue = {
  app: { name: '소통', tagline: '시민 참여 분석' },
  nav: { import: '가져오기', departments: '부서', continuity: '연속성', evaluation: '평가', sql: 'SQL', settings: '설정' },
  header: { workspace: '작업공간', rows: '행', readOnly: '읽기 전용', schema: '스키마 v{{version}}', loading: '작업공간을 여는 중…' },
  tables: {
    departments: '부서', employees: '직원', events: '행사', participations: '참여',
    evaluations: '평가', administrations: '시정', imports: '가져오기 기록',
  },
  error: { title: '문제가 발생했습니다', dismiss: '닫기', code: '코드' },
  common: { run: '실행', cancel: '취소', loading: '불러오는 중…', empty: '아직 표시할 내용이 없습니다.', rows: '{{count}}행', rows_one: '{{count}}행', truncated: '처음 {{count}}행만 표시', elapsed: '{{ms}}ms' },
  scope: { from: '시작', to: '끝', administration: '시정', allTime: '전체 기간', departments: '부서', bureaus: '실·국·본부', channels: '채널', programs: '사업', all: '전체', selected: '{{count}}개 선택', search: '검색…', clear: '지우기', done: '완료' },
  chart: { empty: '이 범위에는 데이터가 없습니다.', capped: '{{total}}개 중 {{shown}}개만 표시합니다. 범위를 좁히면 모두 볼 수 있습니다.' },
  channel: { forum: '포럼', committee: '위원회', online: '온라인', neighborhood: '마을', youth: '청년', budgeting: '참여예산', workshop: '워크숍', other: '기타' },
  import: {
    choose: '파일 선택…', kind: '종류', encoding: '인코딩', delimiter: '구분자', onError: '오류가 있으면', reject: '파일 전체 거부', skip: '잘못된 행만 건너뛰기',
    onConflict: '이미 있는 키', conflictReject: '거부', upsert: '덮어쓰기(upsert)', ignore: '(무시)', start: '가져오기',
    missingRequired: '필수 필드에 연결된 열이 없습니다: {{fields}}. 위에서 연결하지 않으면 가져오기가 거부됩니다.',
    rowsRead: '행', rowsPerSecond: '행/초', cancelled: '가져오기를 취소했습니다. 작업공간은 그대로입니다.',
    history: '이 작업공간의 가져오기 기록', noHistory: '아직 가져온 파일이 없습니다.', undo: '되돌리기', undoConfirm: '가져오기 {{id}}의 모든 행을 지울까요?',
    read: '읽은 행', accepted: '저장', rejected: '거부', defaulted: '기본값 적용', mappedToOther: '"기타"로 저장된 알 수 없는 값',
    problems: '문제 {{count}}건', downloadProblems: 'CSV로 내려받기',
    phase: { queued: '대기', staging: '파일 읽는 중', loading: '불러오는 중', validating: '검사 중', committing: '저장 중', finished: '완료' },
    status: { committed: '{{id}}(으)로 가져왔습니다', rejected: '거부됨: 아무것도 저장하지 않았습니다. 아래 문제를 고치거나 "잘못된 행만 건너뛰기"를 고르세요.', duplicate: '이미 {{of}}(으)로 가져온 파일입니다. 추가한 것이 없습니다.' },
  },
  screens: {
    import: { title: '참여 기록 가져오기', empty: 'CSV, TSV, 엑셀, Parquet, JSON 파일을 여기에 끌어 놓거나 선택하세요. 저장하기 전에 열 매핑과 미리보기를 확인할 수 있습니다.' },
    departments: { title: '부서', empty: '부서별 참여: 핵심 지표, 부서 표, 채널, 참여 수준, 부서 간 협업(사일로) 현황이 여기에 표시됩니다.' },
    continuity: { title: '시정 간 연속성', empty: '시장 교체 후에도 이어지는 참여 사업, 직원, 부서가 여기에 표시됩니다.' },
    evaluation: { title: '평가', empty: '직원별 참여 점수, 종합 평가, 이해관계자 참여 비중이 여기에 표시됩니다.' },
    sql: { title: 'SQL 콘솔', hint: '읽기 전용: 쿼리 한 개(SELECT, WITH … SELECT, FROM …)만 실행됩니다. Ctrl+Enter로 실행.', placeholder: 'SELECT department_id, count(*) FROM participations GROUP BY ALL' },
    settings: { title: '설정', language: '언어', languageHint: '여기서 고르기 전까지는 시스템 언어를 따릅니다.' },
  },
};
