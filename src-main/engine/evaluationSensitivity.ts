/**
 * The sensitivity table of the evaluation (SPEC.md "Metrics → Evaluation"):
 * for each w of the grid, between S (performance) and F_w = (1 − w)·S + w·E,
 * - Kendall's tau-b, exactly as kendall.ts's kendallTauB computes it (the same
 *   pair counts, the same final expression), and
 * - the share of employees whose quintile floor(5·(rank − 1)/n) + 1 differs
 *   between rank by S and rank by F_w, where rank is SQL rank() descending
 *   (1 + the number of strictly greater values).
 *
 * Both come from one sort of F_w per w (a radix sort of the doubles' bits,
 * which sort as unsigned integers once mapped to a total order) and one pass
 * over it in ascending F_w: the run of equal values an employee is in gives
 * their rank by F_w, and a Fenwick tree over S's ranks counts, for each
 * employee, those before them (smaller F_w) with a greater S: the discordant
 * pairs. About n·log(distinct S) steps per w, instead of comparator sorts in
 * JavaScript and a window over n × 13 rows in SQL.
 */

import type { SensitivityRow } from '../common/evaluationApi';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const RADIX = 1 << 16;

/** Pairs among t tied values. */
const pairs = (t: number): number => (t * (t - 1)) / 2;

/**
 * Sorts the indices 0..n−1 by value ascending into `order` (equal values
 * end up next to each other, in no particular order): an LSD radix sort of
 * the high 32 bits of each double's order-preserving key, 16 bits at a time,
 * then each run of equal high bits sorted by the low 32 (such runs are
 * nearly always equal values or a few). −0 counts as +0 (SQL compares them
 * equal); values must not be NaN.
 */
class Argsort {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly counts = new Uint32Array(RADIX);
  private readonly value = new Float64Array(1);
  private readonly bits = new Uint32Array(this.value.buffer);

  constructor(n: number) {
    this.hi = new Uint32Array(n);
    this.lo = new Uint32Array(n);
    this.tmp = new Uint32Array(n);
  }

  sort(v: Float64Array, order: Uint32Array): void {
    const n = v.length;
    const { hi, lo, bits, value } = this;
    for (let i = 0; i < n; i++) {
      value[0] = v[i]! + 0; // −0 + 0 = +0
      const h = bits[HI]!;
      // Total order as unsigned: negative values flip every bit, the others only the sign bit.
      if (h >>> 31) {
        hi[i] = ~h >>> 0;
        lo[i] = ~bits[LO]! >>> 0;
      } else {
        hi[i] = (h | 0x80000000) >>> 0;
        lo[i] = bits[LO]!;
      }
      order[i] = i;
    }
    let src = order;
    let dst = this.tmp;
    for (let shift = 0; shift < 32; shift += 16) {
      const counts = this.counts;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(hi[i]! >>> shift) & 0xffff]!++;
      if (n > 0 && counts[(hi[0]! >>> shift) & 0xffff] === n) continue; // every value has this digit
      let sum = 0;
      for (let d = 0; d < RADIX; d++) {
        const c = counts[d]!;
        counts[d] = sum;
        sum += c;
      }
      for (let k = 0; k < n; k++) {
        const i = src[k]!;
        dst[counts[(hi[i]! >>> shift) & 0xffff]!++] = i;
      }
      const t = src;
      src = dst;
      dst = t;
    }
    if (src !== order) order.set(src);
    for (let start = 0; start < n; ) {
      const h = hi[order[start]!]!;
      let end = start + 1;
      while (end < n && hi[order[end]!] === h) end++;
      if (end - start > 1) this.sortByLow(order, start, end);
      start = end;
    }
  }

  /** Sorts order[start, end) by the low words: nothing to do for equal values, else insertion sort, or a sort call for a long run. */
  private sortByLow(order: Uint32Array, start: number, end: number): void {
    const lo = this.lo;
    const first = lo[order[start]!]!;
    let p = start + 1;
    while (p < end && lo[order[p]!] === first) p++;
    if (p === end) return;
    if (end - start > 32) {
      order.subarray(start, end).sort((a, b) => lo[a]! - lo[b]!);
      return;
    }
    for (let p = start + 1; p < end; p++) {
      const i = order[p]!;
      const key = lo[i]!;
      let q = p - 1;
      while (q >= start && lo[order[q]!]! > key) {
        order[q + 1] = order[q]!;
        q--;
      }
      order[q + 1] = i;
    }
  }
}

/**
 * The sensitivity rows for each w of `weights`, from the performance S and
 * the engagement E of each employee (the same doubles the SQL composite is
 * computed from: F_w is computed with the same arithmetic, so its ties are
 * the same ties).
 */
export function sensitivityGrid(performance: Float64Array, engagement: Float64Array, weights: readonly number[]): SensitivityRow[] {
  const n = performance.length;
  if (engagement.length !== n) throw new Error('sensitivityGrid: performance and engagement differ in length');
  const argsort = new Argsort(n);
  const order = new Uint32Array(n);
  // The quintile of rank r, floor(5·(r − 1)/n), by r − 1 = the values greater.
  const quintile = new Uint8Array(n);
  for (let g = 0; g < n; g++) quintile[g] = Math.floor((5 * g) / n);
  // S, fixed across w: the index of each employee's run of equal S (ascending), and their quintile.
  argsort.sort(performance, order);
  const sRun = new Int32Array(n);
  const sQuintile = new Uint8Array(n);
  let runs = 0;
  let n1 = 0;
  for (let start = 0; start < n; runs++) {
    const x = performance[order[start]!]!;
    let end = start + 1;
    while (end < n && performance[order[end]!] === x) end++;
    for (let p = start; p < end; p++) {
      sRun[order[p]!] = runs;
      sQuintile[order[p]!] = quintile[n - end]!;
    }
    n1 += pairs(end - start);
    start = end;
  }
  const n0 = pairs(n);
  const f = new Float64Array(n);
  const fenwick = new Int32Array(runs + 1); // 1-based: counts of the S-runs seen so far
  const tied = new Int32Array(runs); // within one run of equal F: members per S-run
  return weights.map((w) => {
    // F_0 = 1·S + 0·E = S (E is finite): tau-b of S with itself, and no quintile changes.
    if (w === 0) return { weight: w, kendall_tau: tauB(n, n0, n1, n1, n1, 0), quintile_changed_share: 0 };
    // The same arithmetic as the SQL composite (1 − w)·S + w·E.
    for (let i = 0; i < n; i++) f[i] = (1 - w) * performance[i]! + w * engagement[i]!;
    argsort.sort(f, order);
    fenwick.fill(0);
    let n2 = 0;
    let n3 = 0;
    let discordant = 0;
    let changed = 0;
    for (let start = 0; start < n; ) {
      const y = f[order[start]!]!;
      let end = start + 1;
      while (end < n && f[order[end]!] === y) end++;
      const fQuintile = quintile[n - end]!;
      if (end === start + 1) {
        // A value of F no one else has (the common case): count, then add to the tree.
        const i = order[start]!;
        const r = sRun[i]!;
        let atOrBelow = 0;
        for (let k = r + 1; k > 0; k -= k & -k) atOrBelow += fenwick[k]!;
        discordant += start - atOrBelow;
        if (sQuintile[i] !== fQuintile) changed++;
        for (let k = r + 1; k <= runs; k += k & -k) fenwick[k]!++;
        start = end;
        continue;
      }
      for (let p = start; p < end; p++) {
        const i = order[p]!;
        const r = sRun[i]!;
        // Seen so far (all with a smaller F) with an S-run above r: start minus those at or below r.
        let atOrBelow = 0;
        for (let k = r + 1; k > 0; k -= k & -k) atOrBelow += fenwick[k]!;
        discordant += start - atOrBelow;
        n3 += tied[r]!++;
        if (sQuintile[i] !== fQuintile) changed++;
      }
      for (let p = start; p < end; p++) {
        const r = sRun[order[p]!]!;
        tied[r] = 0;
        for (let k = r + 1; k <= runs; k += k & -k) fenwick[k]!++;
      }
      n2 += pairs(end - start);
      start = end;
    }
    return { weight: w, kendall_tau: tauB(n, n0, n1, n2, n3, discordant), quintile_changed_share: n === 0 ? 0 : changed / n };
  });
}

/** kendall.ts's final expression, on the same counts. */
function tauB(n: number, n0: number, n1: number, n2: number, n3: number, swaps: number): number | null {
  if (n < 2) return null;
  const a = n0 - n1;
  const b = n0 - n2;
  const denominator = a === b ? a : Math.sqrt(a * b);
  if (denominator === 0) return null;
  return Math.max(-1, Math.min(1, (n0 - n1 - n2 + n3 - 2 * swaps) / denominator));
}
