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
  import: {
    choose: 'Choose files…', kind: 'Kind', encoding: 'Encoding', delimiter: 'delimiter', onError: 'On errors', reject: 'Reject the file', skip: 'Skip bad rows',
    onConflict: 'Keys already in the workspace', conflictReject: 'Reject', upsert: 'Replace (upsert)', ignore: '(ignore)', start: 'Import',
    missingRequired: 'No column is mapped to the required field(s): {{fields}}. Map them above, or the import will be refused.',
    rowsRead: 'rows', rowsPerSecond: 'rows/s', cancelled: 'Import cancelled: the workspace is unchanged.',
    history: 'Imports in this workspace', noHistory: 'Nothing imported yet.', undo: 'Undo', undoConfirm: 'Remove every row of import {{id}}?',
    read: 'Rows read', accepted: 'accepted', rejected: 'rejected', defaulted: 'defaulted', mappedToOther: 'unknown values stored as "other"',
    problems: '{{count}} problems', downloadProblems: 'Download as CSV',
    phase: { queued: 'Queued', staging: 'Reading the file', loading: 'Loading', validating: 'Checking', committing: 'Saving', finished: 'Done' },
    status: { committed: 'Imported as {{id}}', rejected: 'Rejected: nothing was written. Fix the problems below, or choose "Skip bad rows".', duplicate: 'Already imported as {{of}}: nothing added.' },
  },
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
