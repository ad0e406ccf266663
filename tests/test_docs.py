"""The docs build's markdown rewriting (tools/docs.py): pages, sections, Quarto syntax, links."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
import docs  # noqa: E402

def test_page_names_and_sections():
    assert docs.page_md('10_cloud_flight.ipynb') == 'cloud_flight.md'
    assert docs.page_md('29a_sonar_pipeline.ipynb') == 'sonar_pipeline.md'
    assert docs.page_md('pipelines/cloud_flight.ipynb') == 'pipelines/cloud_flight.md'
    assert docs.page_md('index.ipynb') == 'index.md'
    got = {n: docs.section(n) for n in ['index.ipynb', '03_products.ipynb', '13a_cloud_model.ipynb', '29a_sonar_pipeline.ipynb',
                                        '31_cli.ipynb', '39_hardening.ipynb', '40_tutorial.ipynb', 'pipelines/sonar_bag.ipynb']}
    assert got == {'index.ipynb': None, '03_products.ipynb': 'Foundations', '13a_cloud_model.ipynb': 'Cloud',
                   '29a_sonar_pipeline.ipynb': 'Sonar', '31_cli.ipynb': 'Running', '39_hardening.ipynb': 'Hardening',
                   '40_tutorial.ipynb': 'Tutorial', 'pipelines/sonar_bag.ipynb': 'Pipeline templates'}

def test_clean_quarto_outside_code_only():
    md = ('[source](x.md){target="_blank" style="float:right"}\n::: {.callout-note}\nkept\n:::\n#| echo: false\n'
          '```python\n#| not touched inside code\nx = 1\n```')
    assert docs.clean_quarto(md) == '[source](x.md)\nkept\n```python\n#| not touched inside code\nx = 1\n```'

def test_links_become_site_relative():
    s = docs.Site(['config.md', 'pipelines/cloud_flight.md', docs.source_md('cloudsonar/config.py')])
    s.anchors = {'config.md': {'error_metrics'}}
    host = 'https://cloudsonar.invalid/cloudsonar'
    assert s.doc_link('pipelines/cloud_flight.md', f'{host}/config.html#error_metrics') == '../config.md#error_metrics'
    assert s.doc_link('config.md', 'https://cloudsonar.github.io/cloudsonar/config.html') == 'config.md'
    assert s.doc_link('config.md', 'https://fastcore.fast.ai/basics.html#l') is None  # other sites keep their links
    md = ('[source](https://cloudsonar.invalid/cloudsonar/blob/main/cloudsonar/config.py#L41){target="_blank" style="x"}\n'
          f'see [`nowhere`]({host}/nowhere.html#x) and [`error_metrics`]({host}/config.html#error_metrics)')
    out = s.links('config.md', md)
    assert out == ('[source](source/cloudsonar/config.py.md#L-41){ .nb-source }\n'
                   'see `nowhere` and [`error_metrics`](config.md#error_metrics)'), out
    # an undocumented (private) name goes to its line in the module's source page
    lines = docs.def_lines('cloudsonar/config.py')
    priv = next(q for q in lines if q.startswith('_') and '.' not in q)
    url = next((u for u, (f, q) in s.syms.items() if f == 'cloudsonar/config.py' and q == priv), None)
    if url: assert s.doc_link('config.md', f'{host}/{url}') == f'source/cloudsonar/config.py.md#L-{lines[priv]}'

def test_cells_become_markdown(tmp_path):
    import base64
    from fastcore.basics import AttrDict
    import docs_render as R
    png = base64.b64encode(b'\x89PNG fake').decode()
    page = R.Page(tmp_path/'stage.md')
    code = AttrDict(cell_type='code', source='#| echo: false\nx = 1', outputs=[
        dict(output_type='stream', name='stdout', text=['n = 3\n']),
        dict(output_type='display_data', data={'image/png': png, 'text/plain': ['<Figure>']}),
        dict(output_type='execute_result', data={'text/html': ['<table></table>'], 'text/plain': ['df']}),
        dict(output_type='display_data', data={'application/vnd.jupyter.widget-view+json': {}, 'text/plain': ['VBox()']})])
    md = page.cell(code)
    assert md.split('\n\n') == ['```text\nn = 3\n```', '![figure](stage_files/out_1.png)',
                                '<div class="nb-output" markdown="0">\n<table></table>\n</div>',
                                '*(An interactive widget: run this notebook in JupyterLab to use it.)*'], md
    assert page.files == {'stage_files/out_1.png': b'\x89PNG fake'}
    shown = page.cell(AttrDict(cell_type='code', source='#| output: asis\nshow_doc(f)', outputs=[]))
    assert shown == '```python\nshow_doc(f)\n```'  # echo is not false: the source shows, without `#|` lines
    assert 'In [' not in md and 'Out[' not in md
