//! Scores kept across runs (`analyze --cache DIR`): re-running after a lexicon edit, a new
//! outlet or a few more articles scores only the inputs the model has not seen.
//!
//! A score is reused only by the same scorer: its identity is a SHA-256 over everything that
//! decides what the model reads and answers (the model file, `labels.json`, `tokenizer.json`,
//! the ONNX Runtime library, and the framescope version, whose code encodes the inputs). One file
//! per identity, `DIR/scores-<first 16 hex digits>.bin`: a header (`FSCACHE2` and the identity)
//! and fixed-size records, 16 bytes of SHA-256 of the input (the text the model read and the
//! mention's byte range in it) and the three probabilities as little-endian `f32`, exactly as
//! the model gave them. After a run the file is merged with what is on disk (under a lock, so
//! runs sharing a folder keep each other's scores) and rewritten whole and atomically, never
//! appended to. It is bounded by [`MAX_BYTES`]: past it, this run's scores are kept first,
//! then older ones.

use super::Probabilities;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"FSCACHE2";
const HEADER: usize = 8 + 64;
const RECORD: usize = 16 + 12;

/// Largest cache file kept: about 2.4 million scores, which take about 200 MB of memory while a
/// run holds them.
pub const MAX_BYTES: usize = 64 << 20;

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

/// The identity of a scorer: SHA-256 (hex) over the model file's SHA-256 (hex, as `run.json`
/// records it), the SHA-256s of its other files, and the framescope version.
pub fn scorer_identity(model_sha256: &str, files: &[&Path]) -> std::io::Result<String> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(model_sha256.as_bytes());
    for f in files {
        h.update(Sha256::digest(std::fs::read(f)?));
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The scores of one scorer, loaded from and saved to its cache file.
pub struct DiskCache {
    path: PathBuf,
    identity: String,
    scores: HashMap<InputKey, Probabilities>,
    /// Keys looked up or added in this run (kept first when the file is full).
    used: Vec<InputKey>,
    /// Whether the file must be written: scores were added, or it was damaged.
    dirty: bool,
    /// Distinct inputs whose score came from the file.
    pub hits: usize,
    /// Scores in the file (as last read or written).
    held: usize,
}

impl DiskCache {
    /// Opens (or starts) the cache of this scorer in `dir`. An unreadable or damaged cache file
    /// is not an error: the run scores everything, says why in the returned warning, and
    /// replaces the file.
    pub fn open(dir: &Path, identity: &str) -> Result<(DiskCache, Option<String>), String> {
        if dir.exists() && !dir.is_dir() {
            return Err(format!("{}: not a folder", dir.display()));
        }
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if identity.len() != 64 {
            return Err(format!("internal error: scorer identity {identity:?}"));
        }
        let path = dir.join(format!("scores-{}.bin", &identity[..16]));
        let mut cache = DiskCache {
            path,
            identity: identity.to_string(),
            scores: HashMap::new(),
            used: Vec::new(),
            dirty: false,
            hits: 0,
            held: 0,
        };
        let warning = match std::fs::read(&cache.path) {
            Ok(bytes) => match cache.parse(&bytes) {
                Ok(scores) => {
                    cache.held = scores.len();
                    cache.scores = scores;
                    None
                }
                Err(why) => {
                    cache.dirty = true;
                    Some(format!(
                        "{}: {why}; scoring every input again (the file is replaced)",
                        cache.path.display()
                    ))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => Some(format!(
                "{}: cannot read ({e}); scoring every input again",
                cache.path.display()
            )),
        };
        Ok((cache, warning))
    }

    fn parse(&self, bytes: &[u8]) -> Result<HashMap<InputKey, Probabilities>, String> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err("not a score cache of this framescope version".into());
        }
        if &bytes[8..HEADER] != self.identity.as_bytes() {
            return Err("written for another model, tokenizer or runtime".into());
        }
        let body = &bytes[HEADER..];
        if !body.len().is_multiple_of(RECORD) {
            return Err("cut short".into());
        }
        let mut scores = HashMap::with_capacity(body.len() / RECORD);
        for r in body.chunks_exact(RECORD) {
            let mut k = [0u8; 16];
            k.copy_from_slice(&r[..16]);
            let f = |i: usize| f32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
            let p = [f(16), f(20), f(24)];
            if p.iter().any(|x| !(0.0..=1.0).contains(x)) {
                return Err("holds a value that is not a probability".into());
            }
            scores.insert(k, Probabilities(p));
        }
        Ok(scores)
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
            self.dirty = true;
        }
        self.used.push(key);
    }

    /// Merges the scores on disk (another run may have added some since this one opened the
    /// file) and rewrites the file atomically; returns the scores it holds now.
    pub fn save(&mut self) -> Result<usize, String> {
        if !self.dirty {
            return Ok(self.held);
        }
        let shown = |e: &dyn std::fmt::Display| format!("{}: {e}", self.path.display());
        let lock_path = self.path.with_extension("lock");
        let lock = File::create(&lock_path).map_err(|e| shown(&e))?;
        lock.lock().map_err(|e| shown(&e))?;
        if let Ok(bytes) = std::fs::read(&self.path) {
            if let Ok(on_disk) = self.parse(&bytes) {
                for (k, p) in on_disk {
                    self.scores.entry(k).or_insert(p);
                }
            }
        }
        let bytes = self.encode();
        crate::run::write_file_atomic(&self.path, &bytes).map_err(|e| e.to_string())?;
        self.dirty = false;
        self.held = (bytes.len() - HEADER) / RECORD;
        Ok(self.held)
    }

    /// Scores in the cache file, as last read or written.
    pub fn held(&self) -> usize {
        self.held
    }

    /// The file's bytes: this run's scores first when not all fit, records sorted by key so the
    /// same scores give the same file.
    fn encode(&self) -> Vec<u8> {
        let room = (MAX_BYTES - HEADER) / RECORD;
        let mut keys: Vec<&InputKey> = if self.scores.len() <= room {
            self.scores.keys().collect()
        } else {
            let mut seen = std::collections::HashSet::new();
            let mut keys: Vec<&InputKey> = Vec::with_capacity(room);
            for k in &self.used {
                if keys.len() < room && seen.insert(*k) {
                    keys.push(k);
                }
            }
            let left = room - keys.len();
            keys.extend(self.scores.keys().filter(|k| !seen.contains(*k)).take(left));
            keys
        };
        keys.sort_unstable();
        let mut out = Vec::with_capacity(HEADER + keys.len() * RECORD);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(self.identity.as_bytes());
        for k in keys {
            if let Some(p) = self.scores.get(k) {
                out.extend_from_slice(k);
                for x in p.0 {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
        out
    }
}
