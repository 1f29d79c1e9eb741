"""``upload_file(on_part=...)``: the hook behind ``openai-rs files upload``'s progress bar."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import Harness

from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types import UploadPurpose


def test_on_part_reports_each_part_once_after_it_is_added(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    data = os.urandom(10_000)
    path = tmp_path / "data.jsonl"
    path.write_bytes(data)
    seen: list[tuple[int, int]] = []

    def on_part(n: int) -> None:
        # The part is already on the server when it is reported.
        seen.append((n, sum(r.path.endswith("/parts") for r in local_server.requests())))

    done = local.call(local.client.uploads().upload_file(
        path, UploadPurpose.BATCH, part_size=4096, on_part=on_part))
    assert sorted(n for n, _ in seen) == [1808, 4096, 4096]
    assert all(arrived >= i + 1 for i, (_, arrived) in enumerate(seen))
    assert local.call(local.client.files().content(done.id)) == data
