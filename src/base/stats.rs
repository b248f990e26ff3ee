//! Proportions and tables: Wilson score intervals, Fisher's exact test, tests
//! of independence (Pearson, Rao-Scott), two-proportion z tests and
//! Benjamini-Hochberg adjusted p-values.
//!
//! [`wilson`] gives the Wilson (1927) score interval for a single proportion,
//! without continuity correction (method 3 of Newcombe, 1998).
//! [`fisher_exact`] gives the one- and two-sided p-values of Fisher's exact test
//! on a 2x2 table, with the same conventions as R's `fisher.test`, together with
//! the sample odds ratio.
//!
//! Fisher's test is written here rather than taken from a crate. `statrs`, which
//! this crate already depends on, has the hypergeometric distribution but no test
//! function. Of the crates that provide one, `faster-fishers` (0.1.3) depends on
//! `pyo3`, `numpy` and `rayon`, which do not belong in a WebAssembly build, and
//! `fishers_exact` (1.0.1) has no dependencies but accepts only `u32` counts up to
//! `i32::MAX`, carries its own Lanczos log-gamma, uses a tie tolerance of 1e-8
//! instead of R's 1e-7 and does not report an odds ratio. The test itself is a
//! short sum over the hypergeometric support, so a local version costs less than
//! adapting either crate.
//!
//! [`pearson`], [`rao_scott`], [`benjamini_hochberg`], [`two_proportion`] and
//! [`wilson_share`] are the tests of survey splits (issue #15). The weighted
//! ones follow R's `survey` package 4.1 and are checked against it in
//! `tests/reference/`.

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor};
use statrs::function::erf::erfc;
use statrs::function::factorial::ln_binomial;

/// The two-sided 95% normal quantile.
pub const Z95: f64 = 1.959963984540054;

/// Wilson score interval for `k` successes out of `n` at normal quantile `z`. (0.0, 1.0) when n == 0; k > n is clamped to n. Bounds are clamped to [0, 1].
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let k = k.min(n);
    let (k, n) = (k as f64, n as f64);
    // A negative quantile would only swap the bounds, so its magnitude is used.
    let z = z.abs();
    let z2 = z * z;
    // This is the closed form (2k + z^2 -/+ z sqrt(z^2 + 4k(n - k)/n)) / (2(n + z^2)),
    // which treats k and n - k symmetrically. At k == 0 and k == n one bound is
    // exactly 0 or 1 in exact arithmetic; it is set so that rounding cannot move it.
    let root = z * (z2 + 4.0 * k * (n - k) / n).sqrt();
    let denom = 2.0 * (n + z2);
    let lo = if k == 0.0 { 0.0 } else { (2.0 * k + z2 - root) / denom };
    let hi = if k == n { 1.0 } else { (2.0 * k + z2 + root) / denom };
    (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0))
}

/// The result of [`fisher_exact`]: three p-values and the sample odds ratio.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Fisher {
    /// The two-sided p-value, computed as R's `fisher.test` does.
    pub p_two_sided: f64,
    /// The p-value against the alternative that the odds ratio is greater than 1, P(X >= a).
    pub p_greater: f64,
    /// The p-value against the alternative that the odds ratio is less than 1, P(X <= a).
    pub p_less: f64,
    /// The sample odds ratio (a*d)/(b*c).
    pub odds_ratio: f64,
}

/// R's relative tolerance for tables "no more likely than" the observed one.
///
/// R's `fisher.test` uses `relErr <- 1 + 10^(-7)` so that tables whose
/// probability equals the observed one up to rounding are counted.
const REL_ERR: f64 = 1.0 + 1e-7;

/// Terms whose log-probability is this far below the largest are skipped.
///
/// After division by the largest term they are below exp(-800), which is under
/// the smallest subnormal f64 (about exp(-744.4)), so R's own computation, which
/// exponentiates the same differences, also turns them into exact zeros.
const LN_NEGLIGIBLE: f64 = -800.0;

/// Fisher's exact test on the 2x2 table [[a, b], [c, d]] (rows: group / rest, columns: has trait / has not).
/// p_greater tests whether the odds ratio is > 1 (a larger than expected), i.e. P(X >= a) under the hypergeometric null with the margins fixed;
/// p_less is P(X <= a); p_two_sided follows R's fisher.test: sum of probabilities of tables no more likely than the observed one, with R's relative tolerance 1 + 1e-7.
/// odds_ratio is the sample odds ratio (a*d)/(b*c): f64::INFINITY when b*c == 0 and a*d > 0, NaN when both are 0.
///
/// All three p-values are 1 when the table has a zero margin. The work is
/// proportional to the number of non-negligible terms, about 80 standard
/// deviations of the null distribution, whatever the size of the support.
/// Probabilities below the smallest f64 come out as 0. If the grand total
/// does not fit in a `u64`, the p-values are NaN.
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> Fisher {
    let odds_ratio = odds_ratio(a, b, c, d);
    let total = a
        .checked_add(b)
        .and_then(|s| s.checked_add(c))
        .and_then(|s| s.checked_add(d));
    let Some(total) = total else {
        return Fisher {
            p_two_sided: f64::NAN,
            p_greater: f64::NAN,
            p_less: f64::NAN,
            odds_ratio,
        };
    };
    // Every margin is at most the total, so none of these sums can overflow.
    let row1 = a + b;
    let row2 = c + d;
    let col1 = a + c;
    let col2 = b + d;
    if row1 == 0 || row2 == 0 || col1 == 0 || col2 == 0 {
        return Fisher {
            p_two_sided: 1.0,
            p_greater: 1.0,
            p_less: 1.0,
            odds_ratio,
        };
    }

    // The terms come from `ln_binomial` rather than `Hypergeometric::pmf`, which
    // multiplies binomial coefficients outside log space: once C(total, row1)
    // exceeds the f64 range (from a total of about 1,030) it returns 0 or NaN.
    // Under the null, X = a is hypergeometric: row1 draws from total items of
    // which col1 are successes. P(X = x) is proportional to
    // C(col1, x) * C(col2, row1 - x); the constant 1 / C(total, row1) cancels
    // when the terms are normalised by their sum, as R does.
    let lo = row1.saturating_sub(col2);
    let hi = row1.min(col1);
    let ln_term = |x: u64| ln_binomial(col1, x) + ln_binomial(col2, row1 - x);

    // The mode of the hypergeometric distribution is
    // floor((row1 + 1)(col1 + 1) / (total + 2)); u128 keeps the product exact.
    let mode = (u128::from(row1) + 1) * (u128::from(col1) + 1) / (u128::from(total) + 2);
    let mode = u64::try_from(mode).unwrap_or(hi).clamp(lo, hi);
    let ln_max = ln_term(mode);
    let w_obs = (ln_term(a) - ln_max).exp();

    // The distribution is unimodal, so walking outwards from the mode until the
    // terms become negligible visits every term that can change the sums.
    let mut sums = Sums::default();
    sums.add(mode, 1.0, a, w_obs);
    let mut x = mode;
    while x > lo {
        x -= 1;
        let ln_rel = ln_term(x) - ln_max;
        if ln_rel < LN_NEGLIGIBLE {
            break;
        }
        sums.add(x, ln_rel.exp(), a, w_obs);
    }
    let mut x = mode;
    while x < hi {
        x += 1;
        let ln_rel = ln_term(x) - ln_max;
        if ln_rel < LN_NEGLIGIBLE {
            break;
        }
        sums.add(x, ln_rel.exp(), a, w_obs);
    }

    let p = |s: f64| (s / sums.total).clamp(0.0, 1.0);
    Fisher {
        p_two_sided: p(sums.two_sided),
        p_greater: p(sums.greater),
        p_less: p(sums.less),
        odds_ratio,
    }
}

/// Running sums of the relative hypergeometric terms.
#[derive(Default)]
struct Sums {
    total: f64,
    less: f64,
    greater: f64,
    two_sided: f64,
}

impl Sums {
    /// Adds the term `w` for X = `x`, given the observed `a` and its term `w_obs`.
    fn add(&mut self, x: u64, w: f64, a: u64, w_obs: f64) {
        self.total += w;
        if x <= a {
            self.less += w;
        }
        if x >= a {
            self.greater += w;
        }
        if w <= w_obs * REL_ERR {
            self.two_sided += w;
        }
    }
}

/// The sample odds ratio (a*d)/(b*c), with the conventions of [`Fisher::odds_ratio`].
fn odds_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let ad_zero = a == 0 || d == 0;
    let bc_zero = b == 0 || c == 0;
    match (ad_zero, bc_zero) {
        (true, true) => f64::NAN,
        (false, true) => f64::INFINITY,
        // Products of two u64 values are below 2^128, far inside the f64 range.
        _ => (a as f64 * d as f64) / (b as f64 * c as f64),
    }
}

/// Which test of independence an [`Independence`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestMethod {
    /// Pearson's chi-square on unweighted counts.
    Pearson,
    /// The Rao-Scott second-order corrected F test on weighted data.
    RaoScott,
}

/// A test of independence of the rows and columns of a table.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Independence {
    pub method: TestMethod,
    /// Pearson: X². Rao-Scott: the F statistic.
    pub statistic: f64,
    /// (rows - 1)(columns - 1) of the table tested (after empty rows and
    /// columns are dropped): the degrees of freedom of Pearson's X², and the
    /// nominal ones that Rao-Scott's `ndf` corrects.
    pub df: f64,
    pub p: f64,
    /// Rao-Scott only: numerator and denominator degrees of freedom of the F
    pub ndf: Option<f64>,
    pub ddf: Option<f64>,
    /// smallest expected cell count (unweighted counts), for the "< 5" warning
    pub min_expected: f64,
}

/// Indices of the entries of `totals` that are positive.
fn kept(totals: &[f64]) -> Vec<usize> {
    (0..totals.len()).filter(|&i| totals[i] > 0.0).collect()
}

/// The smallest expected count r_i c_j / n of an unweighted table over the
/// kept rows and columns.
fn min_expected(counts: &[Vec<f64>], rows: &[usize], cols: &[usize]) -> f64 {
    let row_sum = |i: usize| cols.iter().map(|&j| counts[i][j]).sum::<f64>();
    let col_sum = |j: usize| rows.iter().map(|&i| counts[i][j]).sum::<f64>();
    let n: f64 = rows.iter().map(|&i| row_sum(i)).sum();
    let r = rows.iter().map(|&i| row_sum(i)).fold(f64::INFINITY, f64::min);
    let c = cols.iter().map(|&j| col_sum(j)).fold(f64::INFINITY, f64::min);
    if n > 0.0 {
        r * c / n
    } else {
        0.0
    }
}

/// Pearson's X² = Σ (p_ij - p_i p_j)² / (p_i p_j) of a table of shares `p`
/// (over the kept rows and columns, whose margins are positive), times the
/// table's total `n`.
fn pearson_x2(p: &[Vec<f64>], rows: &[usize], cols: &[usize]) -> f64 {
    let total: f64 = rows.iter().flat_map(|&i| cols.iter().map(move |&j| p[i][j])).sum();
    let row: Vec<f64> = rows
        .iter()
        .map(|&i| cols.iter().map(|&j| p[i][j]).sum::<f64>() / total)
        .collect();
    let col: Vec<f64> = cols
        .iter()
        .map(|&j| rows.iter().map(|&i| p[i][j]).sum::<f64>() / total)
        .collect();
    let mut x2 = 0.0;
    for (a, &i) in rows.iter().enumerate() {
        for (b, &j) in cols.iter().enumerate() {
            let expected = row[a] * col[b];
            let d = p[i][j] / total - expected;
            x2 += d * d / expected;
        }
    }
    x2 * total
}

/// Pearson's chi-square test of independence on an r x c table of counts
/// (rows or columns that are all 0 are dropped first; None when fewer than
/// 2 rows or 2 columns remain). As R's chisq.test(correct = FALSE).
///
/// X² = Σ (O - E)² / E with E = row total x column total / n, on
/// (r - 1)(c - 1) degrees of freedom, p from the chi-square upper tail
/// (Agresti 2002, Categorical Data Analysis, section 3.2). Ragged rows are
/// read as if padded with zeros.
pub fn pearson(table: &[Vec<u64>]) -> Option<Independence> {
    let width = table.iter().map(Vec::len).max().unwrap_or(0);
    let counts: Vec<Vec<f64>> = table
        .iter()
        .map(|r| (0..width).map(|j| r.get(j).map_or(0.0, |&c| c as f64)).collect())
        .collect();
    let row_totals: Vec<f64> = counts.iter().map(|r| r.iter().sum()).collect();
    let col_totals: Vec<f64> = (0..width).map(|j| counts.iter().map(|r| r[j]).sum()).collect();
    let (rows, cols) = (kept(&row_totals), kept(&col_totals));
    if rows.len() < 2 || cols.len() < 2 {
        return None;
    }
    let statistic = pearson_x2(&counts, &rows, &cols);
    let df = ((rows.len() - 1) * (cols.len() - 1)) as f64;
    let p = ChiSquared::new(df).map_or(f64::NAN, |d| d.sf(statistic));
    Some(Independence {
        method: TestMethod::Pearson,
        statistic,
        df,
        p,
        ndf: None,
        ddf: None,
        min_expected: min_expected(&counts, &rows, &cols),
    })
}

/// Rao-Scott second-order corrected F test, as survey::svychisq's default
/// (statistic = "F") for a design with weights only (each respondent its
/// own PSU, one stratum, with replacement). `cells[i]` is respondent i's
/// (row, column) category, None when the respondent is not in the test
/// (no answer to either question, or filtered out); `weights[i]` its
/// weight; every respondent of the file is passed so domain (subset)
/// estimation matches R's `svychisq(~a + b, subset(design, ...))`.
///
/// Exactly, this is `svychisq(~a + b, svydesign(ids = ~1, weights = ~w, data =
/// d))` where `d` holds the respondents passed, in the sense that every one of
/// them is a row of the design, None being NA in `a` or `b`. R's `subset()` of
/// such a design (not calibrated) drops the rows outside the subset, which
/// changes the denominator degrees of freedom (R's `nu`, the rows of the
/// subset design less one, no-answer rows included) but not F or ndf; for an
/// exact match of a filtered test use [`rao_scott_subset`], which takes the
/// filter apart from the no-answers. Here `nu` is `cells.len() - 1`.
///
/// The method, as R computes it: p̂ = the weighted shares of the cells over
/// the respondents with both answers; V̂ = the with-replacement covariance of
/// p̂, n/(n - 1) Σ z_i z_iᵀ with z_i = w_i (e_cell(i) - p̂) / Σw and n the
/// respondents of the design (R's `sampsize`); C = a basis of the interaction
/// contrasts (the complement of the main effects); D = diag(p̂);
/// Δ = (Cᵀ D⁻¹ C)⁻¹ (Cᵀ D⁻¹ V̂ D⁻¹ C) scaled to the table total; X² = Pearson's
/// statistic of the weighted table scaled to that total; then
/// F = X² / tr Δ, ndf = d0 = (tr Δ)² / tr Δ², ddf = d0 nu, and p is the
/// upper tail of F(ndf, ddf). Rao and Scott (1984), Ann. Statist. 12, 46-60;
/// Lumley (2010), Complex Surveys, section 6.1.
///
/// Respondents whose categories are past `rows` or `cols` count as no
/// answer. Negative or non-finite weights count as 0 (the respondent stays a
/// row of the design, as a zero weight does in R). Rows and columns with no
/// weight are dropped before the test. Here R differs: a category given only
/// by respondents without an answer to the other question stays in R's
/// contrasts as an empty row, which leaves F finite but adds about c - 1 to
/// ndf per such row (a 3 x 2 table with an empty row gets ndf near 2, where the
/// 2 x 2 test it is has near 1); the reference fixtures have a respondent
/// with both answers in every category, where the two agree. None when
/// fewer than 2 rows or 2 columns remain, fewer than 2 respondents are
/// passed, Cᵀ D⁻¹ C is singular (so many empty cells that R's `solve` fails
/// too) or the statistic is not finite. Empty cells inside non-empty rows and
/// columns are kept, with 0 in D⁻¹ as in R. `weights` shorter than `cells`
/// count as 0 for the rest.
pub fn rao_scott(cells: &[Option<(u16, u16)>], weights: &[f64], rows: usize, cols: usize) -> Option<Independence> {
    rao_scott_design(cells, weights, None, rows, cols)
}

/// [`rao_scott`] on the respondents with `in_subset[i]` true, matching R's
/// `svychisq(~a + b, subset(design, in_subset))` where `design` is
/// `svydesign(ids = ~1, weights = ~w, data = d)` over all the respondents
/// passed. R's subset keeps the design's sample size for the variance
/// (n/(n - 1) with n = `cells.len()`), and its `nu` is the number of
/// respondents in the subset less one, those without an answer included.
/// `in_subset` shorter than `cells` counts as false for the rest.
pub fn rao_scott_subset(
    cells: &[Option<(u16, u16)>],
    weights: &[f64],
    in_subset: &[bool],
    rows: usize,
    cols: usize,
) -> Option<Independence> {
    rao_scott_design(cells, weights, Some(in_subset), rows, cols)
}

/// A dense square matrix, row-major.
struct Square {
    n: usize,
    a: Vec<f64>,
}

impl Square {
    fn zeros(n: usize) -> Square {
        Square { n, a: vec![0.0; n * n] }
    }
    fn at(&mut self, i: usize, j: usize) -> &mut f64 {
        &mut self.a[i * self.n + j]
    }
    fn get(&self, i: usize, j: usize) -> f64 {
        self.a[i * self.n + j]
    }
}

/// Solves A X = B by Gaussian elimination with partial pivoting (A and B are
/// consumed); None when A is singular.
fn solve(mut a: Square, mut b: Square) -> Option<Square> {
    let n = a.n;
    let scale = a.a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    for k in 0..n {
        let pivot = (k..n).max_by(|&x, &y| a.get(x, k).abs().total_cmp(&a.get(y, k).abs()))?;
        let size = a.get(pivot, k).abs();
        if size.is_nan() || size <= scale * 1e-13 {
            return None;
        }
        if pivot != k {
            for j in 0..n {
                a.a.swap(k * n + j, pivot * n + j);
                b.a.swap(k * n + j, pivot * n + j);
            }
        }
        let d = a.get(k, k);
        for i in k + 1..n {
            let f = a.get(i, k) / d;
            if f == 0.0 {
                continue;
            }
            for j in k..n {
                let v = a.get(k, j);
                *a.at(i, j) -= f * v;
            }
            for j in 0..n {
                let v = b.get(k, j);
                *b.at(i, j) -= f * v;
            }
        }
    }
    for k in (0..n).rev() {
        let d = a.get(k, k);
        for j in 0..n {
            let mut v = b.get(k, j);
            for i in k + 1..n {
                v -= a.get(k, i) * b.get(i, j);
            }
            *b.at(k, j) = v / d;
        }
    }
    Some(b)
}

/// The shared body of [`rao_scott`] and [`rao_scott_subset`].
fn rao_scott_design(
    cells: &[Option<(u16, u16)>],
    weights: &[f64],
    in_subset: Option<&[bool]>,
    rows: usize,
    cols: usize,
) -> Option<Independence> {
    let n_design = cells.len();
    if n_design < 2 {
        return None;
    }
    let inside = |i: usize| in_subset.is_none_or(|s| s.get(i).copied().unwrap_or(false));
    let n_subset = (0..n_design).filter(|&i| inside(i)).count();
    let mut total = vec![vec![0.0; cols]; rows];
    let mut squares = vec![vec![0.0; cols]; rows];
    let mut counts = vec![vec![0.0; cols]; rows];
    for (i, cell) in cells.iter().enumerate() {
        let Some((r, c)) = *cell else { continue };
        let (r, c) = (usize::from(r), usize::from(c));
        if r >= rows || c >= cols || !inside(i) {
            continue;
        }
        let w = weights
            .get(i)
            .copied()
            .filter(|w| w.is_finite() && *w > 0.0)
            .unwrap_or(0.0);
        total[r][c] += w;
        squares[r][c] += w * w;
        counts[r][c] += 1.0;
    }
    let row_totals: Vec<f64> = total.iter().map(|r| r.iter().sum()).collect();
    let col_totals: Vec<f64> = (0..cols).map(|j| total.iter().map(|r| r[j]).sum()).collect();
    let (kr, kc) = (kept(&row_totals), kept(&col_totals));
    if kr.len() < 2 || kc.len() < 2 {
        return None;
    }
    let (r, c) = (kr.len(), kc.len());
    let sum_w: f64 = kr.iter().map(|&i| row_totals[i]).sum();

    // Cells are numbered i + r j (rows fastest, as R's interaction()). With
    // the table scaled to a total of 1, X² and Δ are both divided by R's N,
    // which cancels in F and d0.
    let x2 = pearson_x2(&total, &kr, &kc) / sum_w;
    let cells_n = r * c;
    let mut p = vec![0.0; cells_n];
    let mut s = vec![0.0; cells_n];
    for (b, &j) in kc.iter().enumerate() {
        for (a, &i) in kr.iter().enumerate() {
            p[a + r * b] = total[i][j] / sum_w;
            s[a + r * b] = squares[i][j] / (sum_w * sum_w);
        }
    }
    let f = n_design as f64 / (n_design as f64 - 1.0);

    // C: column k = (a, b), a < r - 1, b < c - 1, is e_ab - e_a,c-1 - e_r-1,b
    // + e_r-1,c-1, whose row and column sums are 0; its columns span the
    // residuals of the interaction columns on the main effects (R's Cmat), and
    // Δ's traces do not depend on the basis. Each cell's row of C is listed
    // sparsely.
    let k_n = (r - 1) * (c - 1);
    let k_of = |a: usize, b: usize| a + (r - 1) * b;
    let mut c_rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); cells_n];
    for b in 0..c - 1 {
        for a in 0..r - 1 {
            let k = k_of(a, b);
            c_rows[a + r * b].push((k, 1.0));
            c_rows[a + r * (c - 1)].push((k, -1.0));
            c_rows[r - 1 + r * b].push((k, -1.0));
            c_rows[r - 1 + r * (c - 1)].push((k, 1.0));
        }
    }
    // U = D⁻¹ C, with 0 for empty cells as R's iDmat.
    let inv = |x: f64| if x > 0.0 { 1.0 / x } else { 0.0 };
    // denom = Cᵀ D⁻¹ C; numr = f (Uᵀ diag(s) U - Uᵀs (Uᵀp)ᵀ - Uᵀp (Uᵀs)ᵀ + S Uᵀp (Uᵀp)ᵀ),
    // from V̂ = f (diag(s) - s pᵀ - p sᵀ + S p pᵀ) where S = Σ s.
    let mut denom = Square::zeros(k_n);
    let mut numr = Square::zeros(k_n);
    let mut ut_s = vec![0.0; k_n];
    let mut ut_p = vec![0.0; k_n];
    for (cell, row) in c_rows.iter().enumerate() {
        let d = inv(p[cell]);
        for &(k, ck) in row {
            ut_s[k] += ck * d * s[cell];
            ut_p[k] += ck * d * p[cell];
            for &(l, cl) in row {
                *denom.at(k, l) += ck * d * cl;
                *numr.at(k, l) += ck * d * s[cell] * d * cl;
            }
        }
    }
    let big_s: f64 = s.iter().sum();
    for k in 0..k_n {
        for l in 0..k_n {
            let v = numr.get(k, l) - ut_s[k] * ut_p[l] - ut_p[k] * ut_s[l] + big_s * ut_p[k] * ut_p[l];
            *numr.at(k, l) = f * v;
        }
    }
    let delta = solve(denom, numr)?;
    let trace: f64 = (0..k_n).map(|k| delta.get(k, k)).sum();
    let trace2: f64 = (0..k_n)
        .flat_map(|k| (0..k_n).map(move |l| (k, l)))
        .map(|(k, l)| delta.get(k, l) * delta.get(l, k))
        .sum();
    let statistic = x2 / trace;
    let ndf = trace * trace / trace2;
    let nu = n_subset as f64 - 1.0;
    let ddf = ndf * nu;
    if !(statistic.is_finite() && ndf.is_finite() && ndf > 0.0 && ddf > 0.0) {
        return None;
    }
    let p_value = FisherSnedecor::new(ndf, ddf).map_or(f64::NAN, |d| d.sf(statistic));
    Some(Independence {
        method: TestMethod::RaoScott,
        statistic,
        df: k_n as f64,
        p: p_value,
        ndf: Some(ndf),
        ddf: Some(ddf),
        min_expected: min_expected(&counts, &kr, &kc),
    })
}

/// Benjamini-Hochberg adjusted p-values (R's p.adjust(p, "BH")), same order.
///
/// Benjamini and Hochberg (1995), J. R. Statist. Soc. B 57, 289-300: with the
/// m p-values sorted, p_(i) m / i, made monotone from the largest down and
/// capped at 1. As in R, NaN p-values stay NaN and are not counted in m.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    // Largest first; equal values keep their order, as R's order().
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let m = order.len() as f64;
    let mut out = vec![f64::NAN; p.len()];
    let mut running = f64::INFINITY;
    for (rank, &i) in order.iter().enumerate() {
        let position = m - rank as f64;
        running = running.min(m / position * p[i]);
        out[i] = running.min(1.0);
    }
    out
}

/// Two-sided two-proportion z test with pooled variance: shares p1, p2 on
/// (effective) bases n1, n2. Returns (z, p).
///
/// z = (p1 - p2) / sqrt(p̄ (1 - p̄) (1/n1 + 1/n2)) with the pooled share
/// p̄ = (n1 p1 + n2 p2) / (n1 + n2), and p = erfc(|z| / √2), the two-sided
/// normal tail (Agresti 2002, section 3.1; without continuity correction,
/// as R's `prop.test(correct = FALSE)`, whose X² is z²). With weights, pass
/// the weighted shares and Kish's effective bases. Equal shares give (0, 1),
/// including both 0 or both 1; a base not positive, or a share or base not
/// finite or outside [0, 1], gives (NaN, NaN).
pub fn two_proportion(p1: f64, n1: f64, p2: f64, n2: f64) -> (f64, f64) {
    let share = |p: f64| (0.0..=1.0).contains(&p);
    let base = |n: f64| n.is_finite() && n > 0.0;
    if !(share(p1) && share(p2) && base(n1) && base(n2)) {
        return (f64::NAN, f64::NAN);
    }
    if p1 == p2 {
        return (0.0, 1.0);
    }
    let pooled = (n1 * p1 + n2 * p2) / (n1 + n2);
    let z = (p1 - p2) / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    (z, erfc(z.abs() / std::f64::consts::SQRT_2))
}

/// Wilson score interval for a share `p` on an effective base `n` (not
/// necessarily whole): the weighted-survey form (Kish n_eff in place of n).
///
/// The same closed form as [`wilson`] with k = p n (Wilson 1927; for the
/// effective base, Kish 1965 and e.g. Dean and Pagano 2015, "Evaluating
/// confidence interval methods for binomial proportions in clustered
/// surveys", J. Survey Statist. Methodol. 3, 484-503). `p` is clamped to
/// [0, 1]; a base that is not positive and finite, or a NaN share, gives
/// (0, 1). Bounds are clamped to [0, 1].
pub fn wilson_share(p: f64, n: f64, z: f64) -> (f64, f64) {
    if !(n.is_finite() && n > 0.0) || p.is_nan() || !z.is_finite() {
        return (0.0, 1.0);
    }
    let p = p.clamp(0.0, 1.0);
    let z = z.abs();
    let z2 = z * z;
    let k = p * n;
    let root = z * (z2 + 4.0 * k * (1.0 - p)).sqrt();
    let denom = 2.0 * (n + z2);
    let lo = if p == 0.0 { 0.0 } else { (2.0 * k + z2 - root) / denom };
    let hi = if p == 1.0 { 1.0 } else { (2.0 * k + z2 + root) / denom };
    (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0))
}

#[cfg(test)]
#[path = "tests_stats.rs"]
mod tests_stats;

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one Wilson interval against reference bounds at `decimals` places.
    fn check_wilson(k: u64, n: u64, expected: (f64, f64), decimals: i32) {
        let (lo, hi) = wilson(k, n, Z95);
        let scale = 10f64.powi(decimals);
        let round = |v: f64| (v * scale).round() / scale;
        assert_eq!((round(lo), round(hi)), expected, "wilson({k}, {n}) = ({lo}, {hi})");
    }

    /// Checks one Fisher test against reference p-values at `decimals` decimal
    /// places. A `None` means that the source gives no value for that test.
    fn check_fisher(table: [u64; 4], two_sided: Option<f64>, greater: Option<f64>, less: Option<f64>, decimals: i32) {
        let [a, b, c, d] = table;
        let f = fisher_exact(a, b, c, d);
        let scale = 10f64.powi(decimals);
        let round = |v: f64| (v * scale).round() / scale;
        for (name, got, want) in [
            ("two-sided", f.p_two_sided, two_sided),
            ("greater", f.p_greater, greater),
            ("less", f.p_less, less),
        ] {
            if let Some(want) = want {
                assert_eq!(round(got), want, "{name} p for {table:?}: {f:?}");
            }
        }
    }

    /// P(X = a) for the table, computed independently of `fisher_exact`.
    fn point_probability(a: u64, b: u64, c: u64, d: u64) -> f64 {
        (ln_binomial(a + c, a) + ln_binomial(b + d, b) - ln_binomial(a + b + c + d, a + b)).exp()
    }

    #[test]
    fn wilson_matches_newcombe_1998() {
        // Newcombe, R. G. (1998). Two-sided confidence intervals for the single
        // proportion: comparison of seven methods. Statistics in Medicine 17,
        // 857-872. Illustrative examples, method 3 (score interval without
        // continuity correction), published to 4 decimal places.
        let cases = [
            (81, 263, (0.2553, 0.3662)),
            (15, 148, (0.0624, 0.1605)),
            (0, 20, (0.0, 0.1611)),
            (1, 29, (0.0061, 0.1718)),
        ];
        for (k, n, expected) in cases {
            check_wilson(k, n, expected, 4);
        }
    }

    #[test]
    fn wilson_edge_cases() {
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
        assert_eq!(wilson(5, 0, Z95), (0.0, 1.0));
        // k > n is clamped to n, and k == n gives an upper bound of exactly 1.
        assert_eq!(wilson(7, 5, Z95), wilson(5, 5, Z95));
        assert_eq!(wilson(5, 5, Z95).1, 1.0);
        assert_eq!(wilson(0, 5, Z95).0, 0.0);
        // A zero quantile collapses the interval onto the sample proportion.
        assert_eq!(wilson(1, 4, 0.0), (0.25, 0.25));
        let (lo, hi) = wilson(u64::MAX / 2, u64::MAX, Z95);
        assert!((lo - 0.5).abs() < 1e-9 && (hi - 0.5).abs() < 1e-9);
    }

    #[test]
    fn wilson_properties() {
        for n in [1_u64, 2, 3, 7, 10, 29, 100, 263, 1000, 1_000_000] {
            let step = (n / 50).max(1);
            for k in (0..=n).step_by(step as usize) {
                let (lo, hi) = wilson(k, n, Z95);
                let p = k as f64 / n as f64;
                assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
                assert!(lo <= p && p <= hi, "wilson({k}, {n}) = ({lo}, {hi})");
                // The interval for n - k successes is the mirror image.
                let (mlo, mhi) = wilson(n - k, n, Z95);
                assert!((lo - (1.0 - mhi)).abs() < 1e-12, "mirror of {k}/{n}");
                assert!((hi - (1.0 - mlo)).abs() < 1e-12, "mirror of {k}/{n}");
            }
        }
    }

    #[test]
    fn fisher_matches_published_values() {
        // R documentation of fisher.test (package stats), TeaTasting example
        // (Agresti 1990, p. 59; Fisher's lady tasting tea):
        // matrix(c(3, 1, 1, 3), 2) gives p = 0.4857 two-sided and p = 0.2429
        // for alternative = "greater".
        check_fisher([3, 1, 1, 3], Some(0.4857), Some(0.2429), None, 4);
        // The same table has exact probabilities 34/70 (two-sided), 17/70
        // (P(X >= 3)) and 69/70 (P(X <= 3)), from C(4, x) C(4, 4 - x) / C(8, 4).
        check_fisher([3, 1, 1, 3], Some(0.485714), Some(0.242857), Some(0.985714), 6);
        // R documentation of fisher.test, Convictions example (Fisher 1962,
        // 1970: criminal convictions of like-sex twins): matrix(c(2, 10, 15, 3), 2) with alternative = "less"
        // gives p = 0.0004652.
        check_fisher([2, 15, 10, 3], None, None, Some(0.0004652), 7);
        // Wikipedia, "Fisher's exact test", worked example with the table
        // 1 9 / 11 3: one-sided p = 0.001346 + 0.000034 = 0.001380 and
        // two-sided p = 0.002759 (also R's fisher.test(matrix(c(1, 11, 9, 3), 2))).
        check_fisher([1, 9, 11, 3], Some(0.002759), None, Some(0.001380), 6);
    }

    #[test]
    fn fisher_large_table_matches_high_precision_sum() {
        // This is not a published value: it is the same sum over the whole
        // support evaluated with mpmath at 40 significant digits. It guards the
        // log-space path at a grand total of 1,000,000, where the relative error
        // measured during development was below 1e-10.
        let f = fisher_exact(500, 499_500, 450, 499_550);
        for (got, want) in [
            (f.p_two_sided, 0.11166839937),
            (f.p_greater, 0.055834199685),
            (f.p_less, 0.951108440838),
        ] {
            assert!((got - want).abs() / want < 1e-8, "{f:?}");
        }
    }

    #[test]
    fn fisher_degenerate_tables() {
        let ones = |f: Fisher| (f.p_two_sided, f.p_greater, f.p_less);
        assert_eq!(ones(fisher_exact(0, 0, 0, 0)), (1.0, 1.0, 1.0));
        assert_eq!(ones(fisher_exact(5, 0, 3, 0)), (1.0, 1.0, 1.0));
        assert_eq!(ones(fisher_exact(0, 0, 3, 4)), (1.0, 1.0, 1.0));
        assert_eq!(ones(fisher_exact(0, 7, 0, 4)), (1.0, 1.0, 1.0));
        assert!(fisher_exact(0, 0, 0, 0).odds_ratio.is_nan());
        assert!(fisher_exact(0, 3, 0, 4).odds_ratio.is_nan());
        assert_eq!(fisher_exact(2, 0, 3, 4).odds_ratio, f64::INFINITY);
        assert_eq!(fisher_exact(0, 2, 3, 4).odds_ratio, 0.0);
        assert_eq!(fisher_exact(3, 1, 1, 3).odds_ratio, 9.0);
        // A grand total beyond u64 gives NaN p-values instead of a panic.
        let f = fisher_exact(u64::MAX, 1, 1, 1);
        assert!(f.p_two_sided.is_nan() && f.p_less.is_nan() && f.p_greater.is_nan());
    }

    #[test]
    fn fisher_large_tables() {
        // A grand total of 1,000,000 with a perfectly balanced table: the
        // observed table is the mode, so every p-value is large and the
        // two-sided one is exactly the whole distribution.
        let f = fisher_exact(250_000, 250_000, 250_000, 250_000);
        assert!((f.p_two_sided - 1.0).abs() < 1e-9, "{f:?}");
        assert!(f.p_greater > 0.5 && f.p_less > 0.5);
        // A shift of 3,000 is about 12 standard deviations, which is tiny but
        // representable; far larger shifts underflow to 0.
        let f = fisher_exact(253_000, 247_000, 247_000, 253_000);
        assert!(f.p_greater > 0.0 && f.p_greater < 1e-30, "{f:?}");
        assert!((f.p_less - 1.0).abs() < 1e-12);
        let f = fisher_exact(400_000, 100_000, 100_000, 400_000);
        assert_eq!((f.p_two_sided, f.p_greater, f.p_less), (0.0, 0.0, 1.0));
        // Margins in the tens of thousands, as in a large survey.
        let f = fisher_exact(12_345, 40_000, 30_000, 90_000);
        for p in [f.p_two_sided, f.p_greater, f.p_less] {
            assert!((0.0..=1.0).contains(&p));
        }
    }

    #[test]
    fn fisher_properties() {
        let mut tables = Vec::new();
        for a in 0..6_u64 {
            for b in 0..6 {
                for c in 0..6 {
                    for d in 0..6 {
                        tables.push([a, b, c, d]);
                    }
                }
            }
        }
        tables.extend([[120, 880, 95, 905], [31, 4000, 2, 3990], [1200, 3400, 5600, 7800]]);
        for [a, b, c, d] in tables {
            let f = fisher_exact(a, b, c, d);
            for p in [f.p_two_sided, f.p_greater, f.p_less] {
                assert!((0.0..=1.0).contains(&p), "{:?}: {f:?}", [a, b, c, d]);
            }
            assert!(f.p_two_sided >= f.p_greater.min(f.p_less) - 1e-12);
            // Swapping the rows (or the columns) swaps the two one-sided
            // tests and leaves the two-sided one unchanged.
            let s = fisher_exact(c, d, a, b);
            assert!((s.p_greater - f.p_less).abs() < 1e-12);
            assert!((s.p_less - f.p_greater).abs() < 1e-12);
            assert!((s.p_two_sided - f.p_two_sided).abs() < 1e-12);
            // Transposing the table leaves every p-value unchanged.
            let t = fisher_exact(a, c, b, d);
            assert!((t.p_greater - f.p_greater).abs() < 1e-12);
            assert!((t.p_less - f.p_less).abs() < 1e-12);
            assert!((t.p_two_sided - f.p_two_sided).abs() < 1e-12);
            // The two tails overlap in exactly the observed table.
            if a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0 {
                let point = point_probability(a, b, c, d);
                let sum = f.p_greater + f.p_less - point;
                assert!((sum - 1.0).abs() < 1e-9, "{:?}: {sum}", [a, b, c, d]);
            }
        }
    }
}
