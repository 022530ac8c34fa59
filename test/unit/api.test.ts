/** The API contract: every method validated at the entry point, the preload's method list in sync. */
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../src-main/common/api';
import { API_METHOD_NAMES } from '../../src-main/common/methods';
import { validateRequest } from '../../src-main/common/validate';
import { Scope } from '../../src-main/common/scope';

describe('api contract', () => {
  it('the preload exposes exactly the API methods', () => {
    expect([...API_METHOD_NAMES].sort()).toEqual([...API_METHODS].sort());
  });

  it('rejects unknown methods and payloads of the wrong shape, naming the field', () => {
    const unknown = validateRequest('nope', {});
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_METHOD');
    const wrong = validateRequest('sql', { sql: ['select 1'] });
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'VALIDATION', details: { field: 'sql' } });
    const extra = validateRequest('info', { path: '/etc' });
    expect(!extra.ok && extra.error.code).toBe('VALIDATION');
    const rows = validateRequest('sql', { sql: 'select 1', maxRows: -5 });
    expect(!rows.ok && rows.error.details).toMatchObject({ field: 'maxRows' });
  });

  it('checks scopes: real dates, from not after to, known channels', () => {
    expect(Scope.safeParse({ from: '2019-01-01', to: '2019-12-31', channels: ['forum'] }).success).toBe(true);
    expect(Scope.safeParse({ from: '2019-02-30' }).success).toBe(false);
    const inverted = Scope.safeParse({ from: '2020-01-01', to: '2019-01-01' });
    expect(inverted.success).toBe(false);
    expect(inverted.error?.issues[0]?.path).toEqual(['from']);
    expect(Scope.safeParse({ channels: ['carrier-pigeon'] }).success).toBe(false);
  });
});
