/** Kendall's tau-b in O(n log n) (Knight) against the O(n²) definition. */
import { describe, expect, it } from 'vitest';
import { ascendingOrder, kendallTauB } from '../helpers/kendall';
import { rng } from '../helpers/random';

/** The definition: (concordant − discordant) / sqrt((n0 − n1)(n0 − n2)), pair by pair. */
function bruteTauB(x: number[], y: number[]): number | null {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const sx = Math.sign(x[i]! - x[j]!);
      const sy = Math.sign(y[i]! - y[j]!);
      if (sx === 0) tx++;
      if (sy === 0) ty++;
      if (sx * sy > 0) c++;
      else if (sx * sy < 0) d++;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const den = Math.sqrt((n0 - tx) * (n0 - ty));
  return den === 0 ? null : (c - d) / den;
}

describe('kendallTauB', () => {
  it('is 1, −1 for perfectly concordant and discordant data', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [40, 30, 20, 10])).toBe(-1);
  });

  it('corrects for ties by hand: x = 1, 1, 2, 3 and y = 1, 2, 2, 3', () => {
    // 6 pairs; tied in x: (1,2) → n1 = 1; tied in y: (2,3) → n2 = 1; none tied in both.
    // Pairs: (1,2) x-tie; (1,3) C; (1,4) C; (2,3) y-tie; (2,4) C; (3,4) C → C = 4, D = 0.
    // tau_b = 4 / sqrt((6 − 1)(6 − 1)) = 0.8
    expect(kendallTauB([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(0.8, 15);
  });

  it('is null when undefined: fewer than two pairs, or one side all tied', () => {
    expect(kendallTauB([], [])).toBeNull();
    expect(kendallTauB([1], [2])).toBeNull();
    expect(kendallTauB([5, 5, 5], [1, 2, 3])).toBeNull();
    expect(kendallTauB([1, 2, 3], [7, 7, 7])).toBeNull();
  });

  it('equals the O(n²) definition on random data with many ties', () => {
    const next = rng(20190101);
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + Math.floor(next() * 300);
      const levels = 1 + Math.floor(next() * 12); // few levels → many ties, sometimes all tied
      const x = Array.from({ length: n }, () => Math.floor(next() * levels));
      const y = x.map((v) => (next() < 0.5 ? v : Math.floor(next() * levels)) + (next() < 0.2 ? 0.5 : 0));
      const fast = kendallTauB(x, y);
      const reused = kendallTauB(x, y, ascendingOrder(x)); // the path the sensitivity table takes
      const slow = bruteTauB(x, y);
      if (slow === null) expect([fast, reused]).toEqual([null, null]);
      else {
        expect(fast).toBeCloseTo(slow, 12);
        expect(reused).toBe(fast);
      }
    }
  });

  it('handles 50,000 pairs quickly enough for the summary', () => {
    const next = rng(7);
    const n = 50_000;
    const x = Float64Array.from({ length: n }, () => Math.round(next() * 100));
    const y = Float64Array.from(x, (v) => 0.6 * v + 0.4 * Math.round(next() * 1000) / 10);
    const t0 = performance.now();
    const tau = kendallTauB(x, y);
    const ms = performance.now() - t0;
    expect(tau).toBeGreaterThan(0);
    expect(tau).toBeLessThan(1);
    expect(ms).toBeLessThan(2000); // O(n²) would take minutes; this is a guard, not a benchmark
  });
});
