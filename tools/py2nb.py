"""Authoring helper: turn a percent-format script (`# %%` code cells, `# %% [markdown]` prose
cells, optional `# %% tags=["parameters"]`) into a clean .ipynb. Usage: py2nb.py src.py out.ipynb"""
import json, re, sys
from pathlib import Path

def convert(src: str) -> dict:
    cells, cur, kind, tags = [], [], None, []
    def flush():
        if kind is None: return
        lines = cur[:]
        while lines and not lines[0].strip(): lines.pop(0)
        while lines and not lines[-1].strip(): lines.pop()
        if kind == 'markdown': lines = [re.sub(r'^# ?', '', l) for l in lines]
        text = '\n'.join(lines)
        c = {'cell_type': kind, 'metadata': {'tags': tags} if tags else {}, 'source': text}
        if kind == 'code': c.update(execution_count=None, outputs=[])
        cells.append(c)
    for line in src.splitlines():
        m = re.match(r'^# %%(.*)$', line)
        if m:
            flush(); cur = []; rest = m.group(1)
            kind = 'markdown' if '[markdown]' in rest else 'code'
            t = re.search(r'tags=(\[.*?\])', rest); tags = json.loads(t.group(1)) if t else []
        else: cur.append(line)
    flush()
    for c in cells:
        c['source'] = [l for l in c['source'].splitlines(keepends=True)]
    return {'cells': cells, 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
            'nbformat': 4, 'nbformat_minor': 5}

def keep_ids(nb: dict, old_path: Path) -> dict:
    "Reuse the cell ids of an existing notebook for cells whose source is unchanged (small git diffs)."
    if not old_path.exists(): return nb
    old = {''.join(c['source']): c.get('id') for c in json.loads(old_path.read_text())['cells']}
    for c in nb['cells']:
        i = old.get(''.join(c['source']))
        if i: c['id'] = i
    return nb

if __name__ == '__main__':
    out = Path(sys.argv[2])
    nb = keep_ids(convert(Path(sys.argv[1]).read_text()), out)
    out.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
