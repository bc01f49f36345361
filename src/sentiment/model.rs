//! The model: a fine-tuned transformer run through ONNX Runtime.

use crate::types::Probabilities;
use anyhow::{bail, Context, Result};
use ndarray::Array2;
use ort::session::Session;
use ort::value::TensorRef;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tokenizers::{PaddingParams, Tokenizer, TruncationParams, TruncationStrategy};

/// How the model wants the target mention presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFormat {
    /// `[CLS] sentence [SEP] mention [SEP]`.
    SentencePair,
    /// `[CLS] sentence with the mention wrapped in markers [SEP] mention [SEP]`, the markers
    /// written as in training: `before + open + " " + mention + " " + close + after`.
    MarkedPair { open: String, close: String },
}

#[derive(Deserialize)]
struct LabelsFile {
    id2label: HashMap<String, String>,
    input_format: RawFormat,
    #[serde(default)]
    cascade: Option<RawCascade>,
}

/// `labels.json`'s `cascade`: `model.onnx` is a fast model, and a target it is unsure of is
/// scored again by a second, exact model in the same folder.
#[derive(Deserialize)]
struct RawCascade {
    escalate_to: String,
    escalate_below: f32,
}

/// The second model of a cascade: it rescores every target whose top probability from the
/// first model is below `below`. The decision depends on the target's own score only, so a
/// score still does not depend on its batch mates.
struct Escalation {
    session: Mutex<Session>,
    below: f32,
    path: PathBuf,
}

/// What the second model of a cascade did, for `run.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationStats {
    /// The exact model's file.
    pub model_path: PathBuf,
    /// Targets whose top probability from the fast model is below this are rescored.
    pub escalate_below: f32,
    /// Distinct targets rescored by the exact model so far.
    pub escalated: usize,
}

#[derive(Deserialize)]
struct RawFormat {
    kind: String,
    max_length: usize,
    marker_open: Option<String>,
    marker_close: Option<String>,
}

/// What to load and how to run it.
#[derive(Debug, Clone)]
pub struct SentimentOptions {
    /// Folder with `model.onnx`, `tokenizer.json`, `labels.json`.
    pub model_dir: PathBuf,
    /// The ONNX Runtime shared library; `None` searches `ORT_DYLIB_PATH` and `models/runtime/`.
    pub runtime: Option<PathBuf>,
    /// Threads inside ONNX Runtime.
    pub threads: usize,
    /// Sequences per inference batch.
    pub batch_size: usize,
    /// Where the model runs.
    pub device: super::Device,
}

/// One model input: the sentence, and the mention's byte range in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target<'a> {
    pub sentence: &'a str,
    pub start: usize,
    pub end: usize,
}

/// A loaded target-sentiment model.
pub struct SentimentModel {
    session: Mutex<Session>,
    escalation: Option<Escalation>,
    escalated: AtomicUsize,
    tokenizer: Tokenizer,
    format: InputFormat,
    /// Label names by class index; framescope expects negative, neutral, positive.
    pub labels: Vec<String>,
    batch_size: usize,
    /// Where the runtime and model came from, for `run.json`.
    pub runtime_path: PathBuf,
    pub model_path: PathBuf,
    pub device: super::Device,
}

/// ONNX Runtime allows one environment per process (its own global state, not ours), so every
/// model loaded in this process shares the first one.
static ENVIRONMENT: Mutex<Option<ort::environment::Environment>> = Mutex::new(None);

fn environment(runtime: &Path) -> Result<ort::environment::Environment> {
    let mut slot = ENVIRONMENT
        .lock()
        .map_err(|_| anyhow::anyhow!("ONNX Runtime set-up failed earlier"))?;
    if let Some(env) = slot.as_ref() {
        return Ok(env.clone());
    }
    let env = ort::init_from(runtime)
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot load ONNX Runtime from {}: {e} (run scripts/setup.sh)",
                runtime.display()
            )
        })?
        .with_name("framescope")
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start ONNX Runtime: {e}"))?;
    *slot = Some(env.clone());
    Ok(env)
}

/// Finds the ONNX Runtime library: the given path, `ORT_DYLIB_PATH`, then `models/runtime/`
/// under the current folder or under the folder two levels above the executable
/// (`target/release/framescope` in a checkout).
pub fn find_runtime(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH") {
        return Ok(PathBuf::from(p));
    }
    let mut roots = vec![PathBuf::from(".")];
    if let Some(exe_root) = std::env::current_exe()
        .ok()
        .and_then(|e| Some(e.parent()?.parent()?.parent()?.to_path_buf()))
    {
        roots.push(exe_root);
    }
    if let Some(lib) = roots
        .iter()
        .find_map(|r| newest_lib(&r.join(RUNTIME_SUBDIR)))
    {
        return Ok(lib);
    }
    bail!("ONNX Runtime library not found (looked at ORT_DYLIB_PATH and models/runtime/): run scripts/setup.sh, or pass --no-sentiment")
}

/// Where the default model lives under a data folder.
pub const MODEL_SUBDIR: &str = "models/target-sentiment";
/// Where the ONNX Runtime library lives under a data folder.
pub const RUNTIME_SUBDIR: &str = "models/runtime";

/// The model folder: `given` when it is a folder; a bare name such as `target-sentiment`
/// names an installed model, `models/<name>/` under the first of `roots` that has it; without
/// `given`, the first of `roots` holding [`MODEL_SUBDIR`]/model.onnx. When none is found, the
/// error lists every place looked at and how to fix it.
pub fn find_model_dir(given: Option<&Path>, roots: &[PathBuf]) -> Result<PathBuf> {
    if let Some(dir) = given {
        let bare_name = dir.components().count() == 1 && dir.extension().is_none();
        if dir.is_dir() || !bare_name {
            return Ok(dir.to_path_buf());
        }
        let tried: Vec<PathBuf> = roots.iter().map(|r| r.join("models").join(dir)).collect();
        if let Some(found) = tried.iter().find(|d| d.join("model.onnx").is_file()) {
            return Ok(found.clone());
        }
        bail!(
            "sentiment model {} not found: not a folder here, and no models/{}/ in {}. Fix: \
             pass the model's folder, or put the model's folder under models/ in one of those \
             places (scripts/setup.sh installs the shipped target-sentiment there)",
            dir.display(),
            dir.display(),
            shown_list(&tried)
        );
    }
    let tried: Vec<PathBuf> = roots.iter().map(|r| r.join(MODEL_SUBDIR)).collect();
    if let Some(dir) = tried.iter().find(|d| d.join("model.onnx").is_file()) {
        return Ok(dir.clone());
    }
    bail!(
        "sentiment model not found; looked in {}. Fix: run scripts/setup.sh from a checkout \
         (it installs the model into ~/.local/share/framescope), set FRAMESCOPE_HOME to a folder \
         holding {MODEL_SUBDIR}/, pass --model DIR, or --no-sentiment",
        shown_list(&tried)
    )
}

/// The newest `libonnxruntime.so*` in [`RUNTIME_SUBDIR`] of the first root that has one.
pub fn find_runtime_in(roots: &[PathBuf]) -> Result<PathBuf> {
    let tried: Vec<PathBuf> = roots.iter().map(|r| r.join(RUNTIME_SUBDIR)).collect();
    if let Some(lib) = tried.iter().find_map(|d| newest_lib(d)) {
        return Ok(lib);
    }
    bail!(
        "ONNX Runtime library not found; looked at ORT_DYLIB_PATH and in {}. Fix: run \
         scripts/setup.sh, set FRAMESCOPE_HOME, pass --ort-lib FILE, or --no-sentiment",
        shown_list(&tried)
    )
}

/// The last-sorting `libonnxruntime.so*` in `dir` (the highest version), if any.
fn newest_lib(dir: &Path) -> Option<PathBuf> {
    let mut libs: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("libonnxruntime.so"))
        })
        .collect();
    libs.sort();
    libs.pop()
}

fn shown_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The class names (checked: negative, neutral, positive) and the rest of `labels.json`.
fn read_labels(path: &Path) -> Result<(Vec<String>, LabelsFile)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let file: LabelsFile = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a labels file", path.display()))?;
    let n = file.id2label.len();
    let labels: Vec<String> = (0..n)
        .map(|i| file.id2label.get(&i.to_string()).cloned())
        .collect::<Option<_>>()
        .with_context(|| format!("{}: id2label must number classes 0..{n}", path.display()))?;
    if labels != ["negative", "neutral", "positive"] {
        bail!(
            "{}: expected classes negative, neutral, positive; found {labels:?}",
            path.display()
        );
    }
    Ok((labels, file))
}

fn load_tokenizer(path: &Path, max_length: usize) -> Result<Tokenizer> {
    let mut tokenizer = Tokenizer::from_file(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot load tokenizer: {e}", path.display()))?;
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length,
            // Keep the mention whole; shorten the sentence.
            strategy: TruncationStrategy::OnlyFirst,
            ..Default::default()
        }))
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    tokenizer.with_padding(None::<PaddingParams>);
    Ok(tokenizer)
}

fn open_session(
    env: &ort::environment::Environment,
    path: &Path,
    threads: usize,
    device: super::Device,
) -> Result<Session> {
    let load_err =
        |e: &dyn std::fmt::Display| anyhow::anyhow!("{}: cannot load model: {e}", path.display());
    let mut builder = Session::builder(env)
        .map_err(|e| load_err(&e))?
        .with_intra_threads(threads.max(1))
        .map_err(|e| load_err(&e))?;
    if let super::Device::Cuda { id } = device {
        // ONNX Runtime would fall back to the CPU without a word; a user who asked for the GPU
        // should hear that it is not there.
        let cuda = ort::ep::CUDA::default()
            .with_device_id(id)
            .build()
            .error_on_failure();
        builder = builder.with_execution_providers([cuda]).map_err(|e| {
            anyhow::anyhow!(
                "--device {device}: ONNX Runtime cannot use CUDA ({}): it needs the \
                 onnxruntime-gpu wheel's libonnxruntime.so (--ort-lib or ORT_DYLIB_PATH; \
                 scripts/setup.sh installs the CPU one), CUDA 13, cuDNN 9 and a GPU; or leave \
                 out --device",
                e.to_string().trim_end_matches('.')
            )
        })?;
    }
    builder.commit_from_file(path).map_err(|e| load_err(&e))
}

impl SentimentModel {
    pub fn load(opts: &SentimentOptions) -> Result<SentimentModel> {
        let dir = &opts.model_dir;
        let model_path = dir.join("model.onnx");
        if !model_path.is_file() {
            bail!(
                "sentiment model not found: {} (pass --model DIR, or --no-sentiment)",
                model_path.display()
            );
        }
        let labels_path = dir.join("labels.json");
        let (labels, labels_file) = read_labels(&labels_path)?;
        let f = &labels_file.input_format;
        let format = match (f.kind.as_str(), &f.marker_open, &f.marker_close) {
            ("sentence_pair", _, _) => InputFormat::SentencePair,
            ("marked_sentence_pair", Some(open), Some(close)) => InputFormat::MarkedPair {
                open: open.clone(),
                close: close.clone(),
            },
            (kind, _, _) => bail!(
                "{}: unsupported input_format {kind:?}",
                labels_path.display()
            ),
        };
        let tokenizer = load_tokenizer(&dir.join("tokenizer.json"), f.max_length)?;
        let runtime_path = find_runtime(opts.runtime.as_deref())?;
        let env = environment(&runtime_path)?;
        let session = open_session(&env, &model_path, opts.threads, opts.device)?;
        let escalation = match &labels_file.cascade {
            None => None,
            Some(c) => {
                let path = dir.join(&c.escalate_to);
                let below = c.escalate_below;
                if !(below > 0.0 && below <= 1.0 && path.is_file()) {
                    bail!(
                        "{}: cascade needs escalate_below in (0, 1] and escalate_to naming a \
                         model file in the folder; found {} and {}",
                        labels_path.display(),
                        below,
                        path.display()
                    );
                }
                Some(Escalation {
                    session: Mutex::new(open_session(&env, &path, opts.threads, opts.device)?),
                    below: c.escalate_below,
                    path,
                })
            }
        };
        Ok(SentimentModel {
            session: Mutex::new(session),
            escalation,
            escalated: AtomicUsize::new(0),
            tokenizer,
            format,
            labels,
            batch_size: opts.batch_size.max(1),
            runtime_path,
            model_path,
            device: opts.device,
        })
    }

    /// The second model of a cascade and what it did so far; `None` for a single model.
    pub fn escalation(&self) -> Option<EscalationStats> {
        self.escalation.as_ref().map(|e| EscalationStats {
            model_path: e.path.clone(),
            escalate_below: e.below,
            escalated: self.escalated.load(Ordering::Relaxed),
        })
    }

    /// The token ids the model reads for a target (for audits and parity checks).
    pub fn input_ids(&self, t: &Target) -> Result<Vec<u32>> {
        Ok(self.encode(t)?.get_ids().to_vec())
    }

    fn encode(&self, t: &Target) -> Result<tokenizers::Encoding> {
        let enc = match &self.format {
            InputFormat::SentencePair => self
                .tokenizer
                .encode((t.sentence, &t.sentence[t.start..t.end]), true),
            InputFormat::MarkedPair { open, close } => {
                let (s, mention) = (t.sentence, &t.sentence[t.start..t.end]);
                let marked = format!("{}{open} {mention} {close}{}", &s[..t.start], &s[t.end..]);
                self.tokenizer.encode((marked.as_str(), mention), true)
            }
        };
        enc.map_err(|e| anyhow::anyhow!("tokenizer: {e}"))
    }

    /// Class probabilities (negative, neutral, positive) for each target, in input order.
    /// Identical targets are scored once; batches are formed from targets of similar length so
    /// little compute goes to padding.
    pub fn score(&self, targets: &[Target]) -> Result<Vec<Probabilities>> {
        let mut unique: HashMap<&Target, usize> = HashMap::new();
        let mut order: Vec<&Target> = Vec::new();
        let slots: Vec<usize> = targets
            .iter()
            .map(|t| {
                *unique.entry(t).or_insert_with(|| {
                    order.push(t);
                    order.len() - 1
                })
            })
            .collect();
        let encodings: Vec<tokenizers::Encoding> = order
            .iter()
            .map(|t| self.encode(t))
            .collect::<Result<_>>()?;
        let mut by_len: Vec<usize> = (0..encodings.len()).collect();
        by_len.sort_by_key(|&i| (encodings[i].len(), i));
        let mut probs = vec![[0f32; 3]; encodings.len()];
        self.run_batches(&self.session, &encodings, &by_len, &mut probs)?;
        if let Some(esc) = &self.escalation {
            // Still in length order, so the second model's batches pad as little.
            let unsure: Vec<usize> = by_len
                .iter()
                .copied()
                .filter(|&i| Probabilities(probs[i]).top() < esc.below)
                .collect();
            self.run_batches(&esc.session, &encodings, &unsure, &mut probs)?;
            self.escalated.fetch_add(unsure.len(), Ordering::Relaxed);
        }
        Ok(slots.into_iter().map(|s| Probabilities(probs[s])).collect())
    }

    /// Scores `encodings[i]` for each `i` of `order` into `probs[i]`, in batches taken in order.
    fn run_batches(
        &self,
        session: &Mutex<Session>,
        encodings: &[tokenizers::Encoding],
        order: &[usize],
        probs: &mut [[f32; 3]],
    ) -> Result<()> {
        for batch in order.chunks(self.batch_size) {
            let out = run_batch(session, batch.iter().map(|&i| &encodings[i]))?;
            for (&i, p) in batch.iter().zip(out) {
                probs[i] = p;
            }
        }
        Ok(())
    }
}

fn run_batch<'e>(
    session: &Mutex<Session>,
    encs: impl Iterator<Item = &'e tokenizers::Encoding> + Clone,
) -> Result<Vec<[f32; 3]>> {
    let rows = encs.clone().count();
    let width = encs.clone().map(|e| e.len()).max().unwrap_or(0);
    let mut ids = Array2::<i64>::zeros((rows, width));
    let mut mask = Array2::<i64>::zeros((rows, width));
    let mut types = Array2::<i64>::zeros((rows, width));
    for (r, e) in encs.enumerate() {
        for (c, ((&id, &m), &ty)) in e
            .get_ids()
            .iter()
            .zip(e.get_attention_mask())
            .zip(e.get_type_ids())
            .enumerate()
        {
            ids[[r, c]] = id as i64;
            mask[[r, c]] = m as i64;
            types[[r, c]] = ty as i64;
        }
    }
    let mut session = session
        .lock()
        .map_err(|_| anyhow::anyhow!("sentiment session poisoned"))?;
    let inputs = ort::inputs![
        "input_ids" => TensorRef::from_array_view(&ids)?,
        "attention_mask" => TensorRef::from_array_view(&mask)?,
        "token_type_ids" => TensorRef::from_array_view(&types)?,
    ];
    let outputs = session
        .run(inputs)
        .map_err(|e| anyhow::anyhow!("sentiment model failed: {e}"))?;
    let logits = outputs["logits"].try_extract_array::<f32>()?;
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let l = [logits[[r, 0]], logits[[r, 1]], logits[[r, 2]]];
        out.push(softmax(l));
    }
    Ok(out)
}

fn softmax(l: [f32; 3]) -> [f32; 3] {
    let m = l.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = l.map(|x| (x - m).exp());
    let s: f32 = e.iter().sum();
    e.map(|x| x / s)
}
