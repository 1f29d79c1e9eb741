"""``embed``: JSONL, one object per input."""

from __future__ import annotations

import json

import click

from ..types import CreateEmbeddingRequestArgs
from .config import Settings, pass_settings
from .inputs import lines_or_stdin
from .options import json_option


@click.command()
@click.argument("texts", nargs=-1)
@click.option("--model", default="text-embedding-3-small", show_default=True)
@click.option("--dimensions", type=click.IntRange(min=1))
@json_option
@pass_settings
def embed(settings: Settings, texts: tuple[str, ...], model: str, dimensions: int | None) -> None:
    """Embed each TEXT (or each line of stdin) and write JSONL: index, text, embedding.

    The output is JSONL with or without --json.
    """
    inputs = lines_or_stdin(texts, "TEXT")
    if not inputs:
        raise click.UsageError("nothing to embed: stdin had no lines")
    args = CreateEmbeddingRequestArgs().model(model).input(inputs)
    if dimensions is not None:
        args = args.dimensions(dimensions)
    response = settings.client().embeddings().create(args.build())
    for item in sorted(response.data, key=lambda e: e.index):
        click.echo(json.dumps({"index": item.index, "text": inputs[item.index],
                               "embedding": item.embedding}))
