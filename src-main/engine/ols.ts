/**
 * Ordinary least squares with classical standard errors, for the small
 * designs of the interrupted time series (n months × 4 parameters).
 *
 * Solved by Householder QR of X rather than by inverting XᵀX, which squares
 * the condition number: b = R⁻¹ Qᵀy, and Var(b) = σ² (XᵀX)⁻¹ = σ² R⁻¹ R⁻ᵀ
 * with σ² = RSS / (n − p) (residual variance over n − p).
 */

export interface OlsFit {
  /** Coefficients, in the order of X's columns. */
  coef: number[];
  /** Classical standard errors of the coefficients. */
  se: number[];
  /** Fitted values X·b. */
  fitted: number[];
  /** Residual sum of squares. */
  rss: number;
  /** Residual variance RSS / (n − p). */
  sigma2: number;
  n: number;
  p: number;
}

/** Why a design cannot be fitted; the caller turns it into a note for the user. */
export class OlsError extends Error {}

/**
 * Fits y = X·b by OLS. `x` is row-major: x[i] is the i-th observation's row.
 * Throws OlsError when n ≤ p (no residual degrees of freedom) or X is rank deficient.
 */
export function ols(x: readonly (readonly number[])[], y: readonly number[]): OlsFit {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  if (y.length !== n) throw new OlsError(`X has ${n} rows but y has ${y.length} values.`);
  if (p === 0) throw new OlsError('X has no columns.');
  if (n <= p) throw new OlsError(`${n} observations cannot fit ${p} parameters with a residual variance (need more than ${p}).`);
  for (const row of x) if (row.length !== p) throw new OlsError('X has rows of different lengths.');
  for (const v of [...y, ...x.flat()]) if (!Number.isFinite(v)) throw new OlsError('X and y must be finite numbers.');

  // Column-major working copy of X, and a copy of y, both overwritten by the reflections.
  const a: number[][] = Array.from({ length: p }, (_, j) => x.map((row) => row[j]!));
  const qty = [...y];
  const colNorm = a.map((col) => Math.sqrt(col.reduce((s, v) => s + v * v, 0)));
  const r: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));

  for (let k = 0; k < p; k++) {
    const col = a[k]!;
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, col[i]!);
    // Rank check relative to the column's own size, so scaling a column does not matter.
    if (norm <= 1e-10 * (colNorm[k]! || 1)) {
      throw new OlsError(`The design is rank deficient (column ${k} is a combination of the others).`);
    }
    const alpha = col[k]! > 0 ? -norm : norm;
    // Householder vector v = x − alpha·e_k, stored in col[k..n).
    col[k] = col[k]! - alpha;
    let vtv = 0;
    for (let i = k; i < n; i++) vtv += col[i]! * col[i]!;
    const reflect = (target: number[]) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += col[i]! * target[i]!;
      const f = (2 * dot) / vtv;
      for (let i = k; i < n; i++) target[i] = target[i]! - f * col[i]!;
    };
    for (let j = k + 1; j < p; j++) reflect(a[j]!);
    reflect(qty);
    r[k]![k] = alpha;
    for (let j = k + 1; j < p; j++) r[k]![j] = a[j]![k]!;
  }

  // Back substitution R b = (Qᵀy)[0..p).
  const coef = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = qty[i]!;
    for (let j = i + 1; j < p; j++) s -= r[i]![j]! * coef[j]!;
    coef[i] = s / r[i]![i]!;
  }

  const fitted = x.map((row) => row.reduce((s, v, j) => s + v * coef[j]!, 0));
  const rss = y.reduce((s, v, i) => s + (v - fitted[i]!) ** 2, 0);
  const sigma2 = rss / (n - p);

  // R⁻¹ (upper triangular), then diag(R⁻¹ R⁻ᵀ)_j = Σ_k (R⁻¹)_jk².
  const rinv: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    rinv[j]![j] = 1 / r[j]![j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i]![k]! * rinv[k]![j]!;
      rinv[i]![j] = -s / r[i]![i]!;
    }
  }
  const se = rinv.map((row) => Math.sqrt(sigma2 * row.reduce((s, v) => s + v * v, 0)));
  return { coef, se, fitted, rss, sigma2, n, p };
}
