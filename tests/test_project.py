"Project-level checks that are not about one notebook: cleaning keeps papermill tags, the console script works."
import json, re, shutil, subprocess, sys
import pytest
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

def test_citation_cff_names_this_version():
    import yaml
    from configparser import ConfigParser
    cff = yaml.safe_load((ROOT/'CITATION.cff').read_text())
    ini = ConfigParser(); ini.read(ROOT/'settings.ini')
    assert {'cff-version', 'message', 'title', 'authors', 'version', 'license'} <= set(cff)
    assert cff['version'] == ini['DEFAULT']['version'] and cff['license'] == 'Apache-2.0'

def test_run_commands_explain_the_data_layout():
    exe = shutil.which('cloudsonar', path=str(BIN)) or 'cloudsonar'
    f = subprocess.run([exe, 'run-flight', '--help'], capture_output=True, text=True).stdout
    assert '--product-format' in f and '_frame_<n>.jpg' in f and 'AZURE_STORAGE_CONNECTION_STRING' in f
    b = subprocess.run([exe, 'run-bag', '--help'], capture_output=True, text=True).stdout
    assert '<stamp>_data.bag' in b and 'sensors/msg/SonoptixECHO' in b and '(default: 0.2)' in b

def _install_cell(url='https://example.org/cloudsonar.git'):
    cells = json.loads((ROOT/'nbs'/'40_tutorial.ipynb').read_text())['cells']
    src = next(''.join(c['source']) for c in cells if c['cell_type'] == 'code' and 'REPO_URL =' in ''.join(c['source']))
    return src if url is None else re.sub(r"REPO_URL = '[^']*'", f"REPO_URL = {url!r}", src, count=1)

def _run_install(src, monkeypatch, importable=False):
    "Run the tutorial's install cell with pip and git replaced by a recorder; return the commands it ran."
    import importlib.util, subprocess as sp
    calls, real = [], importlib.util.find_spec
    monkeypatch.setattr(importlib.util, 'find_spec', lambda name, *a: real(name, *a) if importable or name != 'cloudsonar' else None)
    monkeypatch.setattr(sp, 'run', lambda cmd, **kw: calls.append([str(c) for c in cmd]))
    monkeypatch.setattr(sys, 'path', list(sys.path))
    exec(src, {})
    return calls

def test_tutorial_install_cell_in_a_fresh_colab(tmp_path, monkeypatch):
    import types
    monkeypatch.chdir(tmp_path); monkeypatch.setitem(sys.modules, 'google.colab', types.ModuleType('google.colab'))
    assert _run_install(_install_cell(), monkeypatch) == [
        ['git', 'clone', '--depth', '1', 'https://example.org/cloudsonar.git', '/content/cloudsonar'],
        [sys.executable, '-m', 'pip', 'install', '-q', '-e', '/content/cloudsonar']]

def test_tutorial_install_cell_in_a_checkout_installs_its_root_not_nbs(tmp_path, monkeypatch):
    (tmp_path/'nbs'/'pipelines').mkdir(parents=True); (tmp_path/'settings.ini').write_text('[DEFAULT]\n')
    monkeypatch.chdir(tmp_path/'nbs'); monkeypatch.delitem(sys.modules, 'google.colab', raising=False)
    assert _run_install(_install_cell(), monkeypatch) == [[sys.executable, '-m', 'pip', 'install', '-q', '-e', str(tmp_path)]]

def test_tutorial_install_cell_asks_for_the_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path); monkeypatch.delitem(sys.modules, 'google.colab', raising=False)
    with pytest.raises(RuntimeError, match='REPO_URL'): _run_install(_install_cell(None), monkeypatch)

def test_tutorial_install_cell_skips_when_installed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run_install(_install_cell(None), monkeypatch, importable=True) == []
