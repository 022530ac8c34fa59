/**
 * The tests' reference Kendall's tau-b (the engine's own, for all weights at
 * once, is in src-main/engine/evaluationSensitivity.ts; test/unit/kendall.test.ts
 * checks this one against brute force). Between two paired samples, in O(n log n) (Knight 1966,
 * "A computer method for calculating Kendall's tau with ungrouped data"):
 *
 *   tau_b = (n0 − n1 − n2 + n3 − 2·swaps) / sqrt((n0 − n1)(n0 − n2))
 *
 * with n0 = n(n−1)/2 pairs, n1 pairs tied in x, n2 pairs tied in y, n3 pairs
 * tied in both, and swaps = the discordant pairs, counted as the exchanges a
 * merge sort makes when sorting y after the pairs are sorted by (x, y).
 * Sorting ties in x by y means they add no exchange. All counts stay below
 * 2^53 for any n this app meets, so doubles hold them exactly.
 */

/** Pairs tied in runs of consecutive equal elements (`same(i − 1, i)`): Σ t(t−1)/2. */
function tiedPairs(n: number, same: (a: number, b: number) => boolean): number {
  let pairs = 0;
  let run = 1;
  for (let i = 1; i < n; i++) {
    if (same(i - 1, i)) run++;
    else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs + (run * (run - 1)) / 2;
}

/** Sorts `a` ascending in place (bottom-up merge sort) and returns the number of inversions. */
function mergeSortInversions(a: Float64Array): number {
  const n = a.length;
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          // src[j] jumps over every element left in the left run.
          swaps += mid - i;
          dst[k++] = src[j++]!;
        } else dst[k++] = src[i++]!;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) a.set(src);
  return swaps;
}

/** The indices of `x` in ascending order of x (ties in any order): reusable across calls with the same x. */
export function ascendingOrder(x: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(x.length);
  for (let i = 0; i < x.length; i++) order[i] = i;
  return order.sort((a, b) => x[a]! - x[b]!);
}

/**
 * Kendall's tau-b of (x[i], y[i]); null when it is undefined (fewer than two
 * pairs, or every x or every y tied). Values must not be NaN. `xOrder`
 * (from `ascendingOrder(x)`) saves the sort by x when x is reused, as the
 * sensitivity table does for S against F_w at 13 values of w: then only runs
 * of tied x are sorted by y.
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>, xOrder?: Uint32Array): number | null {
  const n = x.length;
  if (y.length !== n || (xOrder && xOrder.length !== n)) throw new Error('kendallTauB: x, y (and xOrder) differ in length');
  if (n < 2) return null;
  const order = Uint32Array.from(xOrder ?? ascendingOrder(x));
  const byY = (a: number, b: number) => y[a]! - y[b]!;
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    while (hi < n && x[order[hi]!] === x[order[lo]!]) hi++;
    if (hi - lo > 1) order.subarray(lo, hi).sort(byY);
    lo = hi;
  }
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x[order[i]!]!;
    ys[i] = y[order[i]!]!;
  }
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(n, (a, b) => xs[a] === xs[b]);
  const n3 = tiedPairs(n, (a, b) => xs[a] === xs[b] && ys[a] === ys[b]);
  const swaps = mergeSortInversions(ys);
  const n2 = tiedPairs(n, (a, b) => ys[a] === ys[b]);
  const a = n0 - n1;
  const b = n0 - n2;
  // Equal pair counts (e.g. x = y) give the exact denominator, so tau is exactly ±1 there.
  const denominator = a === b ? a : Math.sqrt(a * b);
  if (denominator === 0) return null;
  return Math.max(-1, Math.min(1, (n0 - n1 - n2 + n3 - 2 * swaps) / denominator));
}
