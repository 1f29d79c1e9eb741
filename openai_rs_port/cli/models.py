"""``models`` (list), ``models get ID`` and ``moderate``."""

from __future__ import annotations

import click

from ..types import CreateModerationRequestArgs
from .config import Settings, pass_settings
from .inputs import text_or_stdin
from .options import json_option
from .output import emit_json


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def models(ctx: click.Context) -> None:
    """List the models (one id and owner a line), or `models get ID`."""
    if ctx.invoked_subcommand is not None:
        return
    settings = ctx.find_object(Settings)
    assert settings is not None  # the group's own object
    found = settings.client().models().list().data
    if settings.json:
        emit_json(found)
        return
    for m in found:
        click.echo(f"{m.id}\t{m.owned_by or ''}")


@models.command("get")
@click.argument("model_id")
@json_option
@pass_settings
def get(settings: Settings, model_id: str) -> None:
    """Show one model."""
    m = settings.client().models().retrieve(model_id)
    if settings.json:
        emit_json(m)
    else:
        click.echo(f"{m.id}\t{m.owned_by or ''}\tcreated {m.created}")


@click.command()
@click.argument("text", required=False)
@click.option("--model", default=None, help="default: the API's (omni-moderation-latest)")
@json_option
@pass_settings
def moderate(settings: Settings, text: str | None, model: str | None) -> None:
    """Classify TEXT (or stdin): prints `flagged: <categories>` or `not flagged`."""
    args = CreateModerationRequestArgs().input(text_or_stdin(text, "TEXT"))
    if model is not None:
        args = args.model(model)
    response = settings.client().moderations().create(args.build())
    if settings.json:
        emit_json(response)
        return
    for result in response.results:
        if result.flagged:
            # to_dict gives the wire names (hate/threatening, ...), as the API spells them.
            flagged = [k for k, v in result.categories.to_dict().items() if v]
            click.echo("flagged: " + ", ".join(flagged))
        else:
            click.echo("not flagged")

