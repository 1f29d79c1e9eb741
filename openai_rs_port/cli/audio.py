"""``speech`` and ``transcribe``."""

from __future__ import annotations

import click

from ..types import (
    AudioInput,
    AudioResponseFormat,
    CreateSpeechRequestArgs,
    CreateTranscriptionRequestArgs,
    SpeechResponseFormat,
    Voice,
)
from .config import Settings, pass_settings
from .inputs import text_or_stdin
from .options import json_option
from .output import emit_json


@click.command()
@click.argument("text", required=False)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--voice", default="alloy", show_default=True, type=click.Choice([str(v) for v in Voice]))
@click.option("--model", default="tts-1", show_default=True)
@click.option("--format", "fmt", default="mp3", show_default=True,
              type=click.Choice([str(f) for f in SpeechResponseFormat]))
@json_option
@pass_settings
def speech(settings: Settings, text: str | None, output: str, voice: str, model: str, fmt: str) -> None:
    """Say TEXT (or stdin) and write the audio to OUTPUT."""
    request = (CreateSpeechRequestArgs().input(text_or_stdin(text, "TEXT")).model(model).voice(voice)
               .response_format(fmt).build())
    audio = settings.client().audio().speech(request)
    audio.save(output)
    if settings.json:
        emit_json({"path": output, "bytes": len(audio.bytes)})
    else:
        click.echo(f"wrote {len(audio.bytes)} bytes to {output}")


@click.command()
@click.argument("audio_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", default="whisper-1", show_default=True)
@click.option("--format", "fmt", type=click.Choice([str(f) for f in AudioResponseFormat]),
              help="default: text, or json with --json")
@click.option("--language", help="the spoken language (ISO-639-1), if known")
@json_option
@pass_settings
def transcribe(settings: Settings, audio_file: str, model: str, fmt: str | None,
               language: str | None) -> None:
    """Transcribe AUDIO_FILE; prints the transcript in the format asked for."""
    if fmt is None:
        fmt = "json" if settings.json else "text"
    elif settings.json and fmt not in ("json", "verbose_json"):
        raise click.UsageError(f"--json prints JSON: it takes --format json or verbose_json, not {fmt}")
    args = (CreateTranscriptionRequestArgs().file(AudioInput.from_path(audio_file)).model(model)
            .response_format(fmt))
    if language is not None:
        args = args.language(language)
    body = settings.client().audio().transcribe_raw(args.build()).decode("utf-8")
    click.echo(body, nl=not body.endswith("\n"))
