"""``files upload|list|download|delete``."""

from __future__ import annotations

import os
import sys

import click

from .. import Client
from ..types import OpenAIFile, UploadPurpose
from ..uploads import MAX_PART_SIZE
from .config import Settings, pass_settings
from .options import json_option
from .output import bar, emit_json


def upload(client: Client, path: str, purpose: str, part_size: int) -> OpenAIFile:
    """Send ``path`` through the Uploads API in parts, with a bar of the bytes sent."""
    with bar(os.path.getsize(path), "B", os.path.basename(path), scale=True) as b:
        return client.uploads().upload_file(path, purpose, part_size=part_size, on_part=b.update)


def _line(f: OpenAIFile) -> str:
    return f"{f.id}\t{f.bytes}\t{f.purpose}\t{f.filename}"


@click.group()
def files() -> None:
    """Upload, list, download and delete files."""


@files.command("upload")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--purpose", required=True, type=click.Choice([str(p) for p in UploadPurpose]))
@click.option("--part-size", type=click.IntRange(1, MAX_PART_SIZE), default=MAX_PART_SIZE,
              show_default=True, help="bytes per part")
@json_option
@pass_settings
def upload_cmd(settings: Settings, path: str, purpose: str, part_size: int) -> None:
    """Upload PATH, of any size, in parts (a progress bar on a terminal); prints the new file."""
    f = upload(settings.client(), path, purpose, part_size)
    if settings.json:
        emit_json(f)
    else:
        click.echo(_line(f))


@files.command("list")
@click.option("--purpose", help="only files of this purpose")
@json_option
@pass_settings
def list_cmd(settings: Settings, purpose: str | None) -> None:
    """List every file (all pages): id, bytes, purpose, filename."""
    query = {"purpose": purpose} if purpose else None
    found = list(settings.client().files().list(query))
    if settings.json:
        emit_json(found)
    else:
        for f in found:
            click.echo(_line(f))


@files.command("download")
@click.argument("file_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write here (default: stdout)")
@json_option
@pass_settings
def download(settings: Settings, file_id: str, output: str | None) -> None:
    """Write the content of FILE_ID to a file, or to stdout as is."""
    data = settings.client().files().content(file_id)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    with open(output, "wb") as out:
        out.write(data)
    if settings.json:
        emit_json({"id": file_id, "path": output, "bytes": len(data)})
    else:
        click.echo(f"wrote {len(data)} bytes to {output}")


@files.command("delete")
@click.argument("file_id")
@json_option
@pass_settings
def delete(settings: Settings, file_id: str) -> None:
    """Delete FILE_ID."""
    done = settings.client().files().delete(file_id)
    if settings.json:
        emit_json(done)
    else:
        click.echo(f"deleted {done.id}")
