"""``serve`` (the bundled local server), ``bulk`` (the bulk runner) and ``demo``."""

from __future__ import annotations

import os

import click

from .config import Settings, pass_settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="0 picks a free port (printed on the serving line)")
@click.option("--api-key", default=None,
              help="answer 401 unless 'Authorization: Bearer KEY' is sent (a test value, not a secret)")
@click.option("--page-size", type=click.IntRange(min=1), default=None,
              help="the default 'limit' of every paginated list")
def serve(host: str, port: int, api_key: str | None, page_size: int | None) -> None:
    """Serve the local OpenAI-compatible server in the foreground (Ctrl-C stops it)."""
    from ..testing.__main__ import serve as serve_forever

    serve_forever(host, port, api_key=api_key, page_size=page_size)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                 "help_option_names": []}, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@pass_settings
def bulk(settings: Settings, args: tuple[str, ...]) -> None:
    """Run a Batch API input file live under the rate limit (`openai-rs bulk --help`).

    The arguments are python -m openai_rs_port.bulk's; the global --api-base,
    --api-key-env, --org and --project apply to it.
    """
    from ..bulk.__main__ import main as bulk_main

    if settings.azure_endpoint is not None:
        raise click.UsageError("bulk runs on OpenAI's config: the --azure-* flags do not apply")
    # The bulk runner reads its config from the environment (of this process only): the
    # global flags are handed over there, which keeps the key off any command line.
    config = settings.config()
    os.environ["OPENAI_BASE_URL"] = config.api_base
    if config.api_key:
        os.environ["OPENAI_API_KEY"] = config.api_key.expose_secret()
    for name, value in (("OPENAI_ORG_ID", settings.org), ("OPENAI_PROJECT_ID", settings.project)):
        if value is not None:
            os.environ[name] = value
    try:
        code = bulk_main(list(args))
    except SystemExit as e:  # argparse: --help is 0, a usage error 2
        code = e.code if isinstance(e.code, int) else 1
    raise click.exceptions.Exit(code)


@click.command()
def demo() -> None:
    """Run both clients against the bundled server, offline (python -m openai_rs_port demo)."""
    from ..__main__ import demo as run_demo

    raise click.exceptions.Exit(run_demo())
