"""Execute one notebook and write it as a markdown page for mkdocs (run by tools/docs.py, one process each).

`python tools/docs_render.py NOTEBOOK OUT_MD`: nbdev's docs processing (front matter, `show_doc` cells added
after exported code, exported and hidden cells dropped, cross-references linked) around one execution of
the notebook in its own folder, as `nbdev_test` runs it (cells flagged `slow`/`notest` and `eval: false`
skipped). Outputs are kept: figures as PNG files beside the page, tables as HTML, text as code blocks.
Notebooks under `pipelines/` are papermill templates: shown, not executed. A cell that raises fails the
page: the notebook's name and traceback go to stderr and the exit code is 1."""
import base64, json, os, re, sys
from pathlib import Path

SKIP_FLAGS = {'slow', 'notest'}
QUARTO = re.compile(r'^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')

class NotebookError(Exception): pass

def _skip(cell):
    "True for a cell the docs run does not execute (as nbdev_test without flags)."
    if cell.cell_type != 'code' or 'nbdev_export' + '(' in cell.source: return True
    d = getattr(cell, 'directives_', {}) or {}
    if d.get('eval:', [''])[0].lower() == 'false': return True
    return bool(SKIP_FLAGS & d.keys())

def _executor(path):
    "An nbdev Processor that runs every cell the tests run in one CaptureShell, keeping the outputs."
    from execnb.shell import CaptureShell
    from nbdev.process import Processor
    class Execute(Processor):
        def begin(self):
            self.k = CaptureShell(path, mpl_format='png')
            self.k.run_cell('from nbdev.showdoc import show_doc')
            self.k.run_cell("try:\n import plotly.io as _pio; _pio.renderers.default = 'plotly_mimetype'\nexcept ImportError: pass")
        def __call__(self, cell):
            if _skip(cell): return
            self.k.cell(cell)
            if self.k.exc:
                raise NotebookError(f'{path.name} failed to run:\n{self.k.prettytb(fname=path)}')
    return Execute

def _show_docs_in_order():
    "nbdev's add_show_docs, but a cell defining several names documents them in source order."
    from nbdev import processors as P
    from nbdev.process import NbCell
    from execnb.nbio import mk_cell
    from fastcore.foundation import L
    class add_show_docs(P.add_show_docs):
        def begin(self):
            nb = self.nb
            exports = L(c for c in nb.cells if P._want_doc(c))
            shown = {P._get_nm(t) for t in P._show_docs(L(nb.cells).map(NbCell.parsed_).concat())}
            for cell in reversed(exports):
                for i, nm in enumerate(P._def_names(cell, shown)):
                    new = mk_cell(f'show_doc({nm})'); new.has_sd = True
                    nb.cells.insert(cell.idx_ + 1 + i, new)
            nb.has_docs_ = shown or exports
    return add_show_docs

def process(path, execute=True):
    "The processed notebook: nbdev's docs processors with one execution in the middle."
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    from nbdev import processors as P
    pre = [FrontmatterProc, P.populate_language, _show_docs_in_order(), P.hide_line, P.rm_header_dash, P.clean_show_doc]
    post = [P.strip_ansi, P.filter_stream_, P.rm_export, P.ai_magics, P.clean_magics, P.hide_, P.add_links,
            P.mv_exports, P.strip_hidden_metadata]
    procs = pre + ([_executor(path)] if execute else []) + post
    os.environ['IN_TEST'] = '1'
    cwd = os.getcwd(); os.chdir(path.parent)
    try:
        p = NBProcessor(path, procs=procs)
        p.process()
    finally: os.chdir(cwd)
    return p.nb

def _fence(text, lang=''):
    "A fenced code block long enough for any backticks inside."
    n = max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', text)])
    return f"{'`' * n}{lang}\n{text.rstrip()}\n{'`' * n}"

def _opts(src):
    "Quarto cell options (`#| echo: false` ...) and the source without any `#|` line."
    opts, keep = {}, []
    for l in src.splitlines():
        m = QUARTO.match(l)
        if m: opts[m.group(1)] = m.group(2).strip('"\'').lower()
        elif not l.lstrip().startswith('#|'): keep.append(l)
    return opts, '\n'.join(keep).strip('\n')

def _text(v): return ''.join(v) if isinstance(v, list) else str(v)

class Page:
    "Markdown for one notebook: cells in order, output files written beside it."
    def __init__(self, out_md):
        self.out, self.files, self.n, self.plotly = Path(out_md), {}, 0, False
    def file(self, data, ext):
        self.n += 1
        name = f'{self.out.stem}_files/out_{self.n}.{ext}'
        self.files[name] = data
        return name
    def output(self, o, asis):
        t = o.get('output_type')
        if t == 'stream':
            s = _text(o.get('text', '')).rstrip()
            return _fence(s, 'text') if s.strip() else ''
        if t == 'error': return _fence('\n'.join(o.get('traceback', [])), 'text')
        d = o.get('data', {})
        if 'application/vnd.jupyter.widget-view+json' in d:
            return '*(An interactive widget: run this notebook in JupyterLab to use it.)*'
        if 'application/vnd.plotly.v1+json' in d: return self.plotly_div(d['application/vnd.plotly.v1+json'])
        if 'image/png' in d:
            return f"![figure]({self.file(base64.b64decode(_text(d['image/png'])), 'png')})"
        if 'image/svg+xml' in d: return f"![figure]({self.file(_text(d['image/svg+xml']).encode(), 'svg')})"
        if 'text/markdown' in d: return _text(d['text/markdown']).strip()
        if 'text/html' in d:
            h = _text(d['text/html']).strip()
            h = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', '', h)
            return f'<div class="nb-output" markdown="0">\n{h}\n</div>'
        if 'text/plain' in d: return _fence(_text(d['text/plain']), 'text')
        return ''
    def plotly_div(self, fig):
        "A plotly figure drawn by the site's own copy of plotly.js (no CDN)."
        import plotly.io as pio
        self.plotly = True
        h = pio.to_html(fig if isinstance(fig, dict) else json.loads(_text(fig)), include_plotlyjs=False, full_html=False)
        return f'<div class="nb-output" markdown="0">\n{h}\n</div>'
    def cell(self, c):
        if c.cell_type == 'markdown': return c.source.strip()
        if c.cell_type != 'code': return ''
        opts, src = _opts(c.source)
        if opts.get('include') == 'false': return ''
        parts = [] if opts.get('echo') == 'false' or not src.strip() else [_fence(src, 'python')]
        if opts.get('output') != 'false':
            parts += [self.output(o, opts.get('output') == 'asis') for o in c.get('outputs', [])]
        return '\n\n'.join(p for p in parts if p)

def to_markdown(nb, out_md):
    "Write `out_md` (title, description, cells) and its output files; return the page's title."
    fm = getattr(nb, 'frontmatter_', {}) or {}
    page = Page(out_md)
    title = fm.get('title') or Path(out_md).stem
    head = [f'# {title}'] + ([f'> {fm["description"]}'] if fm.get('description') else [])
    body = [page.cell(c) for c in nb.cells if c.cell_type != 'raw']
    if page.plotly: body.insert(0, '<script src="{{PLOTLY}}"></script>')
    out = Path(out_md); out.parent.mkdir(parents=True, exist_ok=True)
    meta = f"---\ntitle: {json.dumps(title)}\n---\n\n"
    out.write_text(meta + '\n\n'.join(p for p in head + body if p) + '\n')
    for name, data in page.files.items():
        f = out.parent/name; f.parent.mkdir(parents=True, exist_ok=True); f.write_bytes(data)
    return title

def main(nb_path, out_md):
    path = Path(nb_path).resolve()
    try: nb = process(path, execute='pipelines' not in path.parent.name)
    except NotebookError as e: sys.stderr.write(str(e) + '\n'); return 1
    except Exception as e:
        import traceback
        sys.stderr.write(f'{path.name}: {type(e).__name__}: {e}\n{traceback.format_exc()[-3000:]}\n'); return 1
    print(json.dumps({'title': to_markdown(nb, out_md)}))
    return 0

if __name__ == '__main__': sys.exit(main(*sys.argv[1:3]))
