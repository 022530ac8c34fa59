/**
 * Versioned schema migrations of a workspace. Each migration runs once, in a
 * transaction, and bumps `schema_version`. Never edit a released migration:
 * add the next one.
 */
import { SCHEMA_VERSION } from '../common/tables';
import { REFRESH_SQL, ROLLUP_SQL } from './derived';
import { ARCHIVE_SQL } from './import/replaced';

export interface Migration {
  version: number;
  statements: string[];
}

// No PRIMARY KEY constraints: DuckDB's ART indexes slow bulk loads of millions
// of rows, and keys are enforced by the import (duplicates are reported with
// both row numbers). The logical keys are documented in SPEC.md.
const v1: Migration = {
  version: 1,
  statements: [
    `CREATE TABLE imports (
       import_id VARCHAR NOT NULL, source_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
       format VARCHAR NOT NULL, kind VARCHAR NOT NULL,
       rows_read BIGINT NOT NULL, rows_accepted BIGINT NOT NULL, rows_rejected BIGINT NOT NULL,
       imported_at TIMESTAMP NOT NULL, report JSON)`,
    `CREATE TABLE departments (
       department_id VARCHAR NOT NULL, name VARCHAR, name_en VARCHAR, bureau VARCHAR,
       advisor_since DATE, import_id VARCHAR)`,
    `CREATE TABLE employees (
       employee_id VARCHAR NOT NULL, department_id VARCHAR, grade VARCHAR,
       hired_on DATE, left_on DATE, import_id VARCHAR)`,
    `CREATE TABLE events (
       event_id VARCHAR NOT NULL, occurred_on DATE NOT NULL, channel VARCHAR NOT NULL, program VARCHAR,
       citizens_reached INTEGER NOT NULL DEFAULT 0 CHECK (citizens_reached >= 0),
       stakeholder_groups VARCHAR[], outcome VARCHAR, spectrum VARCHAR, import_id VARCHAR)`,
    `CREATE TABLE participations (
       event_id VARCHAR NOT NULL, employee_id VARCHAR, department_id VARCHAR, role VARCHAR,
       hours DOUBLE NOT NULL DEFAULT 0 CHECK (hours >= 0), import_id VARCHAR)`,
    `CREATE TABLE evaluations (
       employee_id VARCHAR NOT NULL, period VARCHAR NOT NULL,
       performance_score DOUBLE NOT NULL CHECK (performance_score BETWEEN 0 AND 100), import_id VARCHAR)`,
    `CREATE TABLE administrations (
       administration_id VARCHAR NOT NULL, name VARCHAR, head VARCHAR, starts_on DATE NOT NULL,
       ends_on DATE, agenda VARCHAR, import_id VARCHAR)`,
    `CREATE TABLE settings (key VARCHAR NOT NULL, value JSON)`,
    `CREATE TABLE audit_log (logged_at TIMESTAMP NOT NULL, action VARCHAR NOT NULL, details JSON)`,
    // SPEC.md "Default administrations (Seoul)".
    `INSERT INTO administrations VALUES
       ('lee-2002', 'Lee Myung-bak administration', 'Lee Myung-bak', DATE '2002-07-01', DATE '2006-06-30', 'Cheonggyecheon restoration, public transport reform', NULL),
       ('oh-2006', 'Oh Se-hoon administration', 'Oh Se-hoon', DATE '2006-07-01', DATE '2011-08-26', 'Creative administration, Design Seoul', NULL),
       ('kwon-2011', 'Kwon Young-gyu (acting)', 'Kwon Young-gyu', DATE '2011-08-27', DATE '2011-10-26', 'Acting mayor', NULL),
       ('park-2011', 'Park Won-soon administration', 'Park Won-soon', DATE '2011-10-27', DATE '2020-07-09', 'Citizen-led governance: Cheong-Chek forums, participatory budgeting', NULL),
       ('seo-2020', 'Seo Jeong-hyup (acting)', 'Seo Jeong-hyup', DATE '2020-07-10', DATE '2021-04-07', 'Acting mayor', NULL),
       ('oh-2021', 'Oh Se-hoon administration (2nd)', 'Oh Se-hoon', DATE '2021-04-08', NULL, 'Seoul vision 2030', NULL)`,
  ],
};

// The derived tables of derived.ts, filled from the data already there (the
// same statements as every refresh, without the monthly rollups, which came in v3).
const v2: Migration = { version: 2, statements: REFRESH_SQL.filter((sql) => !ROLLUP_SQL.includes(sql)) };

// The monthly rollups of derived.ts (d_month_departments, d_month_pairs,
// d_month_staff), computed from the v2 derived tables.
const v3: Migration = { version: 3, statements: [...ROLLUP_SQL] };

// Rows an upsert replaced, so that undoing that import restores them (import/replaced.ts).
const v4: Migration = { version: 4, statements: [...ARCHIVE_SQL] };

export const MIGRATIONS: Migration[] = [v1, v2, v3, v4];

if (MIGRATIONS[MIGRATIONS.length - 1]?.version !== SCHEMA_VERSION) {
  throw new Error('SCHEMA_VERSION in common/tables.ts must equal the last migration');
}
