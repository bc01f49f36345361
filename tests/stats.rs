//! Statistics with known answers: quantiles, BH q-values, log-odds keyness, bootstrap and
//! permutation determinism.

use framescope::stats::*;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() < tol
}

#[test]
fn quantiles_interpolate_between_order_statistics() {
    let v = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(quantile(&v, 0.0), 1.0);
    assert_eq!(quantile(&v, 0.5), 3.0);
    assert_eq!(quantile(&v, 1.0), 5.0);
    assert!(close(quantile(&v, 0.1), 1.4, 1e-12));
}

#[test]
fn benjamini_hochberg_matches_a_hand_worked_example() {
    // Sorted p: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4); m = 4.
    // p*m/rank: 0.02, 0.02, 0.04, 0.04; cumulative minimum from the largest rank keeps them.
    let q = benjamini_hochberg(&[Some(0.01), Some(0.04), None, Some(0.03), Some(0.005)]);
    let q: Vec<Option<f64>> = q
        .into_iter()
        .map(|x| x.map(|v| (v * 1e9).round() / 1e9))
        .collect();
    assert_eq!(
        q,
        vec![Some(0.02), Some(0.04), None, Some(0.04), Some(0.02)]
    );
    // A large p before a small one: monotonicity pulls the earlier q down.
    let q = benjamini_hochberg(&[Some(0.03), Some(0.031)]);
    assert!(
        close(q[0].unwrap(), 0.031, 1e-12) && close(q[1].unwrap(), 0.031, 1e-12),
        "{q:?}"
    );
}

#[test]
fn log_odds_matches_hand_computed_values() {
    // n_a = 3, n_b = 3, alpha_0 = 8.
    // x: ln((2+3)/(3+8-2-3)) - ln((0+3)/(3+8-0-3)) = ln(5/6) - ln(3/8) = 0.798508; var 1/5 + 1/3.
    // y: ln(6/5) - ln(8/3) = -0.798508; var 1/6 + 1/8.
    let k = log_odds(&[("x".into(), 2, 0, 3.0), ("y".into(), 1, 3, 5.0)]);
    assert_eq!(k[0].word, "x");
    assert!(close(k[0].delta, 0.7985076962, 1e-9));
    assert!(close(k[0].variance, 0.5333333333, 1e-9));
    assert!(close(k[0].z, 1.0934016939, 1e-9));
    assert_eq!(k[1].word, "y");
    assert!(close(k[1].z, -1.4785489500, 1e-9));
}

#[test]
fn bootstrap_is_deterministic_for_a_seed() {
    let a = [1.0, 2.0, 3.0, 4.0, 10.0];
    let mean = |g: &[Vec<f64>]| g[0].iter().sum::<f64>() / g[0].len() as f64;
    let r1 = bootstrap(&[&a], 200, 7, mean);
    let r2 = bootstrap(&[&a], 200, 7, mean);
    let r3 = bootstrap(&[&a], 200, 8, mean);
    assert_eq!(r1, r2);
    assert_ne!(r1, r3);
    let ci = percentile_interval(r1, 0.95).unwrap();
    assert!(
        ci.low >= 1.0 && ci.high <= 10.0 && ci.low < 4.0 && ci.high > 4.0,
        "{ci:?}"
    );
}

#[test]
fn intervals_are_withheld_when_many_resamples_are_undefined() {
    let mut v = vec![1.0; 90];
    v.extend([f64::NAN; 10]);
    assert_eq!(percentile_interval(v, 0.95), None);
}

#[test]
fn permutation_p_is_small_for_separated_groups_and_large_for_equal_ones() {
    let diff = |a: &[f64], b: &[f64]| {
        a.iter().sum::<f64>() / a.len() as f64 - b.iter().sum::<f64>() / b.len() as f64
    };
    let p = permutation_p(&[1.0; 10], &[0.0; 10], 999, 1, diff);
    assert!(p < 0.01, "{p}");
    let p = permutation_p(&[1.0, 0.0, 1.0, 0.0], &[0.0, 1.0, 0.0, 1.0], 999, 1, diff);
    assert!(p > 0.5, "{p}");
    assert_eq!(
        permutation_p(&[1.0, 2.0, 3.0], &[2.0, 5.0], 99, 3, diff),
        permutation_p(&[1.0, 2.0, 3.0], &[2.0, 5.0], 99, 3, diff)
    );
}

#[test]
fn pooled_rates_and_lean() {
    let arts = [
        ArticleCount {
            hits: 1.0,
            tokens: 500.0,
        },
        ArticleCount {
            hits: 3.0,
            tokens: 1500.0,
        },
    ];
    assert_eq!(pooled_rate(&arts), Some(2.0));
    assert_eq!(pooled_rate(&[]), None);
    assert_eq!(lean(3.0, 1.0), 0.5);
    assert!(lean(0.0, 0.0).is_nan());
}
