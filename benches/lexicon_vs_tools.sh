#!/usr/bin/env bash
# Lexicon stage side by side: framescope vs what a user would reach for instead, on the same
# articles and the same phrase list.
#
#   benches/lexicon_vs_tools.sh CORPUS.jsonl [RUNS]
#
# CORPUS.jsonl has one article per line with the fields id, outlet, title, text (for a test
# corpus: python3 benches/baselines/replicate_demo.py /tmp/demo.jsonl --n 2000). RUNS (default 5)
# timed runs of each tool follow one untimed warm-up run. The phrase list is every surface form
# of the lexicon (`framescope lexicon forms`, ~286 forms for lexicons/karabakh-2020.toml).
#
# Tools, each run as its own process on one article set:
#   spaCy      PhraseMatcher(attr="LOWER") on a blank English pipeline (tokenizer only), one
#              nlp.make_doc per article, nlp.tokenizer.pipe in batches, and make_doc on text
#              whose line breaks are spaced out (" \n ": same matches; a lone "\n" turns the
#              tokenizer's cache off for the rest of a text); counts all matches
#              (benches/baselines/spacy_phrasematcher.py, venv from benches/baselines/requirements.txt).
#   grep -c    grep -c -i -F -f terms.txt over one article per line: counts matching articles.
#              It may stop reading a line at its first hit, so it is the floor for "read the
#              bytes and find a string", not for finding every hit.
#   grep -o    grep -o -i -F -f terms.txt | wc -l: every (non-overlapping) occurrence.
#              Both greps run in the machine's default locale and with LC_ALL=C.
#   framescope framescope analyze CORPUS --no-sentiment -q --threads T (T = 1, 2): the whole
#              pipeline without the model: JSON parsing, cleaning, zones, voice, tokenizing,
#              matching with context conditions, and writing every CSV table.
#
# Reported per tool: median/min/max wall time of the whole process (start-up, reading and
# writing included), articles/s and MB/s on that median (MB = 10^6 UTF-8 bytes of title + text),
# median CPU time (user + system) and peak RSS (GNU time %U %S %M, if /usr/bin/time exists), and
# the match count. For spaCy the script's own timed part (tokenizing + matching only) is shown too.
#
# Environment:
#   BENCH_VENV   venv with spaCy (default /work/venv-bench; created if missing)
#   FRAMESCOPE   framescope binary to use (default: cargo build --release --locked, then
#                target/release/framescope)
#   LEXICON      lexicon whose forms are the phrase list (default lexicons/karabakh-2020.toml)
#   SPACY_BATCH  batch size for nlp.tokenizer.pipe (default 1000)
#   FS_THREADS   framescope thread counts to run (default "1 2")
#   FRAMESCOPE_BEFORE  an earlier framescope binary, run the same way in the same run, for
#                before/after figures (rows "framescope before --threads T"); tables are compared
#   KEEP_TMP=1   keep the temporary folder (terms.txt, corpus.txt, per-run records)
#
# Rerunnable: everything it writes goes to a fresh temporary folder, removed at exit. Other load
# on the machine (a cargo build, say) skews every number: the results show the load average
# before the script started building, and the CPU time other processes used while the tools ran
# (with a warning when that was more than a tenth of a core).
set -euo pipefail

die() { echo "lexicon_vs_tools: $*" >&2; exit 1; }
note() { echo "lexicon_vs_tools: $*" >&2; }

[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 CORPUS.jsonl [RUNS]"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CORPUS=$1
RUNS=${2:-5}
[[ -f $CORPUS && -r $CORPUS ]] || die "corpus not found or not readable: $CORPUS"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
CORPUS=$(realpath "$CORPUS")

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=$ROOT/benches/baselines
VENV=${BENCH_VENV:-/work/venv-bench}
LEXICON=${LEXICON:-lexicons/karabakh-2020.toml}
SPACY_BATCH=${SPACY_BATCH:-1000}
FS_THREADS=${FS_THREADS:-1 2}
cd "$ROOT"   # framescope's default lexicon, cleaning and language files are relative paths

command -v python3 >/dev/null || die "python3 not found"
TIME_BIN=/usr/bin/time
if ! "$TIME_BIN" -f %M true >/dev/null 2>&1; then
    note "GNU time not found at $TIME_BIN: CPU time and peak RSS are not measured (apt-get install time)"
    TIME_BIN=
fi

# --- spaCy venv: pip install -r is a quick no-op when the pinned version is already there.
if [[ ! -x $VENV/bin/python ]]; then
    note "creating venv $VENV"
    python3 -m venv "$VENV" || die "cannot create venv $VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$BASE/requirements.txt" \
    || die "pip install -r $BASE/requirements.txt failed in $VENV"

# --- framescope: copied into the temp folder so that a rebuild in the work tree while the
# benchmark runs cannot swap the binary between runs.
# BUILD_ID says which source the binary was built from, taken right after the build.
if [[ -z ${FRAMESCOPE:-} ]]; then
    cargo build --release --locked -q \
        || die "cargo build --release --locked failed (a half-finished change in src/? retry, or set FRAMESCOPE=/path/to/framescope)"
    FRAMESCOPE=target/release/framescope
    BUILD_ID=
    if rev=$(git rev-parse --short HEAD 2>/dev/null); then
        BUILD_ID=" (git $rev)"
        if [[ -n $(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null) ]]; then
            BUILD_ID=" (git $rev + uncommitted changes)"
        fi
    fi
else
    BUILD_ID=" ($FRAMESCOPE)"
fi
[[ -x $FRAMESCOPE ]] || die "framescope binary not found: $FRAMESCOPE"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lexicon-vs-tools.XXXXXX")
cleanup() { if [[ ${KEEP_TMP:-} == 1 ]]; then note "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
FS=$TMP/framescope
cp "$FRAMESCOPE" "$FS"
FS_BEFORE=
if [[ -n ${FRAMESCOPE_BEFORE:-} ]]; then
    [[ -x $FRAMESCOPE_BEFORE ]] || die "FRAMESCOPE_BEFORE is not an executable: $FRAMESCOPE_BEFORE"
    FS_BEFORE=$TMP/framescope-before
    cp "$FRAMESCOPE_BEFORE" "$FS_BEFORE"
fi

# --- inputs: the phrase list and the one-article-per-line text for grep.
"$FS" lexicon forms "$LEXICON" >"$TMP/terms.txt" \
    || die "'framescope lexicon forms $LEXICON' failed (does this build have the forms subcommand?)"
[[ -s $TMP/terms.txt ]] || die "no forms in $LEXICON"
sizes=$(python3 "$BASE/jsonl_to_lines.py" "$CORPUS" "$TMP/corpus.txt") || die "cannot read $CORPUS"
read -r ARTICLES BYTES <<<"$sizes"

# --- timing
# bench KEY LABEL OK_STATUSES PARSER CMD...: one warm-up run of CMD, then RUNS timed ones. Each
# run's stdout/stderr go to $TMP/stdout and $TMP/stderr; an exit status not in OK_STATUSES
# stops the benchmark. PARSER prints "MATCHES [TIMED_SECONDS]" for the run just finished.
# Wall time comes from date +%s%N around the process, since GNU time's %e has only 10 ms steps.
RECORDS=$TMP/runs.tsv
printf 'key\tlabel\trun\twall_s\tcpu_s\trss_kb\tmatches\ttimed_s\n' >"$RECORDS"

run_once() {
    local status=0 t0 t1
    rm -rf "$TMP/fs-out"   # framescope's output folder: every run starts without one
    t0=$(date +%s%N)
    if [[ -n $TIME_BIN ]]; then
        "$TIME_BIN" -f '%U %S %M' -o "$TMP/usage" "$@" >"$TMP/stdout" 2>"$TMP/stderr" || status=$?
    else
        "$@" >"$TMP/stdout" 2>"$TMP/stderr" || status=$?
    fi
    t1=$(date +%s%N)
    WALL=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.4f", ns / 1e9 }')
    # GNU time puts "Command exited with non-zero status N" before the usage line.
    CPU_S='' RSS_KB=''
    if [[ -n $TIME_BIN ]]; then
        read -r CPU_S RSS_KB < <(tail -n 1 "$TMP/usage" | awk '{ printf "%.2f %s\n", $1 + $2, $3 }')
    fi
    return "$status"
}

bench() {
    local key=$1 label=$2 ok=$3 parser=$4 run status result matches timed
    shift 4
    for run in $(seq 0 "$RUNS"); do
        note "$label: $([[ $run == 0 ]] && echo warm-up || echo "run $run/$RUNS")"
        status=0
        run_once "$@" || status=$?
        if [[ " $ok " != *" $status "* ]]; then
            cat "$TMP/stderr" >&2
            die "$label exited with status $status: $*"
        fi
        [[ $run == 0 ]] && continue
        result=$("$parser") || die "cannot read the result of $label"
        read -r matches timed <<<"$result"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
            "$key" "$label" "$run" "$WALL" "$CPU_S" "$RSS_KB" "$matches" "${timed:-}" >>"$RECORDS"
    done
}

parse_count() { tr -d '[:space:]' <"$TMP/stdout"; echo; }
parse_spacy() {
    python3 -c 'import json, sys; r = json.loads(sys.stdin.readline()); print(r["matches"], r["seconds"])' <"$TMP/stdout"
}
parse_framescope() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["counts"]["hits"])' "$TMP/fs-out/run.json"
}

# CPU ticks used by everything on the machine minus those used by this script and the tools it
# ran (fields 14-17 of /proc/PID/stat: own and waited-for children's user + system time).
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
own_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$$/stat"; }
BUSY0=$(busy_ticks); OWN0=$(own_ticks); T0=$(date +%s%N)
SPACY_PY=$BASE/spacy_phrasematcher.py
DEFAULT_LOCALE=$(locale 2>/dev/null | sed -n 's/^LC_CTYPE=//p' | tr -d '"')
DEFAULT_LOCALE=${DEFAULT_LOCALE:-POSIX}
# grep exits 1 when nothing matches; that is a result, not an error. In the -o pipeline the
# inner shell turns that 1 into 0 and keeps grep's real errors (2) through pipefail.
# shellcheck disable=SC2016  # $1, $2 and $? belong to the inner shell
GREP_O='set -o pipefail; { grep -o -i -F -f "$1" "$2" || [ $? = 1 ]; } | wc -l'

bench spacy-make-doc "spaCy PhraseMatcher, make_doc" 0 parse_spacy \
    "$VENV/bin/python" "$SPACY_PY" "$CORPUS" "$TMP/terms.txt" --mode make_doc
bench spacy-pipe "spaCy PhraseMatcher, tokenizer.pipe($SPACY_BATCH)" 0 parse_spacy \
    "$VENV/bin/python" "$SPACY_PY" "$CORPUS" "$TMP/terms.txt" --mode pipe --batch-size "$SPACY_BATCH"
bench spacy-spaced "spaCy PhraseMatcher, make_doc, line breaks spaced" 0 parse_spacy \
    "$VENV/bin/python" "$SPACY_PY" "$CORPUS" "$TMP/terms.txt" --mode make_doc --space-newlines
bench grep-c-default "grep -c -i -F ($DEFAULT_LOCALE)" "0 1" parse_count \
    grep -c -i -F -f "$TMP/terms.txt" "$TMP/corpus.txt"
bench grep-c-c "grep -c -i -F (LC_ALL=C)" "0 1" parse_count \
    env LC_ALL=C grep -c -i -F -f "$TMP/terms.txt" "$TMP/corpus.txt"
bench grep-o-default "grep -o -i -F | wc -l ($DEFAULT_LOCALE)" 0 parse_count \
    bash -c "$GREP_O" grep-o "$TMP/terms.txt" "$TMP/corpus.txt"
bench grep-o-c "grep -o -i -F | wc -l (LC_ALL=C)" 0 parse_count \
    env LC_ALL=C bash -c "$GREP_O" grep-o "$TMP/terms.txt" "$TMP/corpus.txt"
for t in $FS_THREADS; do
    if [[ -n $FS_BEFORE ]]; then
        bench "framescope-before-t$t" "framescope before --threads $t" 0 parse_framescope \
            "$FS_BEFORE" analyze "$CORPUS" --no-sentiment -q --out "$TMP/fs-out" --threads "$t"
        mv "$TMP/fs-out" "$TMP/fs-out-before"
    fi
    bench "framescope-t$t" "framescope --threads $t" 0 parse_framescope \
        "$FS" analyze "$CORPUS" --no-sentiment -q --out "$TMP/fs-out" --threads "$t"
    if [[ -n $FS_BEFORE ]]; then
        for f in "$TMP"/fs-out-before/*.csv; do
            cmp -s "$f" "$TMP/fs-out/$(basename "$f")" || die "framescope before and now differ: $(basename "$f")"
        done
        rm -rf "$TMP/fs-out-before"
    fi
done
BUSY1=$(busy_ticks); OWN1=$(own_ticks); T1=$(date +%s%N)
# Other processes' share of one core while the tools ran, e.g. 0.05 = 5 % of one core.
OTHER_CORES=$(awk -v b=$((BUSY1 - BUSY0)) -v o=$((OWN1 - OWN0)) -v hz="$(getconf CLK_TCK)" -v ns=$((T1 - T0)) \
    'BEGIN { x = (b - o) / hz / (ns / 1e9); printf "%.2f", x < 0 ? 0 : x }')

# --- report (Markdown on stdout)
echo "## Lexicon stage: framescope vs spaCy PhraseMatcher vs grep"
echo
echo "- corpus: \`$CORPUS\`, $ARTICLES articles, $BYTES bytes of title + text ($(du -h "$CORPUS" | cut -f1) JSONL)"
echo "- phrase list: $(wc -l <"$TMP/terms.txt") forms from \`framescope lexicon forms $LEXICON\`"
echo "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "- load average (1/5/15 min) before the script: $LOAD_BEFORE; CPU used by other processes while the tools ran: $OTHER_CORES cores on average"
echo "- versions: $("$FS" --version)$BUILD_ID${FS_BEFORE:+ (before: $("$FS_BEFORE" --version))}; spaCy $("$VENV/bin/python" -c 'import spacy; print(spacy.__version__)'); $(grep --version | head -n 1); $("$VENV/bin/python" --version)"
echo "- default locale (LC_CTYPE): $DEFAULT_LOCALE"
echo "- timed runs per tool: $RUNS, after one warm-up run"
echo
python3 "$BASE/summarize.py" "$RECORDS" "$ARTICLES" "$BYTES"

if awk -v x="$OTHER_CORES" 'BEGIN { exit !(x > 0.1) }'; then
    echo
    echo "**Warning:** other processes used $OTHER_CORES of a core on average while the tools ran: these numbers are noisy."
fi
