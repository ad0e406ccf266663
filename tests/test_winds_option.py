"Model winds reach the cloud_flight pipeline: the --winds option, its path, its errors and the job fingerprint."
import contextlib, io, os
from pathlib import Path
import papermill as pm
import pytest
from cloudsonar.cli import build_parser, main, _flight_params
from cloudsonar.config import ConfigError
from cloudsonar.pipelines import Job, flight_job, is_complete, make_template, pipeline_template, run_job, write_marker, winds_note

DATE = '20240601'

@pytest.fixture
def flight(tmp_path):
    "A local flight store with the date folder, an output root and a small winds file."
    (tmp_path/'src'/DATE).mkdir(parents=True)
    w = tmp_path/'era5_pressure_levels_20240601.nc'; w.write_bytes(b'CDF\x01 one')
    return tmp_path/'src', tmp_path/'out', w

def _cli(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try: rc = main(argv)
        except SystemExit as e: rc = e.code
    return rc, out.getvalue(), err.getvalue()

@pytest.mark.parametrize('cmd', [['run-flight', DATE], ['batch', '--dates', DATE]])
def test_help_explains_winds_with_its_default(cmd):
    sub = next(a for a in build_parser()._actions if a.dest == 'cmd').choices[cmd[0]]
    h = ' '.join(sub.format_help().split())
    assert '--winds FILE' in h and 'ERA5 pressure-level NetCDF' in h and 'sounding CSV (height_m, u_ms, v_ms[, time])' in h
    assert 'a local file, also with an azure:// --source (default: none;' in h

@pytest.mark.parametrize('cmd', [['run-flight', DATE], ['batch', '--dates', DATE]])
def test_winds_reaches_the_template_as_an_absolute_path(flight, monkeypatch, cmd):
    src, out, w = flight
    monkeypatch.chdir(w.parent)
    params = _flight_params(build_parser().parse_args(cmd + ['--winds', w.name]))
    j = flight_job(DATE, source=src, output_dir=out, **params)
    assert j.params['winds'] == str(w.resolve()) and Path(j.params['winds']).is_absolute()
    assert 'winds' in pm.inspect_notebook(str(pipeline_template('cloud_flight')))
    assert j.inputs == (str(src/DATE), str(w.resolve()))

def test_home_relative_winds_is_expanded(flight, monkeypatch):
    src, out, w = flight
    monkeypatch.setenv('HOME', str(w.parent))
    assert flight_job(DATE, source=src, output_dir=out, winds='~/' + w.name).params['winds'] == str(w.resolve())

def test_no_winds_passes_no_parameter(flight):
    src, out, _ = flight
    for none in (None, ''):
        j = flight_job(DATE, source=src, output_dir=out, winds=none)
        assert 'winds' not in j.params and j.inputs == (str(src/DATE),)

@pytest.mark.parametrize('cmd', [['run-flight', DATE], ['batch', '--dates', DATE]])
def test_missing_winds_file_is_one_clear_error_before_any_kernel(flight, cmd, monkeypatch):
    src, out, w = flight
    monkeypatch.setenv('CLOUDSONAR_HOME', str(w.parent/'home'))   # main sets it from --home: restored afterwards
    missing = w.parent/'era5_typo.nc'
    rc, stdout, err = _cli(['--home', str(w.parent/'home'), *cmd, '--source', str(src), '--output-dir', str(out), '--winds', str(missing)])
    assert rc == 1 and err.count('\n') == 1 and 'Traceback' not in err
    assert f'{missing} not found' in err and 'sounding CSV' in err
    assert not (out/DATE/'cloud_flight.executed.ipynb').exists()   # refused before papermill started

def test_winds_that_is_a_folder_or_remote_is_refused(flight):
    src, out, w = flight
    with pytest.raises(ConfigError, match='not a file'): flight_job(DATE, source=src, output_dir=out, winds=w.parent)
    with pytest.raises(ConfigError, match='local file'): flight_job(DATE, source='azure://c/p', output_dir=out, winds='azure://c/era5.nc')

def test_fingerprint_follows_the_winds_file(flight):
    src, out, w = flight
    job = lambda winds=w: flight_job(DATE, source=src, output_dir=out, winds=winds)
    fp = job().fingerprint()
    assert job().fingerprint() == fp                                     # same file, same recipe
    assert flight_job(DATE, source=src, output_dir=out).fingerprint() != fp  # with and without winds differ
    w.write_bytes(b'CDF\x01 two, other winds'); fp2 = job().fingerprint()
    assert fp2 != fp                                                     # new content
    st = w.stat(); os.utime(w, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert job().fingerprint() != fp2                                    # same size, rewritten later
    other = w.with_name('sounding.csv'); other.write_bytes(w.read_bytes()); os.utime(other, ns=(w.stat().st_atime_ns, w.stat().st_mtime_ns))
    assert job(other).fingerprint() != job().fingerprint()               # another file

def test_a_changed_winds_file_makes_a_complete_flight_job_run_again(flight):
    src, out, w = flight
    j = flight_job(DATE, source=src, output_dir=out, winds=w)
    Path(j.out_dir).mkdir(parents=True); write_marker(j.out_dir, fp=j.fingerprint())   # as a finished run leaves it
    assert is_complete(j.out_dir, flight_job(DATE, source=src, output_dir=out, winds=w).fingerprint())
    w.write_bytes(b'CDF\x01 the winds were downloaded again')
    assert not is_complete(j.out_dir, flight_job(DATE, source=src, output_dir=out, winds=w).fingerprint())

def test_run_job_reruns_when_the_winds_file_changes(tmp_path):
    w = tmp_path/'sounding.csv'; w.write_text('height_m,u_ms,v_ms\n10000,5,1\n')
    tpl = make_template(tmp_path/'uses_winds.ipynb', ["winds = ''", "from pathlib import Path\nPath('seen.txt').write_text(Path(winds).read_text())"])
    job = Job('w', str(tpl), str(tmp_path/'out'), params={'winds': str(w)}, inputs=(str(w),))
    assert run_job(job)['status'] == 'ok' and run_job(job)['status'] == 'skipped'
    w.write_text('height_m,u_ms,v_ms\n10000,7,2\n')
    assert run_job(job)['status'] == 'ok'
    assert (tmp_path/'out'/'seen.txt').read_text().endswith('7,2\n')

def test_the_notice_names_the_winds_file():
    f = Path('/data/generated/flights_x')/DATE/'model_winds'/f'era5_pressure_levels_{DATE}.nc'
    assert winds_note(None) == '' and winds_note([]) == ''
    assert winds_note(f).startswith(f"The heights use the simulator's model-wind file {f} (")

def _generated(monkeypatch, tmp_path):
    "Stand-ins for the generated flight's winds and the runners: record what the commands pass on."
    import cloudsonar.pipelines as P
    import pandas as pd
    sims, seen = {}, {}
    def fake_winds(date, seed=0):
        f = tmp_path/'gen'/date/'model_winds'/f'era5_pressure_levels_{date}.nc'; f.parent.mkdir(parents=True, exist_ok=True); f.write_bytes(b'CDF')
        sims[date] = f; return f
    def fake_batch(jobs, **kw):
        seen['jobs'] = jobs
        return pd.DataFrame([dict(job=j.name, status='ok', seconds=0.0, output=j.out_dir, error='') for j in jobs])
    monkeypatch.setattr(P, 'generated_winds', fake_winds); monkeypatch.setattr(P, 'run_batch', fake_batch)
    monkeypatch.setattr(P, 'run_flight', lambda date, **kw: seen.update(run_flight=kw) or Path(kw['output_dir'] or tmp_path)/'x.ipynb')
    monkeypatch.setenv('CLOUDSONAR_HOME', str(tmp_path/'home'))
    return sims, seen

def test_without_source_the_generated_flights_winds_are_used_and_named(flight, monkeypatch, tmp_path):
    src, out, w = flight
    sims, seen = _generated(monkeypatch, tmp_path)
    rc, stdout, err = _cli(['--home', str(tmp_path/'home'), 'run-flight', DATE, '--output-dir', str(out)])
    assert rc == 0 and seen['run_flight']['winds'] == sims[DATE]
    assert f"GENERATED (synthetic) data" in stdout and f"model-wind file {sims[DATE]} (" in stdout.splitlines()[0]
    rc, stdout, err = _cli(['--home', str(tmp_path/'home'), 'batch', '--dates', DATE, '20240602', '--output-dir', str(out)])
    assert rc == 0 and [j.params['winds'] for j in seen['jobs']] == [str(sims[DATE]), str(sims['20240602'])]
    assert 'model-wind files of the 2 dates' in stdout.splitlines()[0]

def test_given_winds_or_source_win_over_the_generated_ones(flight, monkeypatch, tmp_path):
    src, out, w = flight
    sims, seen = _generated(monkeypatch, tmp_path)
    rc, stdout, _ = _cli(['--home', str(tmp_path/'home'), 'run-flight', DATE, '--output-dir', str(out), '--winds', str(w)])
    assert rc == 0 and seen['run_flight']['winds'] == str(w) and 'model-wind' not in stdout and sims == {}
    rc, stdout, _ = _cli(['--home', str(tmp_path/'home'), 'batch', '--dates', DATE, '--source', str(src), '--output-dir', str(out)])
    assert rc == 0 and 'winds' not in seen['jobs'][0].params and 'GENERATED' not in stdout and sims == {}
