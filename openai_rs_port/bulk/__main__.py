"""``python -m openai_rs_port.bulk INPUT -o OUTPUT``: run a Batch API input file under the rate limit."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from .._async import AsyncClient
from ..config import OpenAIConfig
from . import parse_shard, run_bulk


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m openai_rs_port.bulk",
        description="Run a Batch API input file (JSONL) on the live endpoints under the rate "
                    "limit, appending Batch API output lines; run again with the same output "
                    "to resume.")
    p.add_argument("input", help="the JSONL file of requests (custom_id, method, url, body)")
    p.add_argument("-o", "--output", required=True, help="the output JSONL (appended, resumed)")
    p.add_argument("--shard", type=parse_shard, default=None, metavar="i/N",
                   help="only the custom_ids of shard i of N")
    p.add_argument("--max-concurrency", type=int, default=64)
    p.add_argument("--initial-concurrency", type=int, default=8)
    p.add_argument("--rpm", type=float, default=None, help="requests per minute, at most")
    p.add_argument("--tpm", type=float, default=None, help="tokens per minute, at most")
    p.add_argument("--window", type=float, default=60.0,
                   help="seconds the x-ratelimit-limit-* headers count over (default 60)")
    p.add_argument("--max-attempts", type=int, default=5)
    p.add_argument("--durable", action="store_true", help="fsync each output line")
    p.add_argument("--api-base", default=None, help="default: OPENAI_BASE_URL or OpenAI's")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None)
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)

    async def go() -> int:
        config = OpenAIConfig(api_base=args.api_base) if args.api_base else OpenAIConfig()
        async with AsyncClient(config) as client:
            summary = await run_bulk(
                args.input, args.output, client=client, shard=args.shard,
                max_concurrency=args.max_concurrency,
                initial_concurrency=args.initial_concurrency, rpm=args.rpm, tpm=args.tpm,
                window=args.window, max_attempts=args.max_attempts, durable=args.durable,
                progress=args.progress)
        print(summary.line(), file=sys.stderr)
        return 0 if summary.failed == 0 else 1

    return asyncio.run(go())


if __name__ == "__main__":
    sys.exit(main())
