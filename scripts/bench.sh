#!/usr/bin/env bash
# Whole-process throughput of newslint, its scaling with input size, parallel speed-up over
# many files, start-up on one article, peak memory, the issue's yardstick (one automaton pass)
# beside newslint, and a side-by-side run of autocorrect.
#
#   scripts/bench.sh            # full run: 1, 10 and 100 MB, 10,000 files, autocorrect
#   scripts/bench.sh --quick    # 1 and 10 MB only, 1,000 files (a minute or so)
#
# Needs ../shared (or $NEWSLINT_SHARED) for the clean corpus the inputs are made from, and npm
# for autocorrect (installed into a temporary folder; skipped with a note when npm is absent).
# Figures are printed as a Markdown table; copy them into README's "Speed" section.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1
export NEWSLINT_SHARED="${NEWSLINT_SHARED:-$(cd .. && pwd)/shared}"
cargo build --release --locked --quiet --bin newslint --example bench_corpus --example yardstick
bin=target/release/newslint
work=target/bench
mkdir -p "$work"

sizes="1 10 100"; nfiles=10000
[ $quick = 1 ] && { sizes="1 10"; nfiles=1000; }

# measure LABEL CMD...: run once to warm the cache, then report the best of 5 wall times, the
# best of 5 CPU times (user + system: steadier than wall time on a shared machine) with their
# median, and the peak RSS, in seconds and KB. Timed by Python's clock and the children's
# resource usage: `time -f` prints hundredths of a second, too coarse for the 1 MB file.
measure() {
  shift
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
cmd = sys.argv[1:]
def run():
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
run()
runs = [run() for _ in range(5)]
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
cpus = sorted(c for _, c in runs)
print(f"{min(w for w, _ in runs):.4f} {rss} {cpus[0]:.4f} {cpus[2]:.4f}")
PY
}

echo "| input | MB | threads | wall s | MB/s wall | CPU s (median of 5) | MB/s per core (CPU) | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for mb in $sizes; do
  f="$work/copy-${mb}mb.txt"
  [ -f "$f" ] || target/release/examples/bench_corpus "$f" "$mb" 2>/dev/null
  bytes=$(stat -c %s "$f")
  read -r secs kb cpu med < <(measure "$mb MB" env RAYON_NUM_THREADS=1 "$bin" check --quiet --format jsonl --no-cross-file "$f")
  python3 -c "b=$bytes/1e6; s=$secs; c=$cpu; print(f'| one file | {b:.1f} | 1 | {s:.3f} | {b/max(s,1e-3):.1f} | {c:.3f} ({$med:.3f}) | {b/max(c,1e-3):.1f} | {$kb/1024:.0f} |')"
  last="$f"
done

# The stress input of earlier sessions: one Han character in twelve swapped for a random one
# (see examples/bench_corpus.rs), so 8% of the text is non-words for the dictionary rules.
if [ $quick = 0 ]; then
  f="$work/noisy-100mb.txt"
  [ -f "$f" ] || target/release/examples/bench_corpus "$f" 100 --char-noise 2>/dev/null
  bytes=$(stat -c %s "$f")
  read -r secs kb cpu med < <(measure noisy env RAYON_NUM_THREADS=1 "$bin" check --quiet --format jsonl --no-cross-file "$f")
  python3 -c "b=$bytes/1e6; s=$secs; c=$cpu; print(f'| one file, char noise | {b:.1f} | 1 | {s:.3f} | {b/max(s,1e-3):.1f} | {c:.3f} ({$med:.3f}) | {b/max(c,1e-3):.1f} | {$kb/1024:.0f} |')"
fi

# The issue's yardstick on the largest clean file: one overlapping pass of a charwise
# double-array automaton over jieba's 349,045 words (examples/yardstick.rs). Issue 10 gives it
# as about 130 MB/s on this machine and asks newslint for 100 MB/s, 0.77 of it. The two run in
# alternation, five rounds, and the ratio of their best rounds is the figure that survives the
# machine's moods (the yardstick's time excludes reading the file and building its automaton;
# newslint's is its whole process, as in the table).
python3 - "$bin" "$last" <<'PY'
import os, re, resource, subprocess, sys, time
bin, f = sys.argv[1], sys.argv[2]
mb = os.path.getsize(f) / 1e6
lint, yard = [], []
for _ in range(5):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([bin, "check", "--quiet", "--format", "jsonl", "--no-cross-file", f],
                   env=dict(os.environ, RAYON_NUM_THREADS="1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    lint.append(mb / (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime))
    out = subprocess.run(["target/release/examples/yardstick", f, "1"], capture_output=True, text=True).stdout
    yard.append(float(re.search(r"best ([0-9.]+) MB/s", out).group(1)))
n, y = max(lint), max(yard)
print(f"\nyardstick (one automaton pass): best {y:.1f} MB/s; newslint, all rules: best {n:.1f} MB/s; "
      f"newslint is {n/y:.3f} of the yardstick (the target, 100 of 130 MB/s, is {100/130:.3f}: "
      f"{'met' if n/y >= 100/130 else 'not met'})\n")
PY

# Many files: 1 thread versus all cores.
dir="$work/copy-articles-$nfiles"
if [ ! -d "$dir" ]; then
  target/release/examples/bench_corpus "$work/many-20mb.txt" 20 --files "$dir" "$nfiles" 2>/dev/null
fi
bytes=$(du -sb "$dir" | cut -f1)
# One thread and all cores in alternation, seven rounds, so that both see the same moments of a
# shared machine; wall times from Python's clock (`time -f %e` has 10 ms steps, 5% of a 0.2 s
# run). The speed-up is given from the best times and as the median of the seven paired ratios.
python3 - "$bin" "$dir" "$bytes" "$nfiles" "$(nproc)" <<'PY'
import os, resource, statistics, subprocess, sys, time
bin, d, nbytes, nfiles, cores = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def run(threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([bin, "check", "--quiet", "--format", "jsonl", d], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
run(1)
one, many = [], []
for _ in range(7):
    one.append(run(1))
    many.append(run(cores))
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
b = nbytes / 1e6
s1, c1 = min(w for w, _ in one), min(c for _, c in one)
sn, cn = min(w for w, _ in many), min(c for _, c in many)
m1, mn = statistics.median(c for _, c in one), statistics.median(c for _, c in many)
print(f"| {nfiles} files | {b:.1f} | 1 | {s1:.3f} | {b/s1:.1f} | {c1:.3f} ({m1:.3f} of 7) | {b/c1:.1f} | |")
print(f"| {nfiles} files | {b:.1f} | {cores} | {sn:.3f} | {b/sn:.1f} | {cn:.3f} ({mn:.3f} of 7) | | {rss:.0f} (largest run) |")
ratios = [w1 / wn for (w1, _), (wn, _) in zip(one, many)]
print(f"\nparallel speed-up on {cores} cores: {s1/sn:.2f}x from the best of 7 runs each; "
      f"median of 7 paired runs {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f})")
PY

# One 10 KB article, whole process including start-up.
head -c 10000 "$work/copy-1mb.txt" | python3 -c "import sys; d=sys.stdin.buffer.read(); print(d.decode('utf-8','ignore'))" > "$work/article-10kb.txt"
python3 - "$bin" "$work/article-10kb.txt" <<'PY'
import resource, subprocess, sys, time
bin, f = sys.argv[1], sys.argv[2]
runs, cpus = [], []
for _ in range(30):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([bin, "check", "--quiet", f], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append(time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
runs.sort(); cpus.sort()
print(f"one 10 KB article, whole process: wall median {runs[len(runs)//2]*1000:.1f} ms (best {runs[0]*1000:.1f}), CPU median {cpus[len(cpus)//2]*1000:.1f} ms")
PY

# autocorrect, same 10 MB file, same run.
f="$work/copy-10mb.txt"
if command -v npm >/dev/null 2>&1; then
  ac="$work/autocorrect"
  if [ ! -x "$ac/node_modules/.bin/autocorrect" ]; then
    npm install --silent --prefix "$ac" autocorrect-node >/dev/null 2>&1 || echo "autocorrect-node could not be installed"
  fi
  if [ -x "$ac/node_modules/.bin/autocorrect" ]; then
    # autocorrect picks its parser from the file name and silently skips `.txt` ("No issues
    # found" in a millisecond), and it skips files a .gitignore covers (this repository
    # ignores target/). So it gets the same bytes under a `.md` name in a temporary folder
    # outside the repository: the copy has no Markdown syntax, so it is read as plain
    # paragraphs. One thread each, so the figures are per core; both run in this script run.
    acdir=$(mktemp -d)
    trap 'rm -rf "$acdir"' EXIT
    cp "$f" "$acdir/copy-10mb.md"
    "$ac/node_modules/.bin/autocorrect" --lint --threads 1 --format json "$acdir/copy-10mb.md" > "$work/autocorrect.json" 2>/dev/null || true
    python3 - "$work/autocorrect.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(len(m.get("lines", [])) for m in d.get("messages", []))
print(f"autocorrect reported {n} lines to change on the 10 MB copy (a check that it really read the file)")
PY
    bytes=$(stat -c %s "$f")
    read -r sa ka ca _ < <(measure autocorrect "$ac/node_modules/.bin/autocorrect" --lint --threads 1 --format json "$acdir/copy-10mb.md")
    read -r sn kn cn _ < <(measure newslint env RAYON_NUM_THREADS=1 "$bin" check --quiet --format jsonl --no-cross-file "$f")
    python3 -c "
b=$bytes/1e6
print(f'autocorrect --lint, 1 thread: {b/max($sa,1e-3):.1f} MB/s wall, {b/max($ca,1e-3):.1f} MB/s CPU')
print(f'newslint, all rules, 1 thread: {b/max($sn,1e-3):.1f} MB/s wall, {b/max($cn,1e-3):.1f} MB/s CPU')
print(f'newslint is {$sa/max($sn,1e-3):.1f}x faster by wall time, {$ca/max($cn,1e-3):.1f}x by CPU time')"
  fi
else
  echo "npm not found: autocorrect comparison skipped"
fi
