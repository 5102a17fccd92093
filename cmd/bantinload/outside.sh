#!/bin/bash
# Goal 1 of BENCHMARKS.md measured from outside, as the issue's "Done
# when" asks: a simprovince country of 1,716 feeds on 8 hosts, 50 items
# each; every feed's bytes saved once with curl; `bantin fetch` timed as
# a process (wall, CPU, peak RSS), then one loop of bare gofeed over the
# saved bytes (cmd/gofeedloop). Each round prints both and their ratio.
#
#   cmd/bantinload/outside.sh [ROUNDS] [BANTIN_BINARY...]
#
# With more than one binary, each round runs them in turn on the same
# country (an A/B of two builds). Needs curl and GNU time.
set -euo pipefail
rounds=${1:-1}
shift || true
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill $sim 2>/dev/null; rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/bin/" ./cmd/bantin ./cmd/simprovince ./cmd/gofeedloop)
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$work/bin/bantin")
cd "$work"
bin/simprovince -config feeds.yaml -cities 34 -wards 49 -departments 15 -hosts 8 -items 50 > sim.log 2>&1 &
sim=$!
for _ in $(seq 300); do [ -s feeds.yaml ] && break; sleep 0.2; done
sleep 1
mkdir bodies
grep -o 'http://[^" ]*' feeds.yaml | sort -u | awk '{ printf "url = \"%s\"\noutput = \"bodies/%d\"\n", $0, NR }' > curl.cfg
curl --silent --show-error --no-progress-meter --parallel --parallel-max 16 -K curl.cfg
echo "feeds: $(ls bodies | wc -l), bytes: $(cat bodies/* | wc -c)"
for _ in $(seq "$rounds"); do
	for b in "${bins[@]}"; do
		rm -f b.db b.db-wal b.db-shm
		if ! /usr/bin/time -f "%e %U %S %M" "$b" fetch -config feeds.yaml -db b.db > fetch.out 2> fetch.err; then
			echo "outside.sh: $b fetch failed:" >&2
			tail -5 fetch.err >&2
			exit 1
		fi
		read -r wall user sys rss < <(tail -1 fetch.err)
		items=$(grep -o 'items: [0-9]* new, [0-9]* updated, [0-9]* duplicate' fetch.out | awk '{ print $2 + $4 + $6 }')
		rate=$(awk -v n="$items" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
		echo "$b: $items items in ${wall}s (CPU ${cpu}s, peak RSS $((rss / 1024)) MB): $rate items/s"
	done
	bin/gofeedloop bodies/* | tee loop.out
	base=$(grep -o '[0-9]* items/s' loop.out | cut -d' ' -f1)
	echo "ratio of the last bantin to one loop of gofeed: $(awk -v a="$rate" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
done
