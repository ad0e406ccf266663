"""Generate README.md from nbs/index.ipynb without Quarto.

The index notebook is executed (as nbdev_test does), `#| hide` cells are dropped, directive lines
stripped, and prose, code and plain outputs written as GitHub markdown. `--check` exits 1 when the
committed README.md differs from what the notebook produces (CI uses it so the two never drift)."""
import sys
from pathlib import Path
from execnb.nbio import read_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parents[1]

def _directives(src):
    return {l[3:].split(':')[0].strip() for l in src.splitlines() if l.startswith('#|')}

def _strip(src):
    return '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip()

def render(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    nb = read_nb(nb_path)
    CaptureShell(path=nb_path.parent).run_all(nb)
    out = ['<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->', '']
    for c in nb.cells:
        if c.cell_type == 'markdown':
            out += [c.source.strip(), '']
        elif c.cell_type == 'code':
            if 'hide' in _directives(c.source) or not _strip(c.source): continue
            out += ['```python', _strip(c.source), '```', '']
            for o in c.get('outputs', []):
                data = o.get('data', {})
                if 'text/markdown' in data: out += [''.join(data['text/markdown']).strip(), '']
                elif 'text/plain' in data: out += ['    ' + ''.join(data['text/plain']).strip().replace('\n', '\n    '), '']
                elif o.get('output_type') == 'stream': out += ['    ' + ''.join(o['text']).strip().replace('\n', '\n    '), '']
    return '\n'.join(out).rstrip() + '\n'

if __name__ == '__main__':
    text, dest = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if not dest.exists() or dest.read_text() != text:
            print('README.md differs from nbs/index.ipynb: run `python tools/readme.py` and commit README.md.')
            sys.exit(1)
        print('README.md matches nbs/index.ipynb')
    else:
        dest.write_text(text); print(f'wrote {dest}')
