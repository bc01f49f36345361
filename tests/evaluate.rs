//! Metrics of `eval-sentiment` against values worked out by hand.

use framescope::evaluate::metrics;

#[test]
fn metrics_match_a_hand_worked_example() {
    // gold:  neg neg neg neu neu pos pos pos
    // pred:  neg neg neu neu pos pos pos neg
    let gold = [0, 0, 0, 1, 1, 2, 2, 2];
    let pred = [0, 0, 1, 1, 2, 2, 2, 0];
    let m = metrics(&gold, &pred);
    assert_eq!(m.confusion, [[2, 1, 0], [0, 1, 1], [1, 0, 2]]);
    // negative: P 2/3, R 2/3, F1 2/3; neutral: P 1/2, R 1/2, F1 1/2; positive: P 2/3, R 2/3, F1 2/3.
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(m.per_class[0][2], 2.0 / 3.0));
    assert!(close(m.per_class[1][2], 0.5));
    assert!(close(m.per_class[2][2], 2.0 / 3.0));
    assert!(close(m.f1m, (2.0 / 3.0 + 0.5 + 2.0 / 3.0) / 3.0));
    assert!(close(m.f1pn, 2.0 / 3.0));
    assert!(close(m.accuracy, 5.0 / 8.0));
    assert!(m.to_text().starts_with("F1m 0.6111\n"));
}

#[test]
fn a_class_never_predicted_has_f1_zero_not_nan() {
    let m = metrics(&[0, 1, 2], &[0, 0, 0]);
    assert_eq!(m.per_class[1], [0.0, 0.0, 0.0]);
    assert!((m.f1m - (0.5 / 3.0)).abs() < 1e-12, "{}", m.f1m);
}
