#!/usr/bin/env bash
# Measures `clearway run` on a large DOJ research file: rows per second and peak memory.
#
# Usage: tools/bench/doj-scale.sh [COPIES]   (default 1000 copies: 1,000,000 data rows)
#
# The large file is made by repeating the 1,000 generated rows of
# tests/fixtures/gogen/generated/san_joaquin_sample.csv COPIES times, giving each copy's
# people new SUBJECT_ID values so that every copy is a new set of people. It is written
# under target/bench/ and never committed. Peak memory comes from GNU time's maximum
# resident set size.
set -euo pipefail
cd "$(dirname "$0")/../.."

copies=${1:-1000}
sample=tests/fixtures/gogen/generated/san_joaquin_sample.csv
work=target/bench
input=$work/doj-$copies.csv
mkdir -p "$work"

if [ ! -f "$input" ]; then
    head -n 1 "$sample" > "$input"
    # Field 3 is SUBJECT_ID; prefixing the copy number keeps ids unique across copies.
    tail -n +2 "$sample" | awk -v copies="$copies" '
        { rows[NR] = $0 }
        END {
            for (c = 1; c <= copies; c++)
                for (r = 1; r <= NR; r++) {
                    line = rows[r]
                    n = split(line, f, ",")
                    f[3] = c "x" f[3]
                    out = f[1]
                    for (i = 2; i <= n; i++) out = out "," f[i]
                    print out
                }
        }' >> "$input"
fi

cargo build --release --locked --quiet --bin clearway
rows=$(($(wc -l < "$input") - 1))
bytes=$(stat -c %s "$input")
echo "input: $input ($rows data rows, $bytes bytes)"

/usr/bin/time -v target/release/clearway run --quiet --county san-joaquin --input "$input" \
    --out "$work/out-$copies" 2> "$work/time-$copies.txt" || status=$?
status=${status:-0}
seconds=$(grep "Elapsed (wall clock)" "$work/time-$copies.txt" | awk '{print $NF}')
peak_kib=$(grep "Maximum resident set size" "$work/time-$copies.txt" | awk '{print $NF}')
echo "exit status: $status"
echo "wall time (m:ss): $seconds"
echo "peak memory: $((peak_kib / 1024)) MiB"
python3 - "$rows" "$seconds" <<'PY'
import sys
rows = int(sys.argv[1])
parts = [float(p) for p in sys.argv[2].split(":")]
seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
print(f"rows per second: {rows / seconds:,.0f}")
PY
