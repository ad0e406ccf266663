"""Run every check CI runs and end with one line `N passed, M failed`.

Checks: package in sync with notebooks (nbdev_export leaves no git diff), notebooks clean
(nbdev_clean leaves no diff), README matches index.ipynb, every notebook under nbdev_test (with the
`slow` flag; one check per notebook, two at a time), the pytest suite in tests/ (one check per
test), the docs build (every notebook executed into a page of the mkdocs site) and the docs
site checked in headless Chromium (tools/docs_check.py). `--fast` skips the `slow` cells."""
import argparse, os, subprocess, sys, time, xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'.ci'/'out'
results = []  # (name, ok, seconds, detail)

def run(cmd, timeout=1800, **kw):
    t0 = time.time()
    try:
        p = subprocess.run(cmd, cwd=kw.pop('cwd', ROOT), capture_output=True, text=True, timeout=timeout, **kw)
        return p.returncode, p.stdout + p.stderr, time.time() - t0
    except subprocess.TimeoutExpired as e:
        return 124, f'timed out after {timeout} s\n{e.stdout or ""}{e.stderr or ""}', time.time() - t0

def record(name, ok, secs, detail=''):
    results.append((name, ok, secs, detail))
    print(f"{'PASS' if ok else 'FAIL'} {name} ({secs:.1f} s)", flush=True)
    if not ok: print('    ' + detail.strip()[-3000:].replace('\n', '\n    '), flush=True)

def git_clean(paths):
    rc, out, _ = run(['git', 'status', '--porcelain', '--', *paths])
    return rc == 0 and not out.strip(), out

def check_sync():
    rc, out, s = run(['nbdev_export'])
    ok, diff = git_clean(['cloudsonar'])
    record('nbdev_export leaves the package unchanged', rc == 0 and ok, s, out + diff)
    rc, out, s = run(['nbdev_clean'])
    ok, diff = git_clean(['nbs'])
    record('nbdev_clean leaves the notebooks unchanged', rc == 0 and ok, s, out + diff)
    rc, out, s = run([sys.executable, 'tools/readme.py', '--check'])
    record('README.md matches nbs/index.ipynb', rc == 0, s, out)

def notebooks():
    return sorted(p for p in (ROOT/'nbs').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts and not p.name.startswith('_'))

def check_notebooks(flags, workers):
    def one(nb):
        rel = nb.relative_to(ROOT/'nbs')
        cmd = ['nbdev_test', '--path', str(rel), '--do_print'] + (['--flags', flags] if flags else [])
        rc, out, s = run(cmd, cwd=ROOT/'nbs', timeout=1800)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT/f"nb_{str(rel).replace('/', '__')}.log").write_text(out)
        return f'notebook {rel}', rc == 0 and 'Failed' not in out, s, out
    with ThreadPoolExecutor(workers) as ex:
        for r in ex.map(one, notebooks()): record(*r)

def check_pytest():
    if not any((ROOT/'tests').glob('test_*.py')): return
    OUT.mkdir(parents=True, exist_ok=True); xml = OUT/'pytest.xml'
    rc, out, s = run([sys.executable, '-m', 'pytest', '-q', 'tests', f'--junitxml={xml}'])
    if not xml.exists(): record('pytest suite', False, s, out); return
    for tc in ET.parse(xml).getroot().iter('testcase'):
        bad = tc.find('failure') if tc.find('failure') is not None else tc.find('error')
        if tc.find('skipped') is not None: continue
        record(f"pytest {tc.get('classname')}::{tc.get('name')}", bad is None, float(tc.get('time', 0)),
               '' if bad is None else (bad.get('message') or '') + (bad.text or ''))

def check_docs():
    rc, out, s = run([sys.executable, 'tools/docs.py'], timeout=1800)
    record('docs build (every notebook executed into a page)', rc == 0, s, out)
    if rc: record('docs site in Chromium (figures, raw markup, links, search, screenshots)', False, 0, 'not run: the docs build failed'); return
    rc, out, s = run([sys.executable, 'tools/docs.py', '--check'], timeout=1800)
    record('docs site in Chromium (figures, raw markup, links, search, screenshots)', rc == 0, s, out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--fast', action='store_true', help='skip cells flagged slow')
    ap.add_argument('--no-git', action='store_true', help='skip the git-diff checks (while editing)')
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    t0 = time.time()
    if not a.no_git: check_sync()
    check_notebooks('' if a.fast else 'slow', a.workers)
    check_pytest()
    check_docs()
    npass = sum(ok for _, ok, _, _ in results); nfail = len(results) - npass
    print(f'\nslowest: ' + ', '.join(f'{n} {s:.0f}s' for n, _, s, _ in sorted(results, key=lambda r: -r[2])[:5]))
    print(f'total {time.time() - t0:.0f} s')
    print(f'{npass} passed, {nfail} failed')
    sys.exit(1 if nfail or not results else 0)
