/** Table and column names of the workspace: the data contract of SPEC.md. */
export const SCHEMA_VERSION = 4;

export const TABLES = [
  'departments',
  'employees',
  'events',
  'participations',
  'evaluations',
  'administrations',
  'imports',
] as const;
export type TableName = (typeof TABLES)[number];

export const isTableName = (s: string): s is TableName => (TABLES as readonly string[]).includes(s);

export const VOCABULARIES = {
  channel: ['forum', 'committee', 'online', 'neighborhood', 'youth', 'budgeting', 'workshop', 'other'],
  role: ['host', 'facilitator', 'presenter', 'participant', 'responder'],
  outcome: ['none', 'recorded', 'recommendation', 'adopted'],
  stakeholder_groups: ['residents', 'ngo', 'youth', 'experts', 'private_sector', 'other'],
  spectrum: ['inform', 'consult', 'involve', 'collaborate', 'empower'],
} as const;
export type Channel = (typeof VOCABULARIES.channel)[number];
