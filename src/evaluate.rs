//! Evaluation of the sentiment model on NewsMTSC-format data: F1m, accuracy, F1pn, confusion.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::Path;

use crate::types::Polarity;

/// One labelled target: a sentence, the mention's byte range, and the gold class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    pub label: usize,
}

impl Example {
    /// The model input for this example.
    pub fn target(&self) -> crate::sentiment::Target<'_> {
        crate::sentiment::Target {
            sentence: &self.sentence,
            start: self.start,
            end: self.end,
        }
    }
}

#[derive(Deserialize)]
struct Line {
    sentence_normalized: String,
    targets: Vec<RawTarget>,
}

#[derive(Deserialize)]
struct RawTarget {
    from: usize,
    to: usize,
    polarity: f64,
}

/// Reads NewsMTSC JSON Lines: one example per target. Offsets in the file are character
/// offsets; they become byte offsets here. Errors name file and line.
pub fn read_newsmtsc(path: &Path) -> Result<Vec<Example>> {
    let shown = path.display();
    let file = std::fs::File::open(path).with_context(|| format!("{shown}: cannot open"))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let lineno = i + 1;
        let line = line.with_context(|| format!("{shown}:{lineno}: cannot read"))?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line)
            .with_context(|| format!("{shown}:{lineno}: not a NewsMTSC line"))?;
        let byte = |c: usize| {
            l.sentence_normalized
                .char_indices()
                .map(|(b, _)| b)
                .chain([l.sentence_normalized.len()])
                .nth(c)
        };
        for t in &l.targets {
            let label = match t.polarity {
                2.0 => 0,
                4.0 => 1,
                6.0 => 2,
                p => bail!("{shown}:{lineno}: polarity {p} (expected 2.0, 4.0 or 6.0)"),
            };
            let (Some(start), Some(end)) = (byte(t.from), byte(t.to)) else {
                bail!(
                    "{shown}:{lineno}: target offsets {}..{} outside the sentence",
                    t.from,
                    t.to
                );
            };
            if start >= end {
                bail!("{shown}:{lineno}: empty target {}..{}", t.from, t.to);
            }
            out.push(Example {
                sentence: l.sentence_normalized.clone(),
                start,
                end,
                label,
            });
        }
    }
    Ok(out)
}

/// Classification metrics over the three classes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub n: usize,
    pub accuracy: f64,
    /// Macro F1 over negative, neutral, positive.
    pub f1m: f64,
    /// Mean F1 of negative and positive.
    pub f1pn: f64,
    /// Per class: precision, recall, F1 (0 when undefined).
    pub per_class: Vec<[f64; 3]>,
    /// `confusion[gold][predicted]`.
    pub confusion: [[usize; 3]; 3],
}

pub fn metrics(gold: &[usize], pred: &[usize]) -> Metrics {
    let mut confusion = [[0usize; 3]; 3];
    for (&g, &p) in gold.iter().zip(pred) {
        confusion[g][p] += 1;
    }
    let per_class: Vec<[f64; 3]> = (0..3)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted: usize = (0..3).map(|g| confusion[g][c]).sum();
            let actual: usize = confusion[c].iter().sum();
            let p = if predicted > 0 {
                tp / predicted as f64
            } else {
                0.0
            };
            let r = if actual > 0 { tp / actual as f64 } else { 0.0 };
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            [p, r, f]
        })
        .collect();
    let n = gold.len();
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    Metrics {
        n,
        accuracy: if n > 0 {
            correct as f64 / n as f64
        } else {
            0.0
        },
        f1m: per_class.iter().map(|c| c[2]).sum::<f64>() / 3.0,
        f1pn: (per_class[0][2] + per_class[2][2]) / 2.0,
        per_class,
        confusion,
    }
}

impl Metrics {
    /// Plain report; the first line is `F1m 0.xxxx` for scripts.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "F1m {:.4}\naccuracy {:.4}\nF1pn {:.4}\nn {}\n\n",
            self.f1m, self.accuracy, self.f1pn, self.n
        );
        s.push_str(&format!(
            "{:<10} {:>9} {:>9} {:>9}\n",
            "class", "precision", "recall", "F1"
        ));
        for (c, m) in Polarity::ALL.iter().zip(&self.per_class) {
            s.push_str(&format!(
                "{c:<10} {:>9.4} {:>9.4} {:>9.4}\n",
                m[0], m[1], m[2]
            ));
        }
        s.push_str(&format!(
            "\nconfusion (rows gold, columns predicted)\n{:<10} {:>9} {:>9} {:>9}\n",
            "", "negative", "neutral", "positive"
        ));
        for (c, row) in Polarity::ALL.iter().zip(&self.confusion) {
            s.push_str(&format!(
                "{c:<10} {:>9} {:>9} {:>9}\n",
                row[0], row[1], row[2]
            ));
        }
        s
    }
}
