"""The ``openai-rs`` group: global options, the commands, and how errors end the process."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ..error import OpenAIError
from . import errors
from .config import Settings

COMMANDS = {
    "chat": "chat:chat", "complete": "chat:complete", "embed": "embed:embed",
    "models": "models:models", "moderate": "models:moderate", "files": "files:files",
    "batch": "batch:batch", "speech": "audio:speech", "transcribe": "audio:transcribe",
    "serve": "local:serve", "bulk": "local:bulk", "demo": "local:demo",
}
"""Each command by its module and name, imported when run: a command loads only the types
it uses, which halves the start-up of most of them."""


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, name = spec.split(":")
        command: click.Command = getattr(importlib.import_module(f".{module}", __package__), name)
        return command


@click.group(cls=_Commands,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--api-base", metavar="URL", help="default: OPENAI_BASE_URL, else api.openai.com")
@click.option("--api-key-env", metavar="NAME",
              help="the environment variable holding the API key (default: OPENAI_API_KEY)")
@click.option("--org", metavar="ID", help="OpenAI-Organization (default: OPENAI_ORG_ID)")
@click.option("--project", metavar="ID", help="OpenAI-Project (default: OPENAI_PROJECT_ID)")
@click.option("--azure-endpoint", metavar="URL", help="Azure OpenAI: https://RESOURCE.openai.azure.com")
@click.option("--azure-deployment", metavar="NAME", help="Azure OpenAI: the deployment")
@click.option("--azure-api-version", metavar="VERSION", help="Azure OpenAI: api-version")
@click.option("--azure-api-key-env", metavar="NAME",
              help="Azure OpenAI: the variable holding the key (default: as --api-key-env)")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="per-request timeout")
@click.option("--max-retries", type=click.IntRange(min=0), help="retries of a failed request (default 2)")
@click.option("--json", "json_output", is_flag=True, help="JSON output instead of text")
@click.pass_context
def cli(ctx: click.Context, api_base: str | None, api_key_env: str | None, org: str | None,
        project: str | None, azure_endpoint: str | None, azure_deployment: str | None,
        azure_api_version: str | None, azure_api_key_env: str | None, timeout: float | None,
        max_retries: int | None, json_output: bool) -> None:
    """openai-rs: the OpenAI API from the shell, through openai_rs_port.

    Exit codes: 0 ok, 1 other errors, 2 usage errors, 3 API errors (an HTTP error status),
    4 connection errors and timeouts.
    """
    settings = ctx.ensure_object(Settings)
    settings.api_base = api_base
    settings.api_key_env = api_key_env
    settings.org = org
    settings.project = project
    settings.azure_endpoint = azure_endpoint
    settings.azure_deployment = azure_deployment
    settings.azure_api_version = azure_api_version
    settings.azure_api_key_env = azure_api_key_env
    settings.timeout = timeout
    settings.max_retries = max_retries
    settings.json = settings.json or json_output


def _fail(line: str, code: int) -> int:
    click.echo(line, err=True)
    return code


def run(argv: list[str]) -> int:
    """Run the group on ``argv`` and turn what ends it into an exit code (see ``errors``)."""
    try:
        result: Any = cli.main(args=argv, prog_name="openai-rs", standalone_mode=False)
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except click.exceptions.Abort:
        return _fail("error: aborted", errors.OTHER)
    except OpenAIError as e:
        code, line = errors.describe(e)
        return _fail(line, code)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python's own flush at exit
        # from failing on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return errors.OTHER
    except OSError as e:
        return _fail(f"error: {e}", errors.OTHER)
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0
