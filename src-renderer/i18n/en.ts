/** English catalogue. Keys are shared with ko.ts; metric keys equal the SPEC's metric names. */
export const en = {
  app: { name: 'Sotong', tagline: 'Citizen-engagement analytics' },
  nav: { import: 'Import', departments: 'Departments', continuity: 'Continuity', evaluation: 'Evaluation', sql: 'SQL', settings: 'Settings' },
  header: { workspace: 'Workspace', rows: 'rows', readOnly: 'read-only', schema: 'schema v{{version}}', loading: 'Opening workspace…' },
  tables: {
    departments: 'departments', employees: 'employees', events: 'events', participations: 'participations',
    evaluations: 'evaluations', administrations: 'administrations', imports: 'imports',
  },
  error: { title: 'Something went wrong', dismiss: 'Dismiss', code: 'Code' },
  common: { run: 'Run', cancel: 'Cancel', loading: 'Loading…', empty: 'Nothing to show yet.', rows: '{{count}} rows', rows_one: '{{count}} row', truncated: 'showing the first {{count}} rows', elapsed: '{{ms}} ms' },
  scope: { from: 'From', to: 'To', administration: 'Administration', allTime: 'All time', departments: 'Departments', bureaus: 'Bureaus', channels: 'Channels', programs: 'Programs', all: 'all', selected: '{{count}} selected', search: 'Search…', clear: 'Clear', done: 'Done' },
  chart: { empty: 'No data in this scope.', capped: 'Showing {{shown}} of {{total}} points: narrow the scope to see all.' },
  channel: { forum: 'Forum', committee: 'Committee', online: 'Online', neighborhood: 'Neighbourhood', youth: 'Youth', budgeting: 'Participatory budgeting', workshop: 'Workshop', other: 'Other' },
  screens: {
    import: { title: 'Import participation logs', empty: 'Drop CSV, TSV, Excel, Parquet or JSON files here, or choose them. You will see the column mapping and a preview before anything is written.' },
    departments: { title: 'Departments', empty: 'Engagement by department: KPI cards, the department table, channels, depth of participation and the silo picture will appear here.' },
    continuity: { title: 'Continuity across administrations', empty: 'Which engagement programs, staff and departments survive a change of mayor will appear here.' },
    evaluation: { title: 'Evaluation', empty: "Each employee's engagement score, the composite evaluation and the stakeholder-engagement share will appear here." },
    sql: { title: 'SQL console', hint: 'Read-only: one query (SELECT, WITH … SELECT, FROM …). Ctrl+Enter runs it.', placeholder: 'SELECT department_id, count(*) FROM participations GROUP BY ALL' },
    settings: { title: 'Settings', language: 'Language', languageHint: 'Follows the system language until you choose one here.' },
  },
};
export type Catalogue = typeof en;
