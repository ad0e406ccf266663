"""Check the built documentation site in headless Chromium (`python tools/docs.py --check`).

docs/ is served on 127.0.0.1 (a free port) and every page is opened in Debian's Chromium through
playwright (no browser is downloaded). Checked: (a) every stage page (notebooks 10-19 and 21-29a,
except 13a_cloud_model and 20_sonar_msgs) shows a rendered figure; (b) no raw markup in the page text
(Quarto attributes, fenced divs, cell options, prompts, unrendered links, `show_doc(`); (c) every
internal link and resource resolves (file and #anchor), no page links to the non-existent
documentation or git hosts, and no request leaves 127.0.0.1 while pages load; (d) the search box
finds a function and links to its page; (e) screenshots of a few pages and (f) of the cloud report
and a middle frame of the sonar video from a small run (tools/docs_shots.py), in docs/screenshots/.
Failures are listed; any failure makes the exit code 1."""
import functools, http.server, json, os, re, subprocess, sys, tempfile, threading, time
from pathlib import Path
from urllib.parse import urlsplit, unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
import docs

DOCS, SHOTS = docs.DOCS, docs.DOCS/'screenshots'
CHROMIUM = '/usr/bin/chromium'
ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']
EXEMPT = {'13a_cloud_model.ipynb', '20_sonar_msgs.ipynb'}
RAW = ['{target=', ':::', '#|', 'Out[', 'In [', '](', 'show_doc(']
BAD_HOSTS = ('cloudsonar.github.io', 'github.com/cloudsonar', 'cloudsonar.invalid')

def stage_pages():
    "Pages of the stage notebooks that must show a figure."
    rels = [r for r in docs.notebooks() if r.parent == Path('.') and r.name not in EXEMPT
            and re.match(r'(1\d|2[1-9])[a-z]?_', r.name)]
    return {docs.page_md(r)[:-3] + '.html': r.name for r in rels}

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass

class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):  # the browser dropping a request it no longer needs is no error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)): super().handle_error(request, client_address)

def serve(folder):
    "An http server for `folder` on a free port of 127.0.0.1, in a thread; (server, base url)."
    h = functools.partial(_Quiet, directory=str(folder))
    srv = _Server(('127.0.0.1', 0), h)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'

@functools.lru_cache(None)
def ids_of(path):
    "Element ids (and names) of an HTML file."
    s = Path(path).read_text(errors='replace')
    return set(re.findall(r'\s(?:id|name)="([^"]+)"', s))

def target_file(path):
    p = DOCS/unquote(path).lstrip('/')
    return p/'index.html' if p.is_dir() else p

LINKS_JS = """() => [...document.querySelectorAll('a[href], img[src], script[src], link[href], iframe[src], source[src]')]
  .map(e => e.href || e.src).filter(u => u && !u.startsWith('javascript:') && !u.startsWith('data:') && !u.startsWith('mailto:'))"""
FIGURE_JS = """() => {
  const imgs = [...document.querySelectorAll('article img')].filter(i => i.complete && i.naturalWidth > 100).length;
  const vec = [...document.querySelectorAll('article .nb-output svg, article canvas')]
    .filter(e => e.getBoundingClientRect().width > 100 && e.getBoundingClientRect().height > 50).length;
  return imgs + vec; }"""
TEXT_JS = """() => { const a = document.querySelector('article'); if (!a) return '';
  const c = a.cloneNode(true); c.querySelectorAll('pre, code, .highlight, script, style').forEach(e => e.remove());
  return c.innerText; }"""

CODE_JS = """() => [...document.querySelectorAll('article pre')].map(e => e.innerText).join('\\n')"""

class Checker:
    def __init__(self, base):
        self.base, self.fail, self.external, self.netloc = base, [], set(), urlsplit(base).netloc
    def bad(self, what): self.fail.append(what); print('  FAIL', what, flush=True)
    def link(self, page, url):
        u = urlsplit(url)
        if u.netloc != self.netloc:
            if any(h in url for h in BAD_HOSTS): self.bad(f'{page}: links to a non-existent host: {url}')
            return
        f = target_file(u.path)
        if not f.is_file(): self.bad(f'{page}: dead link {u.path}'); return
        if u.fragment and f.suffix == '.html' and unquote(u.fragment) not in ids_of(f):
            self.bad(f'{page}: dead anchor {u.path}#{u.fragment}')
    def page(self, pg, rel, stages):
        pg.goto(self.base + rel, wait_until='load')
        pg.wait_for_timeout(50)
        for url in set(pg.evaluate(LINKS_JS)): self.link(rel, url)
        if not rel.startswith('source/'):
            text = pg.evaluate(TEXT_JS)
            for pat in RAW:
                i = text.find(pat)
                if i >= 0: self.bad(f'{rel}: raw markup {pat!r} in the text: ...{text[max(0, i - 40):i + 40]!r}...')
            m = re.search(r'\[`[^`\n]+`\]\(', pg.evaluate(CODE_JS))
            if m: self.bad(f'{rel}: a markdown link inside a code block: {m.group(0)}...')
        if rel in stages:
            pg.evaluate('() => window.scrollTo(0, document.body.scrollHeight)')  # load lazy images
            pg.wait_for_timeout(100)
            if not pg.evaluate(FIGURE_JS): self.bad(f'{rel} ({stages[rel]}): no rendered figure')

def expected_hit(name):
    "The page (and anchor) nbdev's index gives `name`."
    from importlib import import_module
    for mod, syms in import_module('cloudsonar._modidx').d['syms'].items():
        for full, (url, _) in syms.items():
            if full.rsplit('.', 1)[-1] == name: return url
    return None

def check_search(ck, pg, name='error_metrics'):
    "Type `name` in the material search box; a result must link to its page."
    want = expected_hit(name)
    pg.goto(ck.base + 'index.html', wait_until='load')
    pg.click('label.md-search__icon, .md-search__input', timeout=5000)
    box = pg.locator('input.md-search__input')
    for attempt in range(4):  # the index loads in a worker: type (again) once it is ready
        pg.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
                             timeout=30000)
        box.fill(''); box.press_sequentially(name, delay=20)
        try: pg.wait_for_selector('.md-search-result__item a', timeout=5000); break
        except Exception: pass
    else: ck.bad(f'search: no result for {name!r}'); return
    hrefs = pg.eval_on_selector_all('.md-search-result__item a', 'els => els.map(e => e.href)')
    page = want.split('#')[0] if want else None
    if not any(page and urlsplit(h).path.endswith('/' + page) for h in hrefs):
        ck.bad(f'search: {name!r} gives {hrefs[:5]}, none on {page}')
    else: print(f'  search {name!r}: {len(hrefs)} results, one on {page}')
    pg.screenshot(path=str(SHOTS/'search.png'))

def shoot(ck, pg, stages):
    "Screenshots of the home page, a cloud stage page at its first figure, the sonar detection page, an API page."
    def api_weight(p): return p.read_text(errors='replace').count('nb-source')
    def has_fig(r): return (DOCS/r).is_file() and '_files/out_' in (DOCS/r).read_text(errors='replace')
    clouds = ['cloud_parallax.html', 'cloud_motion.html'] + sorted(r for r in stages if r.startswith('cloud_'))
    cloud = next((r for r in clouds if has_fig(r)), next((r for r in clouds if (DOCS/r).is_file()), None))
    api = max((p for p in DOCS.glob('*.html') if p.name not in ('index.html', '404.html', 'sonar_detect.html', cloud)),
              key=api_weight, default=None)
    todo = [('home', 'index.html', None), ('cloud_stage', cloud, 'article img'), ('sonar_detect', 'sonar_detect.html', 'article img'),
            ('api', api.name if api else None, None)]
    for name, rel, at in todo:
        if not rel or not (DOCS/rel).exists(): ck.bad(f'screenshot {name}: no page {rel}'); continue
        pg.goto(ck.base + rel, wait_until='load')
        if at and pg.query_selector(at):
            pg.eval_on_selector(at, 'e => { e.scrollIntoView({block: "start"}); window.scrollBy(0, -72); }'); pg.wait_for_timeout(800)
        pg.screenshot(path=str(SHOTS/f'{name}.png'))
        print(f'  screenshot {name}: {rel}')

def middle_frame(video, dest):
    "A frame from the middle of `video` as a PNG, with imageio-ffmpeg's ffmpeg."
    import imageio_ffmpeg
    ff = imageio_ffmpeg.get_ffmpeg_exe()
    n = imageio_ffmpeg.count_frames_and_secs(video)[1]
    subprocess.run([ff, '-y', '-loglevel', 'error', '-ss', f'{n / 2:.2f}', '-i', str(video), '-frames:v', '1', str(dest)], check=True)

def local_only(pg, base, seen):
    "Let `pg` load only from the server at `base`; requests elsewhere are refused and added to `seen`."
    here = urlsplit(base).netloc
    def route(r):
        if urlsplit(r.request.url).netloc == here: r.continue_()
        else: seen.add(r.request.url); r.abort()
    pg.route('**/*', route)

def shoot_report(ck, browser, report):
    "Full-page screenshot of a cloud report, served from its folder; it must load nothing from elsewhere."
    srv, base = serve(report.parent)
    pg, ext = browser.new_page(viewport={'width': 1280, 'height': 900}), set()
    local_only(pg, base, ext)
    pg.goto(base + report.name, wait_until='load'); pg.wait_for_timeout(1500)
    pg.screenshot(path=str(SHOTS/'cloud_report.png'), full_page=True)
    if ext: ck.bad(f'{report.name} requests external hosts: {sorted(ext)[:5]}')
    pg.close(); srv.shutdown(); print(f'  screenshot cloud_report: {report.name}')

def small_run_shots(ck, browser):
    "Screenshot report.html and a middle video frame from a small run of both pipelines (tools/docs_shots.py)."
    with tempfile.TemporaryDirectory(prefix='cloudsonar_shots_') as tmp:
        t0 = time.time()
        p = subprocess.run([sys.executable, str(ROOT/'tools'/'docs_shots.py'), tmp], capture_output=True, text=True,
                           env={**os.environ, 'CLOUDSONAR_HOME': tmp, 'MPLBACKEND': 'Agg'}, timeout=1800)
        if p.returncode: ck.bad(f'small run failed: {(p.stderr or p.stdout)[-2000:]}'); return
        res = json.loads(p.stdout.strip().splitlines()[-1])
        print(f"  small run (flight + bag) took {time.time() - t0:.0f} s" + ('  (over 2 min)' if time.time() - t0 > 120 else ''))
        if Path(res['report']).is_file(): shoot_report(ck, browser, Path(res['report']))
        else: ck.bad(f"small run: no report at {res['report']}")
        if res.get('video') and Path(res['video']).is_file():
            middle_frame(res['video'], SHOTS/'sonar_video_frame.png'); print('  sonar video frame:', Path(res['video']).name)
        else: ck.bad(f"small run: no video ({res.get('video')})")

def main(shots=True):
    from playwright.sync_api import sync_playwright
    if not (DOCS/'index.html').is_file(): print('docs/index.html missing: run python tools/docs.py first'); return 1
    if not Path(CHROMIUM).exists(): print(f'{CHROMIUM} missing: run tools/setup.sh (installs Debian chromium)'); return 1
    t0 = time.time()
    SHOTS.mkdir(parents=True, exist_ok=True)
    srv, base = serve(DOCS)
    ck, stages = Checker(base), stage_pages()
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob('*.html') if p.name != '404.html')
    for rel in stages:
        if rel not in pages: ck.bad(f'{rel} ({stages[rel]}): no page')
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={'width': 1280, 'height': 900})
        local_only(pg, base, ck.external)
        print(f'checking {len(pages)} pages at {base}', flush=True)
        for rel in pages:
            try: ck.page(pg, rel, stages)
            except Exception as e: ck.bad(f'{rel}: {type(e).__name__}: {e}')
        try: check_search(ck, pg)
        except Exception as e: ck.bad(f'search: {type(e).__name__}: {e}')
        shoot(ck, pg, stages)
        for u in sorted(ck.external): ck.bad(f'request to an external host: {u}')
        if shots: small_run_shots(ck, browser)
        browser.close()
    srv.shutdown()
    print(f"\n{len(pages)} pages checked in {time.time() - t0:.0f} s; screenshots in {SHOTS}")
    if ck.fail:
        print(f'{len(ck.fail)} failures:'); [print('  -', f) for f in ck.fail]; return 1
    print('docs site: all checks passed'); return 0

if __name__ == '__main__': sys.exit(main('--no-run' not in sys.argv))
