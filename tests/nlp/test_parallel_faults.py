"""Fault injection for parse_corpus on a Dask cluster: killed workers and hanging tasks.

A worker plugin (installed on every worker, restarted ones too) makes the partition that
holds one chosen letter kill its worker process (``os._exit``, as the OOM killer would) or
hang. parse_corpus must neither hang nor blame healthy letters, and must leave no folder.
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import pandas as pd
import pytest

from discourse.errors import PipelineError
from discourse.nlp import cluster
from discourse.nlp.parallel import parse_corpus

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
cloudpickle = pytest.importorskip("cloudpickle")
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/

# one letter per partition (partition_size=1); "kst-36410-13" is the poisoned one
LETTERS = pd.DataFrame(
    {
        "doc_id": ["kst-36410-12", "kst-36410-13", "kst-32847-1120", "kst-29544-1201"],
        "text": [
            "Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de woningbouw.",
            "Geachte voorzitter,\n\nIn deze brief ga ik in op de motie over de huurgrens.",
            "Geachte voorzitter,\n\nMet deze brief stuur ik u de monitor Wonen en zorg.",
            "Geachte voorzitter,\n\nDe arbeidsmarkt blijft krap, zo blijkt uit de cijfers.",
        ],
    }
)
POISONED = "kst-36410-13"
HEALTHY = [d for d in LETTERS["doc_id"] if d != POISONED]


class Fault(distributed.WorkerPlugin):
    """Make the partition holding ``doc`` exit the worker process or hang."""

    def __init__(self, doc: str, mode: str) -> None:
        self.doc, self.mode = doc, mode

    def setup(self, worker) -> None:
        from discourse.nlp import cluster as parallel  # where the task calls tokens()

        original, doc, mode = parallel.tokens, self.doc, self.mode

        def faulty(segs, **kwargs):
            if doc in set(segs["doc_id"].astype(str)):
                if mode == "exit":
                    os._exit(1)
                time.sleep(3600)
            return original(segs, **kwargs)

        parallel.tokens = faulty


def _cluster(n_workers: int) -> distributed.LocalCluster:
    # a task dies with its worker twice at most; only running tasks sit on a worker
    config = {
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with warnings.catch_warnings(), dask.config.set(config):
        warnings.simplefilter("ignore")
        return distributed.LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )


def _parse(client, out, timeout: float):
    return parse_corpus(
        LETTERS, out, pipeline="builtin", client=client, partition_size=1, timeout=timeout
    )


def test_killed_worker_names_its_documents(tmp_path) -> None:
    with _cluster(2) as local, distributed.Client(local) as client:
        client.register_plugin(Fault(POISONED, "exit"))
        with pytest.raises(PipelineError, match=rf"\[{POISONED}\]: its worker died") as err:
            _parse(client, tmp_path / "tokens", timeout=120)
    assert not any(doc in str(err.value) for doc in HEALTHY)
    assert not list(tmp_path.iterdir())


def test_hanging_partition_meets_the_deadline(tmp_path) -> None:
    with _cluster(2) as local, distributed.Client(local) as client:
        client.register_plugin(Fault(POISONED, "hang"))
        with pytest.raises(PipelineError, match=rf"\[{POISONED}\] not finished.*timeout=15") as err:
            _parse(client, tmp_path / "tokens", timeout=15)
    assert not any(doc in str(err.value) for doc in HEALTHY)
    assert not list(tmp_path.iterdir())


def test_a_cluster_without_workers_is_an_error_not_a_hang(tmp_path, monkeypatch) -> None:
    """The worker is killed and not restarted: no worker is left to run the rest."""
    monkeypatch.setattr(cluster, "NO_WORKERS_SECONDS", 2.0)
    with _cluster(1) as local, distributed.Client(local) as client:
        client.register_plugin(Fault(POISONED, "exit"))
        for nanny in local.workers.values():
            nanny.close_gracefully()  # a dead worker stays dead
        with pytest.raises(
            PipelineError, match=rf"{POISONED}\] not run: the cluster has had no workers"
        ):
            _parse(client, tmp_path / "tokens", timeout=60)
    assert not list(tmp_path.iterdir())
