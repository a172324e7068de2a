#!/usr/bin/env bash
# Measures `clearway run` on a one-million-row file of each format that clearway-synth writes:
# rows per second and peak memory.
#
# Usage: tools/bench/synth-formats.sh [ROWS] [FORMAT...]
#   ROWS defaults to 1000000; FORMAT is doj, court-cms, odyssey or legacy (default: all four).
#
# Each file is generated with seed 1 and no faults under target/bench/synth-<format>-<rows>/,
# and never committed. Every format is run with a county file that names the format's
# adapter and San Francisco's policy, written next to the file. Peak memory comes from GNU
# time's maximum resident set size.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=${1:-1000000}
shift || true
formats=("$@")
[ ${#formats[@]} -eq 0 ] && formats=(doj court-cms odyssey legacy)

cargo build --release --locked --quiet -p clearway -p clearway-synth

county_file() {
    local format=$1
    case $format in
        doj) echo 'builtin = "ca-doj-research"' ;;
        court-cms) printf '%s\n' 'builtin = "court-cms-tilde"' '[adapter.options]' 'county = "SAN FRANCISCO"' \
            '[adapter.options.dispositions]' '"110" = "convicted"' '"111" = "convicted"' '"120" = "convicted"' \
            '"121" = "convicted"' '"210" = "dismissed"' '"220" = "dismissed"' '"230" = "dismissed"' '"310" = "acquitted"' ;;
        odyssey) printf '%s\n' 'builtin = "odyssey-json"' '[adapter.options]' \
            'degrees = { F = "felony", M = "misdemeanor", I = "infraction", MNC = "misdemeanor" }' \
            'dispositions = { CONV = "convicted", GUILTY = "convicted", DISM = "dismissed", DPD = "dismissed", ACQ = "acquitted" }' ;;
        legacy) echo 'builtin = "legacy-fixed-width"' ;;
    esac
}

declare -A files=([doj]=doj.csv [court-cms]=court-cms.txt [odyssey]=odyssey.jsonl [legacy]=legacy.dat)
for format in "${formats[@]}"; do
    work=target/bench/synth-$format-$rows
    input=$work/${files[$format]}
    mkdir -p "$work"
    if [ ! -f "$input" ]; then
        target/release/clearway-synth --seed 1 --rows "$rows" --formats "$format" --no-truth --out "$work" 2> "$work/synth.txt" || { cat "$work/synth.txt"; exit 1; }
    fi
    {
        printf 'name = "SAN FRANCISCO"\nas_of = "2020-07-01"\n'
        printf '[policy]\ndismiss = ["11357", "11358"]\nreduce = ["11359", "11360"]\ndismiss_all_misdemeanors = true\n'
        printf '[adapter]\n'
        county_file "$format"
    } > "$work/county.toml"

    data_rows=$(grep -o "[0-9]* data rows" "$work/synth.txt" | head -1 | cut -d' ' -f1)
    bytes=$(stat -c %s "$input")
    status=0
    /usr/bin/time -v target/release/clearway run --quiet --county "$work/county.toml" --input "$input" \
        --out "$work/out" 2> "$work/time.txt" || status=$?
    seconds=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
    peak_kib=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
    python3 - "$format" "$data_rows" "$bytes" "$seconds" "$peak_kib" "$status" <<'PY'
import sys
fmt, rows, size, wall, peak, status = sys.argv[1:]
parts = [float(p) for p in wall.split(":")]
seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
print(f"{fmt}: {int(rows):,} data rows, {int(size) / 1e6:,.0f} MB, exit {status}, wall {seconds:.1f} s, "
      f"{int(rows) / seconds:,.0f} rows per second, peak memory {int(peak) // 1024} MiB")
PY
done
