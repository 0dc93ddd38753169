#!/usr/bin/env python3
"""Build times and peak memory with and without the build cache, against Hugo, in one run.

Usage: vs_hugo_cache.py PROJECT_DIR N [RUNS] [--work DIR] [--bench DIR] [--only KINDS]

Lays out the same N synthetic pages for both tools exactly as ../shared/bench/vs_hugo.py does
(our site: the project's site.toml, templates, static and real content plus the generated pages in
content/zz-bench/; Hugo: the minimal site in the bench folder), then, RUNS times, alternating:

  hugo        Hugo --minify, full build into its existing output folder (Hugo has no build cache)
  hugofirst   Hugo --minify into an empty output folder, as on Netlify: what first is compared with
              too (the kernel's cost of making 10,000 folders and files moves a lot between runs)
  nocache     ours with --no-cache into the existing output folder (Netlify-like work, as vs_hugo.py)
  first       ours into an empty output folder with an empty cache (the first build; writes the cache)
  unchanged   ours again with the cache warm and nothing changed
  second      ours after one page's body changed, right after a first build: the cache is warm but
              there is no spare output folder yet (the first build had no old site to keep as one),
              so this build writes every file (see publish.NewDirOver)
  onepage     ours after one page's body changed (a new line appended), cache warm and a spare
              output folder there: an editor's third and later builds

Before unchanged and onepage, the script waits (untimed) until 2.5 s have passed since our last
build ended: files written less than 2 s before a build began are not trusted by their stamps and
are read again (generator/cache: the racy window), which is right for a real edit made that soon
but would make every measured rebuild the unusual case, as the kinds follow each other at once.

Deleted files: on this machine's file system (ext4 without a journal) making a file costs more when
many files were deleted in the last minute or so, as the kernel passes over their inodes, which it does
not reuse at once, while it looks for a free one. A build into an empty folder right after its old
output was deleted pays for that, and how much depends on what each tool and the script deleted before
it. A build machine such as Netlify's starts from a fresh clone, with nothing deleted; --settle 65 waits
that long after the output folder is deleted before each timed first and hugofirst run, for both tools.

Cold files: these machines let their page cache go (a few GB cached with 20 GB free), so a build
may find its files, and its own executable, on the disk rather than in memory, and how often moves
from run to run. --cold makes that the rule: before every timed run of every kind, for both tools, it
drops the page cache (echo 1 > /proc/sys/vm/drop_caches, root only), as on a machine that has not read
the site or the tools since it started. It also takes away the deleted-files cost above, whose record
lives in that cache.

Before each timed run the script also waits until the old output our last build left to a detached
`rm -rf` is gone and the last build's files are written back to the disk (see quiet). Each of ours is given as a ratio to Hugo's median from the same run. Peak memory (maximum resident
set size, /usr/bin/time) is taken once for each kind after the timed runs. HUGO env: the Hugo binary.
--work keeps the generated sites in DIR (made if missing) so a second run skips generation.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument('project'); ap.add_argument('n', type=int); ap.add_argument('runs', type=int, nargs='?', default=3)
ap.add_argument('--work'); ap.add_argument('--bench', default=os.environ.get('BENCH_DIR', '/work/shared/bench'))
ap.add_argument('--only', default='hugo,hugofirst,nocache,first,second,unchanged,onepage')
ap.add_argument('--settle', type=float, default=0, metavar='SECONDS',
                help='before each timed run of hugofirst and first, wait (untimed) this long after their output '
                     'was deleted: see "Deleted files" above')
ap.add_argument('--cold', action='store_true',
                help='before every timed run, of each kind and both tools, write dirty pages back and drop the '
                     'page cache (root only): see "Cold files" above')
a = ap.parse_args()
if a.cold and not os.access('/proc/sys/vm/drop_caches', os.W_OK):
    raise SystemExit('vs_hugo_cache: --cold drops the page cache, which needs root')
proj, n, runs, bench = os.path.abspath(a.project), a.n, a.runs, a.bench
kinds = a.only.split(',')
hugo = os.environ.get('HUGO') or shutil.which('hugo') or '/work/hugo-bin/hugo'
work = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix='vshugocache-')
os.makedirs(work, exist_ok=True)


def lay_out():
    """The same layout as vs_hugo.py."""
    subprocess.run([sys.executable, os.path.join(bench, 'gen.py'), str(n), os.path.join(work, 'src'), '--seed', '1'], check=True, stdout=subprocess.DEVNULL)
    ours = os.path.join(work, 'ours')
    for item in ['site.toml', 'templates', 'static', 'netlify.toml']:
        s = os.path.join(proj, item)
        if os.path.isdir(s): shutil.copytree(s, os.path.join(ours, item))
        elif os.path.isfile(s): os.makedirs(ours, exist_ok=True); shutil.copy2(s, os.path.join(ours, item))
    src = os.path.join(work, 'src', 'content')
    shutil.copytree(os.path.join(proj, 'content'), os.path.join(ours, 'content'))
    gen_root = os.path.join('content', 'zz-bench')
    for dp, _, fs in os.walk(src):
        for f in fs:
            text = open(os.path.join(dp, f), encoding='utf-8').read()
            m = re.match(r'\+\+\+\n(.*?)\n\+\+\+\n', text, re.S)
            fm = dict(re.findall(r'^(title|description|weight)\s*=\s*(.*)$', m.group(1), re.M))
            fm.setdefault('description', '"A page."')
            body = text[m.end():].replace('](/', '](/zz-bench/')
            out = os.path.join(ours, gen_root, os.path.relpath(dp, src), f)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            lines = ['+++'] + ['%s = %s' % (k, v) for k, v in fm.items()] + ['reviewed = 2026-04-01', '+++', '']
            open(out, 'w', encoding='utf-8').write('\n'.join(lines) + body)
    hsite = os.path.join(work, 'hugo'); os.makedirs(hsite)
    shutil.copy2(os.path.join(bench, 'hugo.toml'), os.path.join(hsite, 'hugo.toml'))
    shutil.copytree(os.path.join(bench, 'hugo-layouts'), os.path.join(hsite, 'layouts'))
    shutil.copytree(src, os.path.join(hsite, 'content'))


try:
    if not os.path.isdir(os.path.join(work, 'ours')):
        lay_out()
    ours, hsite = os.path.join(work, 'ours'), os.path.join(work, 'hugo')
    lo = os.path.join(work, 'lo')
    subprocess.run(['go', 'build', '-o', lo, '.'], cwd=proj, check=True)
    out_ours, out_hugo = os.path.join(work, 'out-ours'), os.path.join(work, 'out-hugo')
    spare = os.path.join(work, '.out-ours.spare')  # publish.SpareOf(out_ours)
    cache_dir = os.path.join(ours, '.cache')
    # the page edited by onepage: the first generated page, in sorted order
    bench_root = os.path.join(ours, 'content', 'zz-bench')
    edit_page = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(bench_root) for f in fs if f.endswith('.md') and f != '_index.md')[0]
    edits = [0]
    last_end = [0.0]  # when our last build ended (time.monotonic)

    def cmd(kind):
        if kind in ('hugo', 'hugofirst'):
            return [hugo, '--quiet', '--minify', '--source', hsite, '--destination', out_hugo]
        c = [lo, 'build', '--source', ours, '--dest', out_ours]
        return c + ['--no-cache'] if kind == 'nocache' else c

    def settle():
        """Wait until the files our last build wrote are out of the racy window."""
        wait = last_end[0] + 2.5 - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def before(kind):
        """Untimed preparation of each kind's starting state."""
        def edit():
            edits[0] += 1
            with open(edit_page, 'a', encoding='utf-8') as f:
                f.write('\nEdit number %d.\n' % edits[0])

        def untimed(k):
            subprocess.run(cmd(k), check=True, stdout=subprocess.DEVNULL)
            last_end[0] = time.monotonic()

        if kind == 'hugofirst':
            shutil.rmtree(out_hugo, ignore_errors=True)
        if kind in ('first', 'second'):
            shutil.rmtree(out_ours, ignore_errors=True); shutil.rmtree(cache_dir, ignore_errors=True)
            shutil.rmtree(spare, ignore_errors=True)
        if kind == 'second':
            untimed('first')
            edit()
            settle()
        elif kind in ('unchanged', 'onepage'):
            if not os.path.isdir(cache_dir):
                untimed('first')
            if kind == 'unchanged':  # a build with nothing changed since the last one
                settle()
                untimed(kind)
            else:
                if not os.path.isdir(spare):  # the steady state: see "second"
                    edit()
                    settle()
                    untimed(kind)
                edit()
        if kind in ('unchanged', 'onepage'):
            settle()

    def quiet():
        """Wait (untimed) until no removal of an old output that our builds left to a detached
        `rm -rf` (publish.Dir.RemoveOldLater) is still running: the command returns without
        waiting for it, but on the same disk it would slow whichever build came next, Hugo's or ours;
        and until the kernel has written the last build's files to the disk."""
        for _ in range(600):
            r = subprocess.run(['pgrep', '-f', 'rm -rf -- ' + work], stdout=subprocess.DEVNULL)
            if r.returncode != 0:
                break
            time.sleep(0.05)
        # Likewise the last build's files, Hugo's or ours, still being written back to the disk.
        os.sync()

    def timed(kind):
        before(kind)
        quiet()
        if kind in ('first', 'hugofirst') and a.settle:
            time.sleep(a.settle)
            os.sync()
        if a.cold:
            os.sync()
            with open('/proc/sys/vm/drop_caches', 'w') as f:
                f.write('1\n')
        t0 = time.monotonic()
        p = subprocess.run(cmd(kind), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.monotonic() - t0
        if not kind.startswith('hugo'):
            last_end[0] = time.monotonic()
        if p.returncode:
            sys.stderr.write(p.stderr.decode()[-800:]); raise SystemExit('vs_hugo_cache: build failed: ' + kind)
        return wall

    def peak(kind):
        before(kind)
        quiet()
        r = subprocess.run(['/usr/bin/time', '-f', '%M'] + cmd(kind), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if not kind.startswith('hugo'):
            last_end[0] = time.monotonic()
        return int(r.stderr.strip().splitlines()[-1]) / 1024

    if 'hugo' not in kinds:
        kinds.insert(0, 'hugo')
    for k in kinds:  # warm the page cache and both tools' output folders
        timed(k)
    times = {k: [] for k in kinds}
    for _ in range(runs):
        for k in kinds:
            times[k].append(timed(k))
    rss = {k: peak(k) for k in kinds}
    h = statistics.median(times['hugo'])
    pages = sum(1 for dp, _, fs in os.walk(out_ours) for f in fs if f == 'index.html')
    print('vs_hugo_cache: N=%d pages_out=%d runs=%d' % (n, pages, runs))
    print('%-10s %9s %8s %9s %8s  %s' % ('kind', 'median_s', 'ratio', 'rss_mib', 'rss_x', 'all runs (s)'))
    for k in kinds:
        m = statistics.median(times[k])
        print('%-10s %9.3f %8.3f %9.0f %8.2f  %s' % (k, m, m / h, rss[k], rss[k] / rss['hugo'], ' '.join('%.3f' % t for t in times[k])))
    if 'hugofirst' in kinds and 'first' in kinds:
        hf = statistics.median(times['hugofirst'])
        print('first against hugofirst (both into an empty folder): %.3f time, %.2f memory' % (statistics.median(times['first']) / hf, rss['first'] / rss['hugofirst']))
finally:
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
