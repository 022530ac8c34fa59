import { describe, expect, it } from 'vitest';
import { ols, OlsError } from '../../src-main/engine/ols';

/** The ITS design of SPEC.md: [1, time, after, (time − t)·after]. */
const itsDesign = (n: number, t: number) =>
  Array.from({ length: n }, (_, time) => {
    const after = time >= t ? 1 : 0;
    return [1, time, after, (time - t) * after];
  });

describe('ols', () => {
  it('fits the ITS design of a 6-month series with the coefficients and SEs worked out by hand', () => {
    // y = 1, 3, 2 | 5, 8, 8 with the boundary at t = 3.
    // The 4-parameter model is two separate lines, so by hand:
    //  pre  (time 0,1,2; mean time 1, Sxx = 2): ȳ = 2, Sxy = (−1)(−1)+0+(1)(0) = 1 → slope 1/2, intercept 2 − 1/2 = 3/2
    //  post (time 3,4,5; mean time 4, Sxx = 2): ȳ = 7, Sxy = (−1)(−2)+0+(1)(1) = 3 → slope 3/2, value at t=3: 7 − 3/2 = 11/2
    //  b0 = 3/2, b1 = 1/2, b3 = 3/2 − 1/2 = 1, b2 = 11/2 − (3/2 + 3·1/2) = 11/2 − 3 = 5/2
    //  residuals −1/2, 1, −1/2 on each side → RSS = 3, σ² = 3 / (6 − 4) = 3/2
    //  Var(b3) = σ²(1/Sxx_pre + 1/Sxx_post) = 3/2 · 1 = 3/2
    //  Var(b2) = σ²[(1/3 + (3−4)²/2) + (1/3 + (3−1)²/2)] = 3/2 · (5/6 + 7/3) = 3/2 · 19/6 = 19/4
    //  Var(b0) = σ²(1/3 + (0−1)²/2) = 3/2 · 5/6 = 5/4; Var(b1) = σ²/2 = 3/4
    const fit = ols(itsDesign(6, 3), [1, 3, 2, 5, 8, 8]);
    const [b0, b1, b2, b3] = fit.coef;
    expect(b0).toBeCloseTo(3 / 2, 12);
    expect(b1).toBeCloseTo(1 / 2, 12);
    expect(b2).toBeCloseTo(5 / 2, 12);
    expect(b3).toBeCloseTo(1, 12);
    expect(fit.rss).toBeCloseTo(3, 12);
    expect(fit.sigma2).toBeCloseTo(3 / 2, 12);
    expect(fit.se[0]).toBeCloseTo(Math.sqrt(5 / 4), 12);
    expect(fit.se[1]).toBeCloseTo(Math.sqrt(3 / 4), 12);
    expect(fit.se[2]).toBeCloseTo(Math.sqrt(19) / 2, 12);
    expect(fit.se[3]).toBeCloseTo(Math.sqrt(3 / 2), 12);
    expect(fit.fitted.map((v) => +v.toFixed(12))).toEqual([1.5, 2, 2.5, 5.5, 7, 8.5]);
  });

  it('agrees with two separate simple regressions on unequal sides (an independent method)', () => {
    // 7 months before, 5 after, t = 7; y chosen irregular so nothing cancels.
    const y = [4, 7, 5, 9, 8, 12, 10, 20, 18, 25, 23, 30];
    const t = 7;
    const line = (xs: number[], ys: number[]) => {
      const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
      const my = ys.reduce((s, v) => s + v, 0) / ys.length;
      const sxx = xs.reduce((s, v) => s + (v - mx) ** 2, 0);
      const slope = xs.reduce((s, v, i) => s + (v - mx) * (ys[i]! - my), 0) / sxx;
      const rss = xs.reduce((s, v, i) => s + (ys[i]! - (my + slope * (v - mx))) ** 2, 0);
      return { mx, my, sxx, slope, rss, n: xs.length, at: (x: number) => my + slope * (x - mx) };
    };
    const times = y.map((_, i) => i);
    const pre = line(times.slice(0, t), y.slice(0, t));
    const post = line(times.slice(t), y.slice(t));
    const sigma2 = (pre.rss + post.rss) / (y.length - 4);
    const fit = ols(itsDesign(y.length, t), y);
    expect(fit.coef[0]).toBeCloseTo(pre.at(0), 10);
    expect(fit.coef[1]).toBeCloseTo(pre.slope, 10);
    expect(fit.coef[2]).toBeCloseTo(post.at(t) - pre.at(t), 10);
    expect(fit.coef[3]).toBeCloseTo(post.slope - pre.slope, 10);
    expect(fit.sigma2).toBeCloseTo(sigma2, 10);
    const var2 = sigma2 * (1 / post.n + (t - post.mx) ** 2 / post.sxx + 1 / pre.n + (t - pre.mx) ** 2 / pre.sxx);
    expect(fit.se[2]).toBeCloseTo(Math.sqrt(var2), 10);
    expect(fit.se[3]).toBeCloseTo(Math.sqrt(sigma2 * (1 / pre.sxx + 1 / post.sxx)), 10);
  });

  it('gives zero standard errors on an exact line and keeps precision on long series', () => {
    // y = 2 + 0.5·time before t = 150, then +10 and slope 0.5 + 0.25 after: an exact fit.
    const n = 300;
    const t = 150;
    const y = Array.from({ length: n }, (_, i) => 2 + 0.5 * i + (i >= t ? 10 + 0.25 * (i - t) : 0));
    const fit = ols(itsDesign(n, t), y);
    expect(fit.coef[0]).toBeCloseTo(2, 9);
    expect(fit.coef[1]).toBeCloseTo(0.5, 9);
    expect(fit.coef[2]).toBeCloseTo(10, 9);
    expect(fit.coef[3]).toBeCloseTo(0.25, 9);
    for (const se of fit.se) expect(se).toBeLessThan(1e-9);
  });

  it('refuses too few observations, a rank-deficient design and non-finite values', () => {
    expect(() => ols(itsDesign(4, 2), [1, 2, 3, 4])).toThrow(OlsError);
    expect(() => ols(itsDesign(4, 2), [1, 2, 3, 4])).toThrow(/4 observations cannot fit 4 parameters/);
    // No month after t: the after and slope-change columns are all zero.
    expect(() => ols(itsDesign(8, 8), [1, 2, 3, 4, 5, 6, 7, 8])).toThrow(/rank deficient/);
    expect(() => ols([[1, 0], [1, 1], [1, 2]], [1, Number.NaN, 3])).toThrow(/finite/);
    expect(() => ols([[1, 0], [1, 1]], [1])).toThrow(/y has 1 values/);
  });
});
