#!/bin/sh
# Save → page served at N pages, Hugo's dev server and ours, one after the
# other on the same pages, with ../shared/bench/rebuild.py.
# Usage: serve_vs_hugo.sh WORK [RUNS]   (WORK: a folder vs_hugo_cache.py --work laid out)
# HUGO env: the Hugo binary. Prints each tool's summary; compare the medians.
set -eu
work=$1; runs=${2:-7}
bench=${BENCH_DIR:-/work/shared/bench}
hugo=${HUGO:-/work/hugo-bin/hugo}
page=$(cd "$work/hugo/content" && find . -name '*.md' ! -name '_index.md' | sort | head -1 | sed 's|^\./||')
url="/$(dirname "$page")/$(basename "$page" .md)/"
echo "page: $page"
python3 "$bench/rebuild.py" --runs "$runs" --cmd "$hugo server --source $work/hugo --port 1313 --bind 127.0.0.1" \
    --base http://127.0.0.1:1313 --file "$work/hugo/content/$page" --path "$url" | tail -3 | sed 's/^/hugo: /'
python3 "$bench/rebuild.py" --runs "$runs" --cmd "$work/lo serve --source $work/ours --port 1414" \
    --base http://127.0.0.1:1414 --file "$work/ours/content/zz-bench/$page" --path "/zz-bench$url" | tail -3 | sed 's/^/ours: /'
