"""Runs the published Python client `grafana-client` against grafana-sim.

Each test runs once per Grafana version in GRAFANA_SIM_VERSIONS (default
"10.4,12.1"); every version gets its own grafana-sim, started on a free
loopback port with tests/client/seed.json, for the whole session.
GRAFANA_SIM_BIN names the binary (default: <CARGO_TARGET_DIR or ./target>/debug/grafana-sim).
"""

import os
import pathlib
import subprocess

import pytest
from grafana_client import GrafanaApi

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VERSIONS = [v.strip() for v in os.environ.get("GRAFANA_SIM_VERSIONS", "10.4,12.1").split(",") if v.strip()]


def sim_binary() -> str:
    explicit = os.environ.get("GRAFANA_SIM_BIN")
    if explicit:
        return explicit
    target = os.environ.get("CARGO_TARGET_DIR") or str(ROOT / "target")
    return str(pathlib.Path(target) / "debug" / "grafana-sim")


class Sim:
    """A running grafana-sim: its version, host and port, and client factories."""

    def __init__(self, version: str):
        self.version = version
        self.proc = subprocess.Popen(
            [
                sim_binary(),
                "--listen", "127.0.0.1:0",
                "--grafana-version", version,
                "--seed", str(HERE / "seed.json"),
                "--quiet",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        if not line.startswith("grafana-sim listening on http://"):
            self.proc.kill()
            raise RuntimeError(f"grafana-sim did not start: {line!r} {self.proc.stderr.read()!r}")
        # "grafana-sim listening on http://127.0.0.1:PORT (Grafana X.Y.Z)"
        address = line.split("http://", 1)[1].split()[0]
        self.host, port = address.rsplit(":", 1)
        self.port = int(port)
        self.full_version = line.rsplit("(Grafana ", 1)[1].rstrip(")\n")

    def api(self, auth=("admin", "admin"), organization_id=None) -> GrafanaApi:
        return GrafanaApi(auth=auth, host=self.host, port=self.port, organization_id=organization_id, timeout=10)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session", params=VERSIONS, ids=lambda v: f"grafana-{v}")
def sim(request):
    s = Sim(request.param)
    yield s
    s.stop()


@pytest.fixture
def api(sim) -> GrafanaApi:
    return sim.api()
