//! Survey weights: raking to target margins, trimming and Kish's effective
//! sample size.
//!
//! [`rake`] is iterative proportional fitting with the semantics of R's
//! `survey::rake` (Lumley, survey package 4.1: `rake`, `postStratify`),
//! [`trim`] is `survey::trimWeights` with `strict = FALSE`, and
//! [`rake_and_trim`] is the sequence `rake(trimWeights(rake(d), upper = cap))`.
//! [`effective_n`] and [`efficiency`] are Kish's (1965, Survey Sampling,
//! section 11.7) effective sample size and weighting efficiency. The values
//! are checked against R in `tests/reference/` (see its README.md).
//!
//! Every function is total: empty input, zero, negative or non-finite weights
//! and targets give the documented results below, never a panic.

use rustc_hash::FxHashMap;

/// One raking margin: each respondent's group (None: no answer to the
/// question, such a respondent keeps its weight for this margin) and the
/// target share of each group (summing to 1).
///
/// "Keeps its weight" is made exact as in R, where a raking margin must have
/// a population count for every stratum: the respondents without an answer
/// form a stratum of their own whose target is their total of the start
/// weights, and the answering respondents share the rest of the total. With
/// a single margin the no-answer respondents therefore keep their start
/// weights exactly; with several margins the other margins move them and this
/// margin brings their total (not each weight) back to its start value.
///
/// A respondent past the end of `of_row`, or whose group has no entry in
/// `targets`, is treated as having no answer. Negative or non-finite shares
/// count as 0 and the shares are divided by their sum, so they need not sum to
/// exactly 1; a margin whose shares sum to 0 is skipped and the result is
/// marked not converged.
#[derive(Clone, Copy, Debug)]
pub struct Margin<'a> {
    pub of_row: &'a [Option<u16>],
    pub targets: &'a [f64],
}

/// The result of [`rake`].
#[derive(Clone, Debug, PartialEq)]
pub struct Raked {
    /// One weight per respondent of `start`, in the same order.
    pub weights: Vec<f64>,
    /// Passes made, each post-stratifying on every margin once, including the
    /// pass after which the change fell below the tolerance.
    pub iterations: usize,
    /// Whether the change fell below the tolerance within `max_iter` passes
    /// and every margin's targets could be met (a group with a positive target
    /// and no weight cannot be).
    pub converged: bool,
    /// largest change of a weighted margin in the last iteration, as a share of the total
    ///
    /// As in R, the change is measured on the cells of the cross-classification
    /// of all the margins (no answer being a group of its own), whose sums are
    /// the margins.
    pub max_change: f64,
}

/// The result of [`trim`].
#[derive(Clone, Debug, PartialEq)]
pub struct Trimmed {
    /// The weights after trimming, in the order given.
    pub weights: Vec<f64>,
    /// How many weights were above the cap and set to it.
    pub trimmed: usize,
}

/// A weight as the raking uses it: negative and non-finite weights count as 0.
fn clean(w: f64) -> f64 {
    if w.is_finite() && w > 0.0 {
        w
    } else {
        0.0
    }
}

/// One margin prepared for the passes: each respondent's stratum (the groups
/// in order, then one for no answer) and each stratum's fixed target total.
struct Strata {
    of_row: Vec<usize>,
    targets: Vec<f64>,
}

/// The strata of `margin` over `n` respondents with start weights `w`, or None
/// when its shares have no positive sum.
fn strata(margin: &Margin, w: &[f64], total: f64) -> Option<Strata> {
    let groups = margin.targets.len();
    let shares: Vec<f64> = margin.targets.iter().map(|&s| clean(s)).collect();
    let share_sum: f64 = shares.iter().sum();
    if !(share_sum > 0.0 && share_sum.is_finite()) {
        return None;
    }
    let of_row: Vec<usize> = (0..w.len())
        .map(|i| match margin.of_row.get(i).copied().flatten() {
            Some(g) if usize::from(g) < groups => usize::from(g),
            _ => groups,
        })
        .collect();
    let no_answer: f64 = of_row
        .iter()
        .zip(w)
        .filter(|(&s, _)| s == groups)
        .map(|(_, &w)| w)
        .sum();
    let answered = (total - no_answer).max(0.0);
    let mut targets: Vec<f64> = shares.iter().map(|s| s / share_sum * answered).collect();
    targets.push(no_answer);
    Some(Strata { of_row, targets })
}

/// Post-stratifies `w` on one margin: every stratum's weights are scaled to
/// its target total. Returns false when a stratum with a positive target has
/// no weight to scale.
fn post_stratify(w: &mut [f64], s: &Strata) -> bool {
    let mut current = vec![0.0; s.targets.len()];
    for (&g, &wi) in s.of_row.iter().zip(w.iter()) {
        current[g] += wi;
    }
    let mut feasible = true;
    let factors: Vec<f64> = current
        .iter()
        .zip(&s.targets)
        .map(|(&cur, &target)| {
            if cur > 0.0 {
                target / cur
            } else {
                feasible &= target <= 0.0;
                1.0
            }
        })
        .collect();
    for (&g, wi) in s.of_row.iter().zip(w.iter_mut()) {
        *wi *= factors[g];
    }
    feasible
}

/// Numbers each respondent's cell of the cross-classification of all strata.
fn joint_cells(strata: &[Strata], n: usize) -> (Vec<usize>, usize) {
    let mut cell = vec![0_usize; n];
    let mut count = 1;
    for s in strata {
        let mut ids: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        for (c, &g) in cell.iter_mut().zip(&s.of_row) {
            let next = ids.len();
            *c = *ids.entry((*c, g)).or_insert(next);
        }
        count = ids.len();
    }
    (cell, count)
}

/// The weighted total of every cell.
fn cell_totals(cell: &[usize], count: usize, w: &[f64]) -> Vec<f64> {
    let mut totals = vec![0.0; count];
    for (&c, &wi) in cell.iter().zip(w) {
        totals[c] += wi;
    }
    totals
}

/// Iterative proportional fitting as survey::rake: post-stratify on each
/// margin in turn, starting from `start` weights, until the largest change
/// in any weighted margin is below `epsilon` (1e-6) of the total, at most
/// `max_iter` (100) iterations.
///
/// A negative or non-finite `epsilon` is taken as 0: the loop then runs
/// `max_iter` passes and the result is not converged. `max_iter` 0 returns
/// the start weights, not converged (when there is something to rake).
///
/// This is R's `rake(design, margins, populations, control = list(maxit =
/// max_iter, epsilon = epsilon))` for `epsilon < 1`, where each population is
/// the margin's shares times the answering respondents' total of the start
/// weights, plus the no-answer stratum described at [`Margin`]. As in R:
/// - each pass post-stratifies on every margin in order (every stratum's
///   weights multiplied by target / current total);
/// - after each pass the weighted table of the cross-classification of all
///   the margins is compared with the one before the pass (before the first
///   pass: the start weights), and the loop stops when the largest absolute
///   change of a cell is below `epsilon` times the total of `start`;
/// - the total of the weights stays the total of `start`.
///
/// Negative and non-finite start weights count as 0 and stay 0. With no
/// respondents or no margins the start weights come back, converged after 0
/// passes; with no positive start weight they come back not converged. A
/// margin whose targets cannot be met (see [`Raked::converged`] and
/// [`Margin`]) is still applied to its other groups, and the result is marked
/// not converged (R stops with an error there).
pub fn rake(start: &[f64], margins: &[Margin], epsilon: f64, max_iter: usize) -> Raked {
    let mut w: Vec<f64> = start.iter().map(|&x| clean(x)).collect();
    let total: f64 = w.iter().sum();
    if w.is_empty() || margins.is_empty() {
        return Raked {
            weights: w,
            iterations: 0,
            converged: true,
            max_change: 0.0,
        };
    }
    if !(total > 0.0 && total.is_finite()) {
        return Raked {
            weights: w,
            iterations: 0,
            converged: false,
            max_change: 0.0,
        };
    }
    let prepared: Vec<Option<Strata>> = margins.iter().map(|m| strata(m, &w, total)).collect();
    let mut feasible_margins = prepared.iter().all(Option::is_some);
    let prepared: Vec<Strata> = prepared.into_iter().flatten().collect();
    let (cell, count) = joint_cells(&prepared, w.len());
    let tolerance = if epsilon.is_finite() {
        epsilon.max(0.0) * total
    } else {
        0.0
    };

    let mut old = cell_totals(&cell, count, &w);
    let mut iterations = 0;
    let mut max_change = 0.0;
    let mut converged = false;
    while iterations < max_iter {
        let mut feasible = true;
        for s in &prepared {
            feasible &= post_stratify(&mut w, s);
        }
        feasible_margins &= feasible;
        iterations += 1;
        let new = cell_totals(&cell, count, &w);
        let delta = old.iter().zip(&new).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        max_change = delta / total;
        if delta < tolerance {
            converged = true;
            break;
        }
        old = new;
    }
    Raked {
        weights: w,
        iterations,
        converged: converged && feasible_margins,
        max_change,
    }
}

/// Weights above `cap` set to it and the excess spread over the others,
/// as survey::trimWeights (say in the doc which variant: strict or not).
///
/// This is `trimWeights(design, upper = cap, strict = FALSE)`: a single pass in
/// which every weight above `cap` becomes `cap` and the sum of the excess is
/// added in equal parts (not in proportion) to every weight not above the cap,
/// so the total is kept; a weight raised past the cap by that share stays
/// above it (R's `strict = TRUE` would repeat the pass). When every weight is
/// above the cap there is nothing to spread over and the total shrinks, as in
/// R. A NaN cap trims nothing; NaN weights are left as they are and count
/// among the others.
pub fn trim(weights: &[f64], cap: f64) -> Trimmed {
    let outside: Vec<bool> = weights.iter().map(|&w| w > cap).collect();
    let trimmed = outside.iter().filter(|&&o| o).count();
    if trimmed == 0 {
        return Trimmed {
            weights: weights.to_vec(),
            trimmed,
        };
    }
    let excess: f64 = weights
        .iter()
        .zip(&outside)
        .filter(|(_, &o)| o)
        .map(|(&w, _)| w - cap)
        .sum();
    let inside = weights.len() - trimmed;
    let share = if inside > 0 { excess / inside as f64 } else { 0.0 };
    let weights = weights
        .iter()
        .zip(&outside)
        .map(|(&w, &o)| if o { cap } else { w + share })
        .collect();
    Trimmed { weights, trimmed }
}

/// Rakes, trims to `cap` and rakes again: R's
/// `rake(trimWeights(rake(d, ...), upper = cap), ...)` (see [`rake`] and
/// [`trim`]). The second raking starts from the trimmed weights, so its
/// no-answer strata hold their trimmed totals. Returns the second raking and
/// the number of weights trimmed. The three steps always run, as in that R
/// expression; when nothing is trimmed the second raking stops after one
/// pass.
pub fn rake_and_trim(start: &[f64], margins: &[Margin], cap: f64, epsilon: f64, max_iter: usize) -> (Raked, usize) {
    let first = rake(start, margins, epsilon, max_iter);
    let trimmed = trim(&first.weights, cap);
    let second = rake(&trimmed.weights, margins, epsilon, max_iter);
    (second, trimmed.trimmed)
}

/// Kish: (Σw)² / Σw² (0 when Σw² is 0), and efficiency = n_eff / n.
///
/// Kish (1965), Survey Sampling, formula 11.7.6 in the form of Kish (1992),
/// "Weighting for unequal Pi", J. Official Statistics 8, 183-200. Non-finite
/// sums and a non-positive Σw² give 0.
pub fn effective_n(sum_w: f64, sum_w2: f64) -> f64 {
    let n = sum_w * sum_w / sum_w2;
    if sum_w2 > 0.0 && n.is_finite() {
        n
    } else {
        0.0
    }
}

/// Kish's weighting efficiency (Σw)² / (n Σw²), that is [`effective_n`] / `n`:
/// 1 for equal weights, smaller the more they vary. 0 when `n` is 0.
pub fn efficiency(sum_w: f64, sum_w2: f64, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        effective_n(sum_w, sum_w2) / n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kish_by_hand() {
        // Weights 1, 1, 2, 4: Σw = 8, Σw² = 22, n_eff = 64 / 22 = 2.909...
        assert!((effective_n(8.0, 22.0) - 64.0 / 22.0).abs() < 1e-15);
        assert!((efficiency(8.0, 22.0, 4) - 16.0 / 22.0).abs() < 1e-15);
        // Equal weights: n_eff is n whatever the weight.
        assert!((effective_n(5.0 * 2.5, 5.0 * 6.25) - 5.0).abs() < 1e-12);
        assert_eq!(effective_n(0.0, 0.0), 0.0);
        assert_eq!(effective_n(f64::NAN, 1.0), 0.0);
        assert_eq!(efficiency(3.0, 3.0, 0), 0.0);
    }

    #[test]
    fn one_margin_is_post_stratification() {
        // Four respondents in groups a a b and one without an answer; targets
        // 50/50. The answering total is 3: a gets 1.5 (0.75 each), b 1.5, and
        // the respondent without an answer keeps its weight 1.
        let of_row = [Some(0), Some(0), Some(1), None];
        let m = Margin {
            of_row: &of_row,
            targets: &[0.5, 0.5],
        };
        let r = rake(&[1.0; 4], &[m], 1e-6, 100);
        assert_eq!(r.weights, vec![0.75, 0.75, 1.5, 1.0]);
        assert!(r.converged);
        // One pass to fit, a second to see nothing change.
        assert_eq!(r.iterations, 2);
        assert_eq!(r.max_change, 0.0);
    }

    #[test]
    fn two_margins_fit_both() {
        let a = [Some(0), Some(0), Some(1), Some(1), Some(1), Some(0)];
        let b = [Some(0), Some(1), Some(0), Some(1), Some(1), Some(1)];
        let margins = [
            Margin {
                of_row: &a,
                targets: &[0.3, 0.7],
            },
            Margin {
                of_row: &b,
                targets: &[0.6, 0.4],
            },
        ];
        let r = rake(&[1.0; 6], &margins, 1e-9, 100);
        assert!(r.converged, "{r:?}");
        let share = |of: &[Option<u16>], g| {
            of.iter()
                .zip(&r.weights)
                .filter(|(x, _)| **x == Some(g))
                .map(|(_, w)| w)
                .sum::<f64>()
                / 6.0
        };
        assert!((share(&a, 0) - 0.3).abs() < 1e-8 && (share(&b, 0) - 0.6).abs() < 1e-8);
        assert!((r.weights.iter().sum::<f64>() - 6.0).abs() < 1e-12);
    }

    #[test]
    fn hostile_input_never_panics() {
        assert_eq!(rake(&[], &[], 1e-6, 100).weights, Vec::<f64>::new());
        let of_row = [Some(0), Some(7), None];
        let m = Margin {
            of_row: &of_row,
            targets: &[1.0],
        };
        // Zero, NaN and negative start weights: nothing to rake.
        let r = rake(&[0.0, f64::NAN, -1.0], &[m], 1e-6, 100);
        assert!(!r.converged && r.weights == vec![0.0; 3]);
        // A group with a positive target and no respondent cannot be met.
        let m = Margin {
            of_row: &of_row,
            targets: &[0.5, 0.5],
        };
        assert!(!rake(&[1.0; 3], &[m], 1e-6, 100).converged);
        // Shares with no positive sum.
        let m = Margin {
            of_row: &of_row,
            targets: &[f64::NAN, -1.0],
        };
        assert!(!rake(&[1.0; 3], &[m], 1e-6, 100).converged);
        // A shorter of_row: the rest have no answer.
        let m = Margin {
            of_row: &of_row[..1],
            targets: &[1.0],
        };
        assert_eq!(rake(&[1.0; 3], &[m], 1e-6, 0).iterations, 0);
        assert_eq!(trim(&[], 1.0).trimmed, 0);
        assert_eq!(trim(&[1.0, 2.0], f64::NAN).trimmed, 0);
    }

    #[test]
    fn trim_spreads_the_excess_equally() {
        // 6 and 4 are cut to 3, the excess 4 goes 2 each to the other two.
        let t = trim(&[1.0, 6.0, 2.0, 4.0], 3.0);
        assert_eq!(
            t,
            Trimmed {
                weights: vec![3.0, 3.0, 4.0, 3.0],
                trimmed: 2
            }
        );
        // Every weight above the cap: capped, and the total shrinks.
        assert_eq!(trim(&[5.0, 6.0], 3.0).weights, vec![3.0, 3.0]);
    }
}
