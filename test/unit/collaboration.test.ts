/**
 * Collaboration matrix, partners and Krackhardt E-I index. Fixture (2020):
 *   V1: D1 e1, D2 e4         V2: D1 e1, D1 e2 (D1 alone, two staff)
 *   V3: D3 department-level, D2 e4            V4: D1 e2, D2 e4, D3 department-level
 *   V5: D2 e4 alone          V6 (2021): D1 e1, D4 e6 — outside the window
 * C[D1,D2] = V1, V4 = 2; C[D1,D3] = V4 = 1; C[D2,D3] = V3, V4 = 2; D4: none in 2020.
 * Ties (pairs of participation rows on an event), n = department's rows, N = all rows:
 *   D1: I = C(2,2) on V2 = 1; E = 1·1 (V1) + 1·2 (V4) = 3 → EI = (3 − 1) / 4 = 0.5
 *   D2: I = 0; E = 1 (V1) + 1 (V3) + 2 (V4) = 4 → EI = 1; V5 (alone, one row) adds nothing
 *   D3: I = 0; E = 1 (V3) + 2 (V4) = 3 → EI = 1
 *   D4: no tie → EI null
 */
import { describe, expect, it } from 'vitest';
import { arrowRows } from '../../src-main/cli/format';
import type { Engine } from '../../src-main/engine/engine';
import { closeAfterEach, newEngine, seed } from '../helpers/workspace';

const track = closeAfterEach();

async function fixture(): Promise<Engine> {
  const engine = await newEngine();
  track(engine);
  await seed(
    engine,
    `INSERT INTO departments VALUES ('D1', 'One', NULL, 'B1', NULL, NULL), ('D2', 'Two', NULL, 'B1', NULL, NULL),
       ('D3', 'Three', NULL, 'B2', NULL, NULL), ('D4', 'Four', NULL, 'B2', NULL, NULL)`,
    `INSERT INTO employees VALUES ('e1', 'D1', NULL, DATE '2015-01-01', NULL, NULL), ('e2', 'D1', NULL, DATE '2015-01-01', NULL, NULL),
       ('e4', 'D2', NULL, DATE '2015-01-01', NULL, NULL), ('e6', 'D4', NULL, DATE '2015-01-01', NULL, NULL)`,
    `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached) VALUES
       ('V1', DATE '2020-02-10', 'forum', 'P1', 1), ('V2', DATE '2020-03-05', 'committee', 'P1', 1), ('V3', DATE '2020-05-20', 'online', 'P2', 1),
       ('V4', DATE '2020-07-01', 'forum', 'P2', 1), ('V5', DATE '2020-11-30', 'workshop', 'P1', 1), ('V6', DATE '2021-03-01', 'forum', 'P1', 1)`,
    `INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES
       ('V1', 'e1', 'D1', 1), ('V1', 'e4', 'D2', 1), ('V2', 'e1', 'D1', 1), ('V2', 'e2', 'D1', 1),
       ('V3', NULL, 'D3', 1), ('V3', 'e4', 'D2', 1), ('V4', 'e2', NULL, 1), ('V4', 'e4', 'D2', 1), ('V4', NULL, 'D3', 1),
       ('V5', 'e4', 'D2', 1), ('V6', 'e1', 'D1', 1), ('V6', 'e6', 'D4', 1)`,
  );
  return engine;
}

const Y2020 = { from: '2020-01-01', to: '2020-12-31' };

describe('collaborationMatrix', () => {
  it('counts events with participants from both departments, in both orders', async () => {
    const engine = await fixture();
    const r = await engine.api().collaborationMatrix({ scope: Y2020 });
    if (!r.ok) throw new Error(r.error.message);
    const { columns, rows } = arrowRows(r.value);
    expect(columns).toEqual(['department_id', 'partner_id', 'events']);
    expect(rows.map((r) => Object.values(r))).toEqual([
      ['D1', 'D2', 2], ['D1', 'D3', 1], ['D2', 'D1', 2], ['D2', 'D3', 2], ['D3', 'D1', 1], ['D3', 'D2', 2],
    ]);
  });

  it('keeps partners outside the department filter, and includes 2021 only when the window does', async () => {
    const engine = await fixture();
    const r = await engine.api().collaborationMatrix({ scope: { departments: ['D1'] } });
    if (!r.ok) throw new Error(r.error.message);
    // No window: V6 adds D1–D4.
    expect(arrowRows(r.value).rows.map((x) => Object.values(x))).toEqual([['D1', 'D2', 2], ['D1', 'D3', 1], ['D1', 'D4', 1]]);
  });
});

describe('collaborationIndex', () => {
  it('gives partners, ties and the E-I index per department', async () => {
    const engine = await fixture();
    const r = await engine.api().collaborationIndex({ scope: Y2020 });
    if (!r.ok) throw new Error(r.error.message);
    const { columns, rows } = arrowRows(r.value);
    expect(columns).toEqual(['department_id', 'name', 'bureau', 'partners', 'internal_ties', 'external_ties', 'ei_index']);
    expect(rows.map((x) => [x.department_id, x.partners, x.internal_ties, x.external_ties, x.ei_index])).toEqual([
      ['D1', 2, 1, 3, 0.5],
      ['D2', 2, 0, 4, 1],
      ['D3', 2, 0, 3, 1],
      ['D4', 0, 0, 0, null],
    ]);
  });

  it('is empty of ties (nulls, no NaN) in a window without events', async () => {
    const engine = await fixture();
    const r = await engine.api().collaborationIndex({ scope: { from: '2030-01-01', to: '2030-12-31', bureaus: ['B1'] } });
    if (!r.ok) throw new Error(r.error.message);
    expect(arrowRows(r.value).rows.map((x) => [x.department_id, x.partners, x.ei_index])).toEqual([['D1', 0, null], ['D2', 0, null]]);
  });
});
