/**
 * The sensitivity table (evaluationSensitivity.ts) against its definitions:
 * Kendall's tau-b as kendall.ts computes it, and the quintile change with
 * ranks as SQL rank() descending, computed by DuckDB itself with the query
 * the engine used before (a window over n × 13 rows), on random data with
 * many ties; and one case worked out by hand.
 */
import { DOUBLE, DuckDBInstance, LIST, listValue } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SENSITIVITY_WEIGHTS } from '../../src-main/engine/evaluation';
import { sensitivityGrid } from '../../src-main/engine/evaluationSensitivity';
import { ascendingOrder, kendallTauB } from '../helpers/kendall';
import { rng } from '../helpers/random';

/** The quintile change by SQL rank(), as DuckDB computes it (the engine's former query). */
async function sqlQuintiles(performance: Float64Array, engagement: Float64Array): Promise<Map<number, number>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run('CREATE TABLE t (performance DOUBLE, engagement DOUBLE)');
    const appender = await conn.createAppender('t');
    for (let i = 0; i < performance.length; i++) {
      appender.appendDouble(performance[i]!);
      appender.appendDouble(engagement[i]!);
      appender.endRow();
    }
    appender.closeSync();
    const rows = (
      await conn.runAndReadAll(
        `WITH s AS (
           SELECT performance, engagement, rank() OVER (ORDER BY performance DESC) AS rank_performance, count(*) OVER () AS n FROM t
         ),
         f AS (
           SELECT g.w, n, rank_performance,
                  rank() OVER (PARTITION BY g.w ORDER BY (1 - g.w) * performance + g.w * engagement DESC) AS rank_composite
           FROM s CROSS JOIN (SELECT unnest($grid) AS w) g
         )
         SELECT w, avg(CASE WHEN floor(5 * (rank_performance - 1) / n) <> floor(5 * (rank_composite - 1) / n) THEN 1 ELSE 0 END)::DOUBLE AS changed
         FROM f GROUP BY w`,
        { grid: listValue([...SENSITIVITY_WEIGHTS]) },
        { grid: LIST(DOUBLE) },
      )
    ).getRowObjectsJS() as { w: number; changed: number }[];
    return new Map(rows.map((r) => [r.w, r.changed]));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('sensitivityGrid', () => {
  it('works out a small case by hand', () => {
    // S = 90, 80, 70, 60, 50 and E = 0, 0, 0, 0, 100. At w = 0.5: F = 45, 40, 35, 30, 75.
    // The fifth employee moves from last to first: discordant with the 4 others, concordant 6 → tau = (6 − 4)/10 = 0.2.
    // Quintiles (n = 5, one per rank): by S 1..5, by F 2, 3, 4, 5, 1 → everyone changes.
    // At w = 0.05: F = 85.5, 76, 66.5, 57, 52.5: the same order → tau 1, no change.
    const rows = sensitivityGrid(Float64Array.of(90, 80, 70, 60, 50), Float64Array.of(0, 0, 0, 0, 100), [0, 0.05, 0.5]);
    expect(rows).toEqual([
      { weight: 0, kendall_tau: 1, quintile_changed_share: 0 },
      { weight: 0.05, kendall_tau: 1, quintile_changed_share: 0 },
      { weight: 0.5, kendall_tau: 0.2, quintile_changed_share: 1 },
    ]);
  });

  it('is undefined (null) for fewer than two employees or when one side is all tied', () => {
    expect(sensitivityGrid(new Float64Array(0), new Float64Array(0), [0.3])).toEqual([{ weight: 0.3, kendall_tau: null, quintile_changed_share: 0 }]);
    expect(sensitivityGrid(Float64Array.of(50), Float64Array.of(10), [0.3])).toEqual([{ weight: 0.3, kendall_tau: null, quintile_changed_share: 0 }]);
    // S all tied: everyone has rank 1 by S (quintile 1). At w = 0.3, F = 35.3, 35.6, 35.9 (ranks 3, 2, 1 by F, n = 3):
    // quintiles floor(5·2/3) + 1 = 4, floor(5/3) + 1 = 2 and 1 → two of three change.
    expect(sensitivityGrid(Float64Array.of(50, 50, 50), Float64Array.of(1, 2, 3), [0, 0.3])).toEqual([
      { weight: 0, kendall_tau: null, quintile_changed_share: 0 },
      { weight: 0.3, kendall_tau: null, quintile_changed_share: 2 / 3 },
    ]);
  });

  it('counts −0 as 0 (a tie), as SQL and kendallTauB do', () => {
    const rows = sensitivityGrid(Float64Array.of(-0, 0, 10), Float64Array.of(0, -0, 5), [0, 0.5]);
    expect(rows.map((r) => r.kendall_tau)).toEqual([1, 1]);
  });

  it('equals kendallTauB and the SQL quintile change on random data with many ties', async () => {
    const next = rng(20190630);
    for (let trial = 0; trial < 40; trial++) {
      const n = trial < 3 ? trial + 2 : Math.floor(next() * 400) + 2;
      const levels = [1, 2, 5, 50, 597, 1e6][trial % 6]!;
      // S in [0, 100] on a grid of `levels` values; E like a weighted mean of percentiles (0 for many).
      const performance = Float64Array.from({ length: n }, () => (Math.floor(next() * levels) * 100) / levels);
      const engagement = Float64Array.from({ length: n }, () => (next() < 0.3 ? 0 : 0.3 * Math.floor(next() * 8) * 12.5 + 0.7 * next() * 100));
      const rows = sensitivityGrid(performance, engagement, SENSITIVITY_WEIGHTS);
      const quintiles = await sqlQuintiles(performance, engagement);
      const byPerformance = ascendingOrder(performance);
      const f = new Float64Array(n);
      rows.forEach((row, k) => {
        const w = SENSITIVITY_WEIGHTS[k]!;
        for (let i = 0; i < n; i++) f[i] = (1 - w) * performance[i]! + w * engagement[i]!;
        expect(row.weight).toBe(w);
        expect(row.kendall_tau).toBe(kendallTauB(performance, f, byPerformance));
        expect(row.quintile_changed_share).toBe(quintiles.get(w));
      });
    }
  });
});
