//! A compiled pattern that only answers "does it match?", as cheaply built as it can be.
//!
//! The cleaning rules are compiled at the start of every run, and `regex` builds more than
//! `is_match` needs: besides the forward NFA it compiles a reverse one (for finding where a
//! match starts) and the engines that use it. For the shipped rules, with Unicode classes under
//! bounded repeats (`[\w .,-]{2,60}`), that was half of a run's start-up (about 60 of 115 ms).
//! Here one forward NFA is compiled and searched as `regex` searches it for `is_match`: a lazy
//! DFA, and the PikeVM when the lazy DFA gives up (a Unicode `\b` before a non-ASCII byte, or a
//! cache cleared too often). A pattern that can match the empty string keeps `regex`'s full
//! engine, whose handling of empty matches inside a UTF-8 sequence this does not repeat.

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::pikevm::{Cache as PikeCache, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::{meta, Input, MatchKind};
use regex_syntax::hir::Hir;
use std::panic::{RefUnwindSafe, UnwindSafe};

/// Largest compiled NFA, as `regex` allows by default.
const NFA_LIMIT: usize = 10 << 20;

type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// One pattern's search state, one per thread using it (as `regex` keeps them).
struct Caches {
    dfa: Option<DfaCache>,
    pike: PikeCache,
}

/// The forward engines of one pattern.
#[derive(Clone)]
struct Forward {
    dfa: Option<DFA>,
    pike: PikeVM,
}

impl Forward {
    fn caches(&self) -> Pool<Caches, MakeCaches> {
        let engines = self.clone();
        Pool::new(Box::new(move || Caches {
            dfa: engines.dfa.as_ref().map(DfaCache::new),
            pike: engines.pike.create_cache(),
        }))
    }
}

enum Engine {
    /// Boxed: a pool is several hundred bytes.
    Forward(Box<(Forward, Pool<Caches, MakeCaches>)>),
    Full(meta::Regex),
}

/// A pattern compiled for `is_match` only.
pub(super) struct MatchOnly(Engine);

impl MatchOnly {
    /// Compiles `hir` (parsed as `regex` parses a pattern); `dfa_cache` is the lazy DFA's cache
    /// capacity in bytes. The error is one line.
    pub(super) fn new(hir: &Hir, dfa_cache: usize) -> Result<MatchOnly, String> {
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return full(hir, dfa_cache).map(|r| MatchOnly(Engine::Full(r)));
        }
        let nfa = NFA::compiler()
            .configure(thompson::Config::new().nfa_size_limit(Some(NFA_LIMIT)))
            .build_from_hir(hir)
            .map_err(|e| super::one_line(&e))?;
        // The lazy DFA's settings are `regex`'s, but for the larger cache.
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .cache_capacity(dfa_cache)
                    .unicode_word_boundary(true)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let pike = PikeVM::new_from_nfa(nfa).map_err(|e| super::one_line(&e))?;
        let forward = Forward { dfa, pike };
        let caches = forward.caches();
        Ok(MatchOnly(Engine::Forward(Box::new((forward, caches)))))
    }

    pub(super) fn is_match(&self, haystack: &str) -> bool {
        match &self.0 {
            Engine::Full(r) => r.is_match(haystack),
            Engine::Forward(engine) => {
                let (f, pool) = &**engine;
                let mut caches = pool.get();
                let input = Input::new(haystack).earliest(true);
                if let (Some(dfa), Some(cache)) = (&f.dfa, caches.dfa.as_mut()) {
                    if let Ok(found) = dfa.try_search_fwd(cache, &input) {
                        return found.is_some();
                    }
                }
                f.pike.is_match(&mut caches.pike, input)
            }
        }
    }
}

/// `regex`'s own engine for `hir`, configured as `regex::Regex` configures it.
fn full(hir: &Hir, dfa_cache: usize) -> Result<meta::Regex, String> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(NFA_LIMIT))
        .hybrid_cache_capacity(dfa_cache)
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| super::one_line(&e))
}

impl Clone for MatchOnly {
    fn clone(&self) -> MatchOnly {
        MatchOnly(match &self.0 {
            Engine::Full(r) => Engine::Full(r.clone()),
            Engine::Forward(engine) => {
                let f = &engine.0;
                Engine::Forward(Box::new((f.clone(), f.caches())))
            }
        })
    }
}

impl std::fmt::Debug for MatchOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.0 {
            Engine::Forward(_) => "forward",
            Engine::Full(_) => "full",
        };
        f.debug_tuple("MatchOnly").field(&kind).finish()
    }
}
