"""``batch submit`` (upload, create, follow) and ``batch results`` (joined by ``custom_id``)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from .. import Client
from ..types import Batch, BatchEndpoint, BatchRequestArgs, UploadPurpose
from ..uploads import MAX_PART_SIZE
from .config import Settings, pass_settings
from .errors import Failure
from .files import upload
from .options import json_option
from .output import bar, emit_json

FINAL = frozenset({"completed", "failed", "expired", "cancelled"})


def _summary(b: Batch) -> str:
    c = b.request_counts
    counts = f"{c.completed}/{c.total} completed, {c.failed} failed" if c is not None else "no counts"
    return f"{b.id}\t{b.status}\t{counts}\toutput {b.output_file_id or '-'}\terrors {b.error_file_id or '-'}"


def follow(client: Client, batch: Batch, interval: float) -> Batch:
    """Retrieve ``batch`` every ``interval`` seconds until it is final; a bar of requests done."""
    with bar(None, "req", batch.id) as b:
        while str(batch.status) not in FINAL:
            time.sleep(interval)
            batch = client.batches().retrieve(batch.id)
            counts = batch.request_counts
            if counts is not None:
                b.total = counts.total
                b.n = counts.completed + counts.failed
            b.set_postfix_str(str(batch.status), refresh=True)
    return batch


@click.group()
def batch() -> None:
    """Run a JSONL of requests on the Batch API, and fetch its results."""


@batch.command()
@click.argument("path", metavar="FILE.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.option("--endpoint", required=True, type=click.Choice([str(e) for e in BatchEndpoint]))
@click.option("--completion-window", default="24h", show_default=True)
@click.option("--wait", is_flag=True, help="follow the batch until it ends")
@click.option("--poll-interval", type=click.FloatRange(min=0), default=5.0, show_default=True,
              help="seconds between retrieves with --wait")
@click.option("--part-size", type=click.IntRange(1, MAX_PART_SIZE), default=MAX_PART_SIZE, hidden=True)
@json_option
@pass_settings
def submit(settings: Settings, path: str, endpoint: str, completion_window: str, wait: bool,
           poll_interval: float, part_size: int) -> None:
    """Upload FILE.jsonl, create a batch of it and print it (with --wait: once it has ended).

    With --wait, a batch that does not complete (failed, expired, cancelled) exits with 1.
    """
    client = settings.client()
    f = upload(client, path, str(UploadPurpose.BATCH), part_size)
    request = (BatchRequestArgs().input_file_id(f.id).endpoint(endpoint)
               .completion_window(completion_window).build())
    created = client.batches().create(request)
    done = follow(client, created, poll_interval) if wait else created
    if settings.json:
        emit_json(done)
    else:
        click.echo(_summary(done))
    if wait and str(done.status) != "completed":
        raise Failure(f"batch {done.id} ended {done.status}")


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in data.splitlines() if raw.strip()]


@batch.command()
@click.argument("batch_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write the JSONL here (default: stdout)")
@json_option
@pass_settings
def results(settings: Settings, batch_id: str, output: str | None) -> None:
    """Join a batch's input lines to its output and error lines by custom_id, as JSONL.

    One line per input line, in input order: custom_id, request (the body sent),
    status_code, response (the body answered) and error; a request with no result line
    has all three null. A summary goes to stderr (with --json and -o, to stdout as JSON).
    """
    client = settings.client()
    b = client.batches().retrieve(batch_id)
    if b.output_file_id is None and b.error_file_id is None:
        raise Failure(f"batch {batch_id} is {b.status}: it has no results yet")
    answers: dict[str, dict[str, Any]] = {}
    for file_id in (b.output_file_id, b.error_file_id):
        if file_id is not None:
            for line in _lines(client.files().content(file_id)):
                answers[line["custom_id"]] = line
    counts = {"ok": 0, "failed": 0, "missing": 0}
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for line in _lines(client.files().content(b.input_file_id)):
            answer = answers.get(line["custom_id"])
            response = (answer or {}).get("response") or {}
            error = (answer or {}).get("error")
            status = response.get("status_code")
            kind = "missing" if answer is None else "ok" if status == 200 and error is None else "failed"
            counts[kind] += 1
            joined = {"custom_id": line["custom_id"], "request": line.get("body"),
                      "status_code": status, "response": response.get("body"), "error": error}
            out.write(json.dumps(joined, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    where = output or "stdout"
    if settings.json and output:
        emit_json({"batch_id": batch_id, "path": output, **counts})
    else:
        click.echo(f"{sum(counts.values())} results ({counts['ok']} ok, {counts['failed']} failed, "
                   f"{counts['missing']} missing) -> {where}", err=True)
