"Project-level checks that are not about one notebook: cleaning keeps papermill tags, the console script works."
import json, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def _nb(cells):
    return {'cells': cells, 'metadata': {'kernelspec': {'name': 'python3', 'display_name': 'python3', 'language': 'python'},
                                         'widgets': {'junk': 1}}, 'nbformat': 4, 'nbformat_minor': 5}

def test_nbdev_clean_keeps_parameters_tag(tmp_path):
    cell = {'cell_type': 'code', 'execution_count': 7, 'id': 'abc', 'outputs': [],
            'metadata': {'tags': ['parameters'], 'collapsed': True, 'scrolled': True}, 'source': ['flight_date = "20240520"']}
    p = tmp_path/'pipe.ipynb'; p.write_text(json.dumps(_nb([cell])))
    subprocess.run([str(BIN/'nbdev_clean'), '--fname', str(p)], cwd=ROOT, check=True)
    c = json.loads(p.read_text())['cells'][0]
    assert c['metadata'] == {'tags': ['parameters']}      # tag kept, other metadata dropped
    assert c['execution_count'] is None                    # cleaning really ran

def test_every_notebook_in_repo_is_clean_of_execution_counts():
    for nb in (ROOT/'nbs').rglob('*.ipynb'):
        for c in json.loads(nb.read_text())['cells']:
            assert c.get('execution_count') is None, f'{nb.name}: run nbdev_clean'

def test_console_script_help_and_usage_error():
    exe = shutil.which('cloudsonar', path=str(BIN)) or 'cloudsonar'
    r = subprocess.run([exe, '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and 'demo' in r.stdout
    r = subprocess.run([exe, 'no-such-command'], capture_output=True, text=True)
    assert r.returncode == 2 and 'invalid choice' in r.stderr
