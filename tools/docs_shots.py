"""A small run of both pipelines through the public API, for the screenshots of what a user gets.

`python tools/docs_shots.py FOLDER` (with CLOUDSONAR_HOME=FOLDER, so nothing is written elsewhere): a
small synthetic flight through `cloudsonar.pipelines.run_flight` (its `report.html`) and a short
synthetic bag collection through `run_bag` (its annotated video). Prints one JSON line
{report, video, seconds}. tools/docs_check.py screenshots the report and a middle frame of the video."""
import json, sys, time
from pathlib import Path

FLIGHT = dict(n_frames=21, size=256, truth_material=False)  # the pipeline's own small flight
BAG_SECONDS = 3.0  # the simulator's default (smallest) collection

def small_run(folder):
    "Run one tiny flight and one tiny bag into `folder`; the report, the video and the seconds taken."
    from cloudsonar.pipelines import run_flight, run_bag
    from cloudsonar.config import config_folder
    from cloudsonar.cloud.synth import FlightSynthConfig
    from cloudsonar.cloud.pipeline import synthetic_flight
    from cloudsonar.sonar.synth import synth_collection, SonarSynthConfig
    folder, t0, date = Path(folder), time.time(), '20240601'
    froot = synthetic_flight(folder/'generated', date, FlightSynthConfig(**FLIGHT))
    run_flight(date, source=froot, output_dir=folder/'flights', progress=False)
    report = folder/'flights'/date/'report.html'
    scfg = SonarSynthConfig(duration_s=BAG_SECONDS)
    coll = synth_collection(config_folder(folder/'generated', 'bags', scfg), scfg, progress=False)
    nb = run_bag(coll.video, output_dir=folder/'bags', progress=False)
    m = json.loads((Path(nb).parent/'metrics.json').read_text())
    video = (m.get('video') or {}).get('path')
    return dict(report=str(report), video=str(video) if video else None, seconds=round(time.time() - t0, 1))

if __name__ == '__main__': print(json.dumps(small_run(sys.argv[1])))
