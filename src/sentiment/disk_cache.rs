//! Scores kept across runs (`analyze --cache DIR`): re-running after a lexicon edit, a new
//! outlet or a few more articles scores only the inputs the model has not seen.
//!
//! One file per model and runtime, `DIR/scores-<key>.bin`, where the key is a digest of the
//! model file's SHA-256 and the ONNX Runtime library's name: another model (or runtime) never
//! reads this model's scores. The file is a header (`FSCACHE1`, the model's SHA-256) and
//! fixed-size records: 16 bytes of SHA-256 of the input (the text the model read and the
//! mention's byte range in it) and the three probabilities as little-endian `f32`, exactly as
//! the model gave them. It is rewritten whole and atomically after a run, never appended to,
//! and bounded: past [`MAX_BYTES`] only the scores this run used are kept.

use super::Probabilities;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"FSCACHE1";
const HEADER: usize = 8 + 64;
const RECORD: usize = 16 + 12;

/// Largest cache file kept (about 9.6 million scores).
pub const MAX_BYTES: usize = 256 << 20;

/// The input key: what the model reads.
pub type InputKey = [u8; 16];

pub fn input_key(sentence: &str, start: usize, end: usize) -> InputKey {
    let mut h = Sha256::new();
    h.update((sentence.len() as u64).to_le_bytes());
    h.update(sentence.as_bytes());
    h.update((start as u64).to_le_bytes());
    h.update((end as u64).to_le_bytes());
    let d = h.finalize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

/// The scores of one model and runtime, loaded from and saved to its cache file.
pub struct DiskCache {
    path: PathBuf,
    model_sha256: String,
    scores: HashMap<InputKey, Probabilities>,
    /// Keys looked up or added in this run, in first-use order (kept when the file is full).
    used: Vec<InputKey>,
    added: usize,
    /// Mentions whose score came from the file.
    pub hits: usize,
}

impl DiskCache {
    /// Opens (or starts) the cache of this model in `dir`. An unreadable or damaged cache file
    /// is not an error: the run scores everything, says why in the returned warning, and
    /// replaces the file.
    pub fn open(
        dir: &Path,
        model_sha256: &str,
        runtime: &str,
    ) -> std::io::Result<(DiskCache, Option<String>)> {
        std::fs::create_dir_all(dir)?;
        let name: String = Sha256::digest(format!("{model_sha256}\n{runtime}"))
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let path = dir.join(format!("scores-{name}.bin"));
        let mut cache = DiskCache {
            path,
            model_sha256: model_sha256.to_string(),
            scores: HashMap::new(),
            used: Vec::new(),
            added: 0,
            hits: 0,
        };
        let warning = match std::fs::read(&cache.path) {
            Ok(bytes) => cache.load(&bytes).err().map(|why| {
                format!(
                    "{}: {why}; scoring every input again (the file is replaced)",
                    cache.path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => Some(format!(
                "{}: cannot read ({e}); scoring every input again",
                cache.path.display()
            )),
        };
        Ok((cache, warning))
    }

    fn load(&mut self, bytes: &[u8]) -> Result<(), String> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err("not a framescope score cache".into());
        }
        if &bytes[8..HEADER] != self.model_sha256.as_bytes() {
            return Err("written for another model".into());
        }
        let body = &bytes[HEADER..];
        if !body.len().is_multiple_of(RECORD) {
            return Err("cut short".into());
        }
        for r in body.chunks_exact(RECORD) {
            let mut k = [0u8; 16];
            k.copy_from_slice(&r[..16]);
            let f = |i: usize| f32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
            let p = [f(16), f(20), f(24)];
            if p.iter().any(|x| !(0.0..=1.0).contains(x)) {
                self.scores.clear();
                return Err("holds a value that is not a probability".into());
            }
            self.scores.insert(k, Probabilities(p));
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Scores held (from the file and added in this run).
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    pub fn get(&mut self, key: &InputKey) -> Option<Probabilities> {
        let p = self.scores.get(key).copied()?;
        self.used.push(*key);
        Some(p)
    }

    pub fn insert(&mut self, key: InputKey, p: Probabilities) {
        if self.scores.insert(key, p).is_none() {
            self.added += 1;
        }
        self.used.push(key);
    }

    /// Writes the cache file (atomically) when this run added scores.
    pub fn save(&self) -> Result<(), crate::run::TableError> {
        if self.added == 0 {
            return Ok(());
        }
        let mut keys: Vec<&InputKey> = self.scores.keys().collect();
        if HEADER + keys.len() * RECORD > MAX_BYTES {
            keys = self.used.iter().collect();
            keys.truncate((MAX_BYTES - HEADER) / RECORD);
        }
        // Sorted, so the same scores give the same file.
        keys.sort_unstable();
        keys.dedup();
        let mut out = Vec::with_capacity(HEADER + keys.len() * RECORD);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(self.model_sha256.as_bytes());
        for k in keys {
            let Some(p) = self.scores.get(k) else {
                continue;
            };
            out.extend_from_slice(k);
            for x in p.0 {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        crate::run::write_file_atomic(&self.path, &out).map(|_| ())
    }
}
