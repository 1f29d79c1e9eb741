"""Serve in the foreground.

``python -m openai_rs_port.testing [--host H] [--port P] [--api-key K] [--page-size N]``
"""

from __future__ import annotations

import argparse
import threading

from .server import MockOpenAIServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m openai_rs_port.testing",
        description="A deterministic OpenAI-compatible server for demos and offline tests.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--api-key", default=None, help="answer 401 unless 'Authorization: Bearer KEY' is sent"
    )
    parser.add_argument(
        "--page-size", type=int, default=None,
        help="the default 'limit' of every paginated list (default: each list's own)",
    )
    args = parser.parse_args(argv)
    serve(args.host, args.port, api_key=args.api_key, page_size=args.page_size)


def serve(host: str, port: int, *, api_key: str | None = None, page_size: int | None = None) -> None:
    """Serve on ``host:port`` until interrupted (``openai-rs serve`` runs this too).

    The "serving" line is printed once the server answers, with the port it got (``port``
    0 picks a free one), so a caller may connect as soon as it reads that line.
    """
    server = MockOpenAIServer(host, port, api_key=api_key, page_size=page_size)
    print(f"serving an OpenAI-compatible API at {server.start()}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
