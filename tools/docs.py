"""Build the documentation site into docs/.

With Quarto installed this is `nbdev_docs`. Without it (Quarto cannot be installed on every
machine) the notebooks are processed exactly as for Quarto (`nbdev_proc_nbs`: hidden cells dropped,
`show_doc` rendered) and each processed notebook is converted to a static HTML page with nbconvert;
the home page (from index.ipynb) gets a contents list linking every page in notebook order.
`--check` verifies that every notebook produced a page."""
import json, shutil, subprocess, sys
from pathlib import Path
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]
NBS, PROC, DOCS = ROOT/'nbs', ROOT/'_proc', ROOT/'docs'

def notebooks():
    "Source notebooks in docs order (numbered files first, pipelines after)."
    return sorted(p.relative_to(NBS) for p in NBS.rglob('*.ipynb')
                  if '.ipynb_checkpoints' not in p.parts and not p.name.startswith('_'))

def _front(nb):
    "Title, description and output file from the raw front-matter cell nbdev_proc_nbs writes."
    meta = {}
    if nb.cells and nb.cells[0].cell_type == 'raw':
        import yaml
        meta = yaml.safe_load(nb.cells[0].source.strip().strip('-')) or {}
        nb.cells = nb.cells[1:]
    return meta

def page_name(rel):
    "HTML page of a notebook (nbdev's rule: drop the number prefix)."
    stem = rel.stem.split('_', 1)[1] if rel.stem[:2].isdigit() and '_' in rel.stem else rel.stem
    return (rel.parent/f'{stem}.html').as_posix()

def _mixed(src):
    "True for a test cell that mixes imports with other code (nbdev would execute it while rendering docs)."
    import ast
    try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!'))))
    except SyntaxError: return False
    has_imp = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))
    return has_imp and any(not isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body)

def _doc_sources():
    "Copy nbs/ to _docsrc/, marking test cells that mix imports and code `eval: false` for the docs run only."
    src = ROOT/'_docsrc'
    if src.exists(): shutil.rmtree(src)
    shutil.copytree(NBS, src, ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
    for p in src.rglob('*.ipynb'):
        nb = nbformat.read(p, as_version=4)
        for c in nb.cells:
            if c.cell_type != 'code': continue
            dirs = {l.replace(' ', '') for l in c.source.splitlines() if l.startswith('#|')}
            if any(d.startswith(('#|export', '#|exporti', '#|exports')) for d in dirs): continue
            if _mixed(c.source): c.source = '#| eval: false\n' + c.source
        nbformat.write(nb, p)
    return src

def build_fallback():
    src = _doc_sources()
    code = f"from nbdev.serve import proc_nbs; proc_nbs(path={str(src)!r}, force=True)"
    subprocess.run([sys.executable, '-c', code], cwd=ROOT, check=True, capture_output=True)
    if DOCS.exists(): shutil.rmtree(DOCS)
    DOCS.mkdir()
    pages = []
    for rel in notebooks():
        nb = nbformat.read(PROC/rel, as_version=4)
        meta = _front(nb)
        for c in nb.cells:
            if c.cell_type != 'code': continue
            lines = c.source.splitlines()
            if any(l.replace(' ', '') == '#|echo:false' for l in lines):
                c.metadata.setdefault('tags', []).append('remove_input')
            c.source = '\n'.join(l for l in lines if not l.startswith('#|'))
        pages.append((rel, page_name(rel), meta.get('title', rel.stem), meta.get('description', ''), nb))
    for rel, page, title, desc, nb in pages:
        if rel.name == 'index.ipynb' and rel.parent == Path('.'):
            items = ''.join(f'\n- [{t}]({p}): {d}' for r, p, t, d, _ in pages if p != 'index.html')
            nb.cells.append(nbformat.v4.new_markdown_cell('## Contents\n' + items))
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f'# {title}\n\n> {desc}' if desc else f'# {title}'))
        exp = HTMLExporter(template_name='lab')
        exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}), enabled=True)
        html, _ = exp.from_notebook_node(nb, resources={'metadata': {'name': title}})
        dest = DOCS/page; dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(html.replace('.ipynb)', '.html)'))
    print(f'built {len(pages)} pages into {DOCS}')
    return pages

def check():
    missing = [str(r) for r in notebooks() if not (DOCS/page_name(r)).is_file()]
    if missing: print('notebooks without a docs page:', ', '.join(missing)); return 1
    print(f'docs: every notebook has a page ({len(notebooks())})'); return 0

if __name__ == '__main__':
    if '--check' in sys.argv: sys.exit(check())
    if shutil.which('quarto'): subprocess.run(['nbdev_docs'], cwd=ROOT, check=True)
    else: build_fallback()
