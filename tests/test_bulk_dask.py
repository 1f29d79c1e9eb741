"""The bulk runner over a dask.distributed LocalCluster of 2 workers, against the local server:
every request answered once, results back in custom_id order, the limit shared."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Dask is in the test extra: a missing one fails here rather than skipping.
import dask.bag as dask_bag
import dask.dataframe as dd
import distributed
import pandas as pd
import pytest
from conftest import TEST_KEY
from local_server import CHAT

from openai_rs_port import OpenAIConfig
from openai_rs_port.bulk.dask import run_bag, run_dataframe
from openai_rs_port.testing import MockOpenAIServer


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True,
                                  dashboard_address=None, silence_logs=40) as c, \
            distributed.Client(c) as client:
        yield client


def _shares() -> list[float]:
    # Runs on a worker: the shares of the runners it keeps (one per settings).
    from openai_rs_port.bulk import dask as bulk_dask

    return [w.control.share for w in bulk_dask._WORKERS.values()]


def lines(n: int) -> list[dict[str, Any]]:
    return [{"custom_id": f"d-{i:04d}", "method": "POST", "url": CHAT,
             "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"d-{i:04d}"}]}}
            for i in range(n)]


def test_a_bag_runs_on_two_workers_each_request_once(cluster: Any, local_server: MockOpenAIServer,
                                                     tmp_path: Path) -> None:
    local_server.reset()
    config = OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url)
    items = lines(80)
    # Reversed: the results come back sorted by custom_id whatever the input order.
    bag = dask_bag.from_sequence(items[::-1], npartitions=6)
    out = run_bag(bag, tmp_path / "parts", config=config)
    assert [x["custom_id"] for x in out] == [x["custom_id"] for x in items]
    assert all(x["response"]["body"]["choices"][0]["message"]["content"] == f"Echo: {x['custom_id']}"
               for x in out)
    sent = Counter(json.loads(r.body)["messages"][0]["content"] for r in local_server.requests(CHAT))
    assert sent == Counter(x["custom_id"] for x in items)
    assert len(list((tmp_path / "parts").glob("part-*.jsonl"))) == 6
    # A worker that ran partitions made one client and one control holding half the limits
    # (the scheduler may give all six to one worker).
    shares = cluster.run(_shares)
    assert len(shares) == 2 and all(v in ([0.5], []) for v in shares.values())
    assert any(shares.values())
    # Run again on the same folder: every partition resumes, nothing is sent.
    local_server.reset()
    again = run_bag(bag, tmp_path / "parts", config=config)
    assert [x["custom_id"] for x in again] == [x["custom_id"] for x in items]
    assert local_server.requests(CHAT) == []
    local_server.reset()


def test_a_data_frame_runs_too(cluster: Any, local_server: MockOpenAIServer, tmp_path: Path) -> None:
    local_server.reset()
    items = lines(10)
    frame = dd.from_pandas(pd.DataFrame(items), npartitions=2)
    out = run_dataframe(frame, tmp_path, config=OpenAIConfig(api_key=TEST_KEY,
                                                             api_base=local_server.base_url))
    assert [x["custom_id"] for x in out] == [x["custom_id"] for x in items]
    local_server.reset()
