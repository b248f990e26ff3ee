//! Tests of the split statistics in `stats.rs` against published values.
//! The weighted ones are also checked against R in `tests/it/reference.rs`.

use super::*;

#[test]
fn pearson_matches_agresti_party_by_gender() {
    // Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed.,
    // Table 2.5 (party identification by gender, General Social Survey 2000):
    // X² = 30.1 on df = 2, P < 0.001. The same table is the example of R's
    // chisq.test help page, which prints X-squared = 30.07, p-value = 2.954e-07.
    let t = pearson(&[vec![762, 327, 468], vec![484, 239, 477]]).unwrap();
    assert_eq!(t.method, TestMethod::Pearson);
    assert_eq!((t.df, t.ndf, t.ddf), (2.0, None, None));
    assert!((t.statistic - 30.07).abs() < 0.005, "{t:?}");
    assert!((t.p - 2.954e-7).abs() < 0.0005e-7, "{t:?}");
    // The smallest expected count: 1200 x 566 / 2757 (males, Independent).
    assert!((t.min_expected - 1200.0 * 566.0 / 2757.0).abs() < 1e-9);
}

#[test]
fn pearson_drops_empty_rows_and_columns() {
    let full = pearson(&[vec![762, 327, 468], vec![484, 239, 477]]).unwrap();
    let padded = pearson(&[vec![762, 0, 327, 468], vec![0, 0, 0], vec![484, 0, 239, 477]]).unwrap();
    assert_eq!(full, padded);
    assert!(pearson(&[]).is_none());
    assert!(pearson(&[vec![1, 2, 3]]).is_none());
    assert!(pearson(&[vec![1, 0], vec![4, 0]]).is_none());
    assert!(pearson(&[vec![0, 0], vec![0, 0]]).is_none());
}

#[test]
fn two_proportion_is_prop_test_without_correction() {
    // R: prop.test(c(15, 25), c(50, 50), correct = FALSE) gives X-squared =
    // 4.1667 (= z²) and p = 0.04123; by hand, p̄ = 0.4, z = -0.2 / sqrt(0.24 x
    // 0.04) = -2.0412.
    let (z, p) = two_proportion(0.3, 50.0, 0.5, 50.0);
    assert!((z * z - 4.166666666666667).abs() < 1e-12 && z < 0.0);
    // statrs' erfc agrees with R's pchisq(z², 1) to about 1e-10 relative.
    assert!((p - 0.04122683333716357).abs() < 1e-11, "{p}");
    assert_eq!(two_proportion(0.0, 10.0, 0.0, 20.0), (0.0, 1.0));
    assert!(two_proportion(0.5, 0.0, 0.2, 10.0).0.is_nan());
    assert!(two_proportion(1.5, 10.0, 0.2, 10.0).1.is_nan());
    assert!(two_proportion(f64::NAN, 10.0, 0.2, 10.0).1.is_nan());
}

#[test]
fn benjamini_hochberg_matches_the_1995_example() {
    // Benjamini and Hochberg (1995), section 4.1: 15 p-values from a study of
    // myocardial infarction; at q = 0.05 the procedure rejects the four
    // smallest. Adjusted values from R's p.adjust(p, "BH").
    let p = [
        0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590,
        1.000,
    ];
    let want = [
        0.0015,
        0.003,
        0.0095,
        0.035625,
        0.0603,
        0.06385714285714286,
        0.06385714285714286,
        0.0645,
        0.0765,
        0.486,
        0.5811818181818181,
        0.714875,
        0.7532307692307693,
        0.8132142857142857,
        1.0,
    ];
    let got = benjamini_hochberg(&p);
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-15, "{got:?}");
    }
    assert_eq!(got.iter().filter(|&&q| q <= 0.05).count(), 4);
    // The order is kept and NaN is passed through, not counted.
    let got = benjamini_hochberg(&[0.04, f64::NAN, 0.01]);
    assert!(got[1].is_nan() && (got[0] - 0.04).abs() < 1e-15 && (got[2] - 0.02).abs() < 1e-15);
    assert!(benjamini_hochberg(&[]).is_empty());
}

#[test]
fn wilson_share_is_wilson_on_whole_counts() {
    for (k, n) in [(81_u64, 263_u64), (0, 20), (20, 20), (1, 29), (15, 148)] {
        let (lo, hi) = wilson_share(k as f64 / n as f64, n as f64, Z95);
        let (wlo, whi) = wilson(k, n, Z95);
        assert!((lo - wlo).abs() < 1e-12 && (hi - whi).abs() < 1e-12, "{k}/{n}");
    }
    // A fractional effective base gives a wider interval than the full one.
    let (lo, hi) = wilson_share(0.3, 241.7, Z95);
    let (flo, fhi) = wilson_share(0.3, 318.0, Z95);
    assert!(lo < flo && hi > fhi);
    assert_eq!(wilson_share(0.3, 0.0, Z95), (0.0, 1.0));
    assert_eq!(wilson_share(f64::NAN, 10.0, Z95), (0.0, 1.0));
    assert_eq!(wilson_share(0.5, f64::INFINITY, Z95), (0.0, 1.0));
}

#[test]
fn rao_scott_with_equal_weights_is_close_to_pearson() {
    // With equal weights and no missing answers the design effects are all
    // about n/(n - 1) of the multinomial ones, so F x df is Pearson's X² up
    // to that factor and ndf is the nominal df.
    let table = [[30_u16, 10, 12], [20, 25, 9]];
    let mut cells = Vec::new();
    for (r, row) in table.iter().enumerate() {
        for (c, &k) in row.iter().enumerate() {
            cells.extend(std::iter::repeat_n(Some((r as u16, c as u16)), usize::from(k)));
        }
    }
    let n = cells.len() as f64;
    let rs = rao_scott(&cells, &vec![2.0; cells.len()], 2, 3).unwrap();
    let x2 = pearson(&[vec![30, 10, 12], vec![20, 25, 9]]).unwrap();
    assert_eq!(rs.method, TestMethod::RaoScott);
    assert!(
        (rs.statistic * 2.0 * n / (n - 1.0) - x2.statistic).abs() < 1e-9,
        "{rs:?} {x2:?}"
    );
    assert!((rs.ndf.unwrap() - 2.0).abs() < 1e-9 && (rs.ddf.unwrap() - 2.0 * (n - 1.0)).abs() < 1e-6);
    assert_eq!(rs.min_expected, x2.min_expected);
}

#[test]
fn rao_scott_hostile_input() {
    assert!(rao_scott(&[], &[], 2, 2).is_none());
    assert!(rao_scott(&[Some((0, 0))], &[1.0], 2, 2).is_none());
    let cells = [
        Some((0, 0)),
        Some((1, 1)),
        Some((5, 0)),
        None,
        Some((0, 1)),
        Some((1, 0)),
    ];
    // Short, NaN, negative and zero weights do not panic.
    for w in [vec![], vec![f64::NAN; 6], vec![-1.0; 6], vec![0.0; 6], vec![1.0, 2.0]] {
        let _ = rao_scott(&cells, &w, 2, 2);
    }
    let ok = rao_scott(&cells, &[1.0, 2.0, 1.0, 1.0, 3.0, 1.0], 2, 2).unwrap();
    assert!((0.0..=1.0).contains(&ok.p));
    // One column has no weight: nothing to test.
    assert!(rao_scott(&cells, &[1.0, 0.0, 1.0, 1.0, 1.0, 0.0], 2, 2).is_none());
    assert!(rao_scott_subset(&cells, &[1.0; 6], &[true], 2, 2).is_none());
}

#[test]
fn rao_scott_with_an_empty_cell_matches_r() {
    // An empty cell (p, x) inside non-empty margins, and five blanks in a.
    // R 4.2, survey 4.1: svychisq(~a + b, svydesign(ids = ~1, weights = ~w,
    // data = d)) gives F = 5.6228963200030035, ndf = 3.9823472384111618,
    // ddf = 473.89932137092825, p = 0.0002036888097251444 (set.seed(3); see
    // tests/reference/README.md for how such values are made).
    let a = "-----rqrpqppppppqqpqrqrqrprrqrprqqprqpqprqpppppqqprrqqprqpqppqpqrrqqqrrpqqprrqqppqrrrrppqrprqprrprpqqqrpqpqppqqrpprppqqp";
    let b = "yxyxzxxyyyyzyzyzxxyyyzxyyyzxzxyxzyzyzyxyzxyzyyyyxyyzyxyzyyyyzxyyyxyzzyxyyxyzzyzyzxzzxyyyyzzzxyyyzxzzyxxzxyzzyzyxyyzzyzyy";
    let w = [
        2.548, 1.179, 2.582, 1.852, 2.865, 2.555, 2.917, 2.81, 2.397, 1.763, 2.721, 0.838, 0.826, 2.807, 2.37, 0.633,
        2.72, 0.774, 1.982, 1.204, 1.344, 1.745, 1.985, 1.561, 1.227, 0.62, 1.271, 2.692, 2.694, 1.109, 2.961, 2.716,
        0.609, 1.437, 0.637, 2.419, 0.874, 2.917, 2.067, 0.765, 0.968, 2.554, 2.133, 0.781, 1.984, 1.699, 1.334, 1.216,
        1.23, 0.752, 0.733, 1.222, 2.381, 2.798, 2.962, 1.195, 1.346, 0.627, 0.718, 1.343, 1.128, 1.407, 2.355, 2.267,
        2.449, 1.503, 2.991, 1.328, 0.713, 2.636, 1.808, 2.993, 1.555, 1.072, 0.759, 2.747, 1.135, 1.533, 0.728, 2.53,
        2.023, 1.864, 2.653, 1.223, 0.626, 1.148, 1.309, 1.92, 2.82, 2.441, 0.618, 2.877, 2.852, 2.058, 0.669, 1.824,
        0.796, 1.96, 1.402, 1.299, 0.95, 2.531, 2.505, 1.859, 1.281, 0.909, 2.417, 1.899, 1.17, 0.703, 2.086, 1.815,
        2.913, 1.442, 2.817, 2.365, 2.15, 2.526, 1.95, 1.802,
    ];
    let cells: Vec<Option<(u16, u16)>> = a
        .bytes()
        .zip(b.bytes())
        .map(|(x, y)| (x != b'-').then(|| (u16::from(x - b'p'), u16::from(y - b'x'))))
        .collect();
    let t = rao_scott(&cells, &w, 3, 3).unwrap();
    let close = |got: f64, want: f64| assert!((got - want).abs() <= 1e-9 * want, "{got} against {want}");
    close(t.statistic, 5.6228963200030035);
    close(t.ndf.unwrap(), 3.982347238411162);
    close(t.ddf.unwrap(), 473.89932137092825);
    close(t.p, 0.0002036888097251444);
}
