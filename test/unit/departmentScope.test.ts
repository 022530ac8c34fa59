/** The Departments scope: which department ids exist, validation, and the rows it lists. */
import { describe, expect, it } from 'vitest';
import { arrowRows } from '../../src-main/cli/format';
import { SotongError } from '../../src-main/common/result';
import type { Engine } from '../../src-main/engine/engine';
import { OPEN_FROM, OPEN_TO, resolveScope } from '../../src-main/engine/departmentScope';
import { closeAfterEach, newEngine, seed } from '../helpers/workspace';

const track = closeAfterEach();

async function fixture(): Promise<Engine> {
  const engine = await newEngine();
  track(engine);
  await seed(
    engine,
    `INSERT INTO departments VALUES ('D1', 'One', NULL, 'B1', NULL, NULL)`,
    // E only in employees, P only in participations (of 2019): ids the workspace knows without a departments row.
    `INSERT INTO employees VALUES ('e1', 'E', NULL, DATE '2010-01-01', NULL, NULL)`,
    `INSERT INTO events (event_id, occurred_on, channel, program, citizens_reached) VALUES ('v', DATE '2019-05-01', 'forum', 'P', 3)`,
    `INSERT INTO participations (event_id, employee_id, department_id, hours) VALUES ('v', NULL, 'P', 2)`,
  );
  return engine;
}

describe('resolveScope', () => {
  it('opens missing bounds and accepts ids known from employees or participations', async () => {
    const engine = await fixture();
    const rs = await engine.workspace.use('read', (c) => resolveScope(c, { departments: ['E', 'P', 'D1'], bureaus: ['B1'] }));
    expect([rs.from, rs.to, rs.bounded, rs.hasEmployees]).toEqual([OPEN_FROM, OPEN_TO, false, true]);
  });

  it('names the field of an unknown department, an unknown bureau, and from after to', async () => {
    const engine = await fixture();
    const fail = async (scope: object) =>
      engine.workspace.use('read', (c) => resolveScope(c, scope)).then(
        () => { throw new Error('expected a VALIDATION error'); },
        (e: SotongError) => [e.code, (e.details as { field: string }).field, e.message],
      );
    expect(await fail({ departments: ['Q', 'D1', 'A'] })).toEqual(['VALIDATION', 'scope.departments', 'scope.departments: unknown department id "A", "Q"']);
    expect(await fail({ bureaus: ['B1', 'B9'] })).toEqual(['VALIDATION', 'scope.bureaus', 'scope.bureaus: unknown bureau "B9"']);
    expect(await fail({ from: '2020-02-01', to: '2020-01-01' })).toEqual(['VALIDATION', 'scope.from', '"from" must not be after "to"']);
  });

  it('lists departments of the table and of employees always, and those of participations when in scope', async () => {
    const engine = await fixture();
    const ids = async (scope: object) => {
      const r = await engine.api().departmentTable({ scope });
      if (!r.ok) throw new Error(r.error.message);
      return arrowRows(r.value).rows.map((x) => [x.department_id, x.name, x.events]);
    };
    expect(await ids({})).toEqual([['D1', 'One', 0], ['E', null, 0], ['P', null, 1]]);
    expect(await ids({ from: '2020-01-01' })).toEqual([['D1', 'One', 0], ['E', null, 0]]);
  });
});

describe('the scope facts of the Departments handlers', () => {
  it('follow the data: a department added after a refused call is accepted, one removed is refused again', async () => {
    const engine = await fixture();
    const table = async (departments: string[]) => {
      const r = await engine.api().departmentTable({ scope: { departments } });
      return r.ok ? arrowRows(r.value).rows.map((x) => x.department_id) : r.error.message;
    };
    expect(await table(['D2'])).toBe('scope.departments: unknown department id "D2"');
    await seed(engine, `INSERT INTO departments VALUES ('D2', 'Two', NULL, 'B2', NULL, NULL)`);
    expect(await table(['D2'])).toEqual(['D2']);
    expect(await engine.api().departmentTotals({ scope: { bureaus: ['B2'] } })).toMatchObject({ ok: true, value: { departments: 1 } });
    await seed(engine, `DELETE FROM departments WHERE department_id = 'D2'`);
    expect(await table(['D2'])).toBe('scope.departments: unknown department id "D2"');
  });
});
