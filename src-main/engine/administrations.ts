/**
 * Administrations as data (SPEC.md "Default administrations"): the periods a
 * government was led by one head. Seoul's are seeded; users add, rename,
 * re-date and delete theirs. A period [starts_on, ends_on] is inclusive, an
 * open period (ends_on null) lasts to the end of the data. Periods must not be
 * inverted and must not overlap another administration's.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Administration, ContinuityResponses } from '../common/continuityApi';
import type { ParsedRequest } from '../common/api';
import { SotongError } from '../common/result';
import { resultToArrow } from './arrow';
import type { Workspace } from './workspace';
import { inTransaction } from './transaction';

const SELECT_ADMINISTRATIONS = `
  SELECT administration_id, name, head,
         strftime(starts_on, '%Y-%m-%d') AS starts_on,
         strftime(ends_on, '%Y-%m-%d') AS ends_on, agenda
  FROM administrations ORDER BY starts_on, administration_id`;

export async function readAdministrations(conn: DuckDBConnection): Promise<Administration[]> {
  const rows = (await conn.runAndReadAll(SELECT_ADMINISTRATIONS)).getRowObjectsJS();
  return rows.map((r) => ({
    administration_id: String(r.administration_id),
    name: (r.name as string | null) ?? null,
    head: (r.head as string | null) ?? null,
    starts_on: String(r.starts_on),
    ends_on: (r.ends_on as string | null) ?? null,
    agenda: (r.agenda as string | null) ?? null,
  }));
}

export async function listAdministrations(ws: Workspace): Promise<ContinuityResponses['listAdministrations']> {
  // A handful of rows: a materialized result costs less than a stream.
  return ws.use('read', async (conn) =>
    (await resultToArrow(
      await conn.run(`SELECT administration_id, name, head, starts_on, ends_on, agenda FROM administrations ORDER BY starts_on, administration_id`),
    )).bytes,
  );
}

/** "park-2011 (Park Won-soon administration, 2011-10-27 to 2020-07-09)" */
export function describeAdministration(a: Administration): string {
  const label = a.name ? `${a.name}, ` : '';
  return `${a.administration_id} (${label}${a.starts_on} to ${a.ends_on ?? 'open'})`;
}

/**
 * Checks a candidate period against the others: not inverted, no overlap.
 * Dates are ISO strings, so string order is date order; an open end is +∞.
 */
export function checkPeriod(candidate: Administration, others: readonly Administration[]): void {
  if (candidate.ends_on !== null && candidate.ends_on < candidate.starts_on) {
    throw new SotongError(
      'VALIDATION',
      `Administration ${candidate.administration_id}: ends_on ${candidate.ends_on} is before starts_on ${candidate.starts_on} (the period is inverted).`,
      { field: 'ends_on' },
    );
  }
  const end = (a: Administration) => a.ends_on ?? '9999-12-31';
  for (const other of others) {
    if (other.administration_id === candidate.administration_id) continue;
    if (candidate.starts_on <= end(other) && other.starts_on <= end(candidate)) {
      const hint = other.ends_on === null && other.starts_on < candidate.starts_on
        ? ` Close ${other.administration_id} first (set its ends_on before ${candidate.starts_on}).`
        : '';
      throw new SotongError(
        'VALIDATION',
        `Administration ${describeAdministration(candidate)} overlaps administration ${describeAdministration(other)}.${hint}`,
        { field: 'starts_on', overlaps: other.administration_id },
      );
    }
  }
}

/** Runs an edit on the write lane in one transaction, against the current administrations. */
async function edit<T>(ws: Workspace, fn: (conn: DuckDBConnection, current: Administration[]) => Promise<T>): Promise<T> {
  ws.assertWritable();
  return ws.use('write', (conn) => inTransaction(conn, async () => fn(conn, await readAdministrations(conn))));
}

async function audit(conn: DuckDBConnection, action: string, details: unknown): Promise<void> {
  await conn.run('INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, $1, $2::JSON)', [action, JSON.stringify(details)]);
}

async function writeRow(conn: DuckDBConnection, a: Administration): Promise<void> {
  await conn.run(
    `INSERT INTO administrations (administration_id, name, head, starts_on, ends_on, agenda, import_id)
     VALUES ($1, $2, $3, $4::DATE, $5::DATE, $6, NULL)`,
    [a.administration_id, a.name, a.head, a.starts_on, a.ends_on, a.agenda],
  );
}

const unknownAdministration = (id: string, current: Administration[]) =>
  new SotongError(
    'VALIDATION',
    `There is no administration "${id}". Known: ${current.map((a) => a.administration_id).join(', ') || '(none)'}.`,
    { field: 'administration_id' },
  );

export function addAdministration(ws: Workspace, req: ParsedRequest<'addAdministration'>): Promise<Administration> {
  return edit(ws, async (conn, current) => {
    const existing = current.find((a) => a.administration_id === req.administration_id);
    if (existing) {
      throw new SotongError('VALIDATION', `An administration with id ${describeAdministration(existing)} already exists; ids are unique.`, {
        field: 'administration_id',
      });
    }
    const row: Administration = {
      administration_id: req.administration_id,
      name: req.name ?? null,
      head: req.head ?? null,
      starts_on: req.starts_on,
      ends_on: req.ends_on ?? null,
      agenda: req.agenda ?? null,
    };
    checkPeriod(row, current);
    await writeRow(conn, row);
    await audit(conn, 'administration.add', row);
    return row;
  });
}

export function updateAdministration(ws: Workspace, req: ParsedRequest<'updateAdministration'>): Promise<Administration> {
  return edit(ws, async (conn, current) => {
    const old = current.find((a) => a.administration_id === req.administration_id);
    if (!old) throw unknownAdministration(req.administration_id, current);
    // A field left out keeps its value; a null clears it (ends_on null: still in office).
    const row: Administration = {
      administration_id: old.administration_id,
      name: req.name === undefined ? old.name : req.name,
      head: req.head === undefined ? old.head : req.head,
      starts_on: req.starts_on ?? old.starts_on,
      ends_on: req.ends_on === undefined ? old.ends_on : req.ends_on,
      agenda: req.agenda === undefined ? old.agenda : req.agenda,
    };
    checkPeriod(row, current);
    await conn.run(
      `UPDATE administrations SET name = $2, head = $3, starts_on = $4::DATE, ends_on = $5::DATE, agenda = $6
       WHERE administration_id = $1`,
      [row.administration_id, row.name, row.head, row.starts_on, row.ends_on, row.agenda],
    );
    await audit(conn, 'administration.update', { before: old, after: row });
    return row;
  });
}

export function deleteAdministration(ws: Workspace, req: ParsedRequest<'deleteAdministration'>): Promise<{ deleted: string }> {
  return edit(ws, async (conn, current) => {
    const old = current.find((a) => a.administration_id === req.administration_id);
    if (!old) throw unknownAdministration(req.administration_id, current);
    await conn.run('DELETE FROM administrations WHERE administration_id = $1', [old.administration_id]);
    await audit(conn, 'administration.delete', old);
    return { deleted: old.administration_id };
  });
}
