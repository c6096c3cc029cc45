"""A run on a Dask cluster plays the same games as a local run."""

from __future__ import annotations

import numpy as np

from lifespin.lab import load_experiment, run_experiment
from lifespin.lab.run import FIELDS


def test_local_cluster_gives_the_local_answer() -> None:
    from distributed import Client, LocalCluster

    exp = load_experiment("children")
    kw = {"precision": 0.001, "games": 800, "step": 400, "seed": 9, "ledger": 0}
    local = run_experiment(exp, "classic", **kw)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        remote = run_experiment(exp, "classic", cluster=client, **kw)
    assert remote.chunks == local.chunks == [400, 400]
    for a, b in zip(local.arms, remote.arms, strict=True):
        for f in (*FIELDS, "kinds"):
            assert np.array_equal(a.data[f], b.data[f]), f
    assert remote.sentence() == local.sentence()
