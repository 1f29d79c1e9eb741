"""``openai-rs``: every command through its real entry point (the console script), as a
subprocess, against a local server started here."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import TEST_KEY, free_port

from openai_rs_port import Client, OpenAIConfig
from openai_rs_port.cli import MISSING_EXTRA
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.testing.routes.audio import speech_bytes, transcript_text
from openai_rs_port.types import CreateFileRequestArgs, FilePurpose

OPENAI_RS = str(Path(sys.executable).parent / "openai-rs")
ERROR_LINE = re.compile(r"^error: 404 Not Found \(request req_\w+\): No such File object: (\S+)\n$")


@pytest.fixture(scope="module")
def server() -> Iterator[MockOpenAIServer]:
    with MockOpenAIServer() as s:
        yield s


@pytest.fixture(autouse=True)
def fresh(server: MockOpenAIServer) -> Iterator[None]:
    server.reset()
    yield
    server.reset()


def environ(server: MockOpenAIServer, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_"))}
    env.update({"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": TEST_KEY, **extra})
    return env


def run(server: MockOpenAIServer, *args: str, stdin: str | None = None, code: int = 0,
        env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([OPENAI_RS, *args], input=stdin, capture_output=True, text=True, timeout=60,
                          env=env or environ(server), cwd=cwd,
                          stdin=subprocess.DEVNULL if stdin is None else None)
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def last_json(server: MockOpenAIServer, path: str) -> Any:
    return server.requests(path)[-1].json()


def chunk(text: str) -> str:
    return "data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                                  "choices": [{"index": 0, "delta": {"content": text},
                                               "finish_reason": None}]}) + "\n\n"


def read_some(fd: int, want: bytes) -> bytes:
    """Read ``fd`` until ``want`` has arrived (10 s at most)."""
    got = b""
    while want not in got:
        ready, _, _ = select.select([fd], [], [], 10)
        assert ready, f"no {want!r} within 10 s; got {got!r}"
        data = os.read(fd, 4096)
        assert data, f"end of output before {want!r}; got {got!r}"
        got += data
    return got


def test_chat_streams_each_piece_as_it_arrives(server: MockOpenAIServer) -> None:
    server.script("/v1/chat/completions", {"sse": [chunk("one "), {"wait": "more"}, chunk("two"),
                                                   "data: [DONE]\n\n"]})
    proc = subprocess.Popen([OPENAI_RS, "chat", "hi"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=environ(server))
    try:
        assert proc.stdout is not None
        # "one" is on stdout while the server still holds "two": nothing waits for the end.
        assert read_some(proc.stdout.fileno(), b"one ") == b"one "
        server.gate("more").open()
        rest = proc.stdout.read()
        assert proc.wait(30) == 0 and rest == b"two\n"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_chat_from_the_argument_and_from_stdin_with_json(server: MockOpenAIServer) -> None:
    out = run(server, "chat", "Who won?", "--system", "Be terse.", "--model", "gpt-4o").stdout
    assert out == "Echo: Who won?\n"
    sent = last_json(server, "/v1/chat/completions")
    assert sent["model"] == "gpt-4o" and sent["stream"] is True
    assert sent["messages"] == [{"role": "system", "content": "Be terse."},
                                {"role": "user", "content": "Who won?"}]
    # No argument and a piped stdin: the prompt is stdin (its final newline dropped).
    assert run(server, "chat", stdin="from a pipe\n").stdout == "Echo: from a pipe\n"
    # --json after the command: the chunks merged into one chat.completion.
    completion = json.loads(run(server, "chat", "--json", "-", stdin="dash").stdout)
    assert completion["object"] == "chat.completion"
    assert completion["choices"][0]["message"] == {"role": "assistant", "content": "Echo: dash"}
    # Nothing to read: a usage error.
    assert "stdin is empty" in run(server, "chat", stdin="", code=2).stderr
    # A stream with no chunk at all is a failure, not an empty answer.
    server.script("/v1/chat/completions", {"sse": ["data: [DONE]\n\n"]})
    empty = run(server, "chat", "--json", "hi", code=1)
    assert empty.stderr == "error: the answer's stream ended before its first chunk\n" and empty.stdout == ""


def test_complete_embed_models_moderate(server: MockOpenAIServer) -> None:
    assert run(server, "complete", "Say this", "--max-tokens", "7").stdout == "Echo: Say this\n"
    assert last_json(server, "/v1/completions")["max_tokens"] == 7

    lines = run(server, "embed", "first", "second").stdout.splitlines()
    rows = [json.loads(x) for x in lines]
    assert [(r["index"], r["text"]) for r in rows] == [(0, "first"), (1, "second")]
    assert len(rows[0]["embedding"]) == len(rows[1]["embedding"]) > 0
    assert rows[0]["embedding"] != rows[1]["embedding"] and isinstance(rows[0]["embedding"][0], float)
    piped = [json.loads(x) for x in run(server, "embed", stdin="a\n\nb\n").stdout.splitlines()]
    assert [r["text"] for r in piped] == ["a", "b"]
    assert last_json(server, "/v1/embeddings")["input"] == ["a", "b"]

    listed = json.loads(run(server, "--json", "models").stdout)
    assert {"gpt-4o-mini", "text-embedding-3-small"} <= {m["id"] for m in listed}
    assert run(server, "models", "get", "gpt-4o").stdout == "gpt-4o\tsystem\tcreated 1700000000\n"

    assert run(server, "moderate", "violence and hate").stdout == "flagged: hate, violence\n"
    verdict = json.loads(run(server, "moderate", "--json", "a kind word").stdout)
    assert verdict["results"][0]["flagged"] is False


def test_files_upload_in_parts_list_download_delete(server: MockOpenAIServer, tmp_path: Path) -> None:
    data = os.urandom(250_000)
    (tmp_path / "data.bin").write_bytes(data)
    up = run(server, "files", "upload", "data.bin", "--purpose", "assistants", "--part-size", "100000",
             cwd=tmp_path)
    file_id, size, purpose, name = up.stdout.rstrip("\n").split("\t")
    assert (size, purpose, name) == ("250000", "assistants", "data.bin")
    assert sum(r.path.endswith("/parts") for r in server.requests()) == 3  # the Uploads API
    assert up.stderr == ""  # stderr is a pipe: no bar

    # A page of one: `files list` walks every page.
    server.state.page_size = 1
    with Client(OpenAIConfig(api_key=TEST_KEY, api_base=server.base_url)) as client:
        other = client.files().create(
            CreateFileRequestArgs().file(("b.jsonl", b"{}\n")).purpose(FilePurpose.BATCH).build())
    listed = json.loads(run(server, "files", "list", "--json").stdout)
    assert sorted((f["id"], f["bytes"]) for f in listed) == sorted([(file_id, 250_000), (other.id, 3)])
    assert len(server.requests("/v1/files")) >= 3  # the upload, then two pages at least

    done = run(server, "files", "download", file_id, "-o", str(tmp_path / "back.bin"))
    assert done.stdout == f"wrote 250000 bytes to {tmp_path / 'back.bin'}\n"
    assert (tmp_path / "back.bin").read_bytes() == data
    raw = subprocess.run([OPENAI_RS, "files", "download", file_id], capture_output=True, timeout=60,
                         env=environ(server))
    assert raw.returncode == 0 and raw.stdout == data

    assert run(server, "files", "delete", file_id).stdout == f"deleted {file_id}\n"
    again = run(server, "files", "delete", file_id, code=3)
    match = ERROR_LINE.match(again.stderr)
    assert match and match.group(1) == file_id and again.stdout == ""


def batch_lines() -> list[dict[str, Any]]:
    lines = [{"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions",
              "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"q{i}"}]}}
             for i in (1, 2)]
    # No messages: answered 400, in the error file.
    lines.append({"custom_id": "bad", "method": "POST", "url": "/v1/chat/completions",
                  "body": {"model": "gpt-4o-mini"}})
    return lines


def test_batch_submit_wait_and_results_joined_by_custom_id(server: MockOpenAIServer, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in batch_lines()))
    queued = run(server, "batch", "submit", str(src), "--endpoint", "/v1/chat/completions").stdout
    assert re.fullmatch(r"batch-\S+\tvalidating\t0/0 completed, 0 failed\toutput -\terrors -\n", queued)
    early = run(server, "batch", "results", queued.split("\t")[0], code=1).stderr
    assert re.fullmatch(r"error: batch \S+ is (validating|in_progress): it has no results yet\n", early)

    followed = run(server, "--json", "batch", "submit", str(src), "--endpoint", "/v1/chat/completions",
                   "--wait", "--poll-interval", "0")
    assert followed.stderr == ""  # no bar into a pipe
    done = json.loads(followed.stdout)
    assert done["status"] == "completed"
    assert done["request_counts"] == {"total": 3, "completed": 2, "failed": 1}
    uploaded = server.state.files.get(done["input_file_id"])
    assert uploaded is not None and uploaded.purpose == "batch"

    # Two lines with one custom_id: the batch fails validation, and --wait exits with 1.
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(batch_lines()[0]) + "\n" + json.dumps(batch_lines()[0]) + "\n")
    failed = run(server, "batch", "submit", str(dup), "--endpoint", "/v1/chat/completions", "--wait",
                 "--poll-interval", "0", code=1)
    assert "\tfailed\t" in failed.stdout
    assert re.fullmatch(r"error: batch \S+ ended failed\n", failed.stderr)

    out = tmp_path / "out.jsonl"
    res = run(server, "batch", "results", done["id"], "-o", str(out))
    assert res.stderr == f"3 results (2 ok, 1 failed, 0 missing) -> {out}\n"
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["custom_id"] for r in rows] == ["r1", "r2", "bad"]
    assert [r["request"] for r in rows] == [x["body"] for x in batch_lines()]
    assert [r["status_code"] for r in rows] == [200, 200, 400]
    assert rows[0]["response"]["choices"][0]["message"]["content"] == "Echo: q1"
    assert rows[2]["response"]["error"]["message"] and rows[2]["error"] is None


def test_speech_and_transcribe(server: MockOpenAIServer, tmp_path: Path) -> None:
    target = tmp_path / "voice" / "hello.wav"
    said = run(server, "speech", "Hello there", "-o", str(target), "--voice", "coral", "--format", "wav")
    audio = speech_bytes("Hello there", "coral", "wav")
    assert target.read_bytes() == audio and said.stdout == f"wrote {len(audio)} bytes to {target}\n"
    assert last_json(server, "/v1/audio/speech")["model"] == "tts-1"

    text = transcript_text("hello.wav", len(audio))
    assert run(server, "transcribe", str(target)).stdout == text + "\n"
    assert json.loads(run(server, "--json", "transcribe", str(target)).stdout) == {"text": text}
    srt = run(server, "transcribe", str(target), "--format", "srt").stdout
    assert srt.startswith("1\n00:00:00,000 --> ") and text in srt


def test_usage_connection_and_timeout_errors(server: MockOpenAIServer) -> None:
    assert "No such option '--nope'" in run(server, "models", "--nope", code=2).stderr
    closed = environ(server, OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1")
    refused = run(server, "--max-retries", "0", "models", env=closed, code=4).stderr
    assert refused.startswith("error: ") and refused.count("\n") == 1 and "refused" in refused

    # A 401 names the status and the request, and never the key.
    server.script("/v1/models", {"status": 401, "json": {"error": {
        "message": "Incorrect API key provided", "type": "invalid_request_error"}}}, method="GET")
    denied = run(server, "models", code=3).stderr
    assert denied.startswith("error: 401 Unauthorized (request req_") and TEST_KEY not in denied
    assert TEST_KEY[-8:] not in denied

    # The server holds the answer: the client gives up after --timeout.
    server.script("/v1/models", {"wait": "never", "json": {"data": []}}, method="GET")
    slow = run(server, "--timeout", "0.3", "--max-retries", "0", "models", code=4).stderr
    server.gate("never").open()
    assert slow.startswith("error: ") and "timed out" in slow


def test_config_flags(server: MockOpenAIServer) -> None:
    # --api-base wins over OPENAI_BASE_URL; the key comes from the variable --api-key-env names.
    env = environ(server, OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1", MY_KEY="sk-my-own")
    run(server, "--api-base", server.base_url, "--api-key-env", "MY_KEY", "--org", "org-1",
        "--project", "proj-1", "models", env=env)
    [seen] = server.requests("/v1/models")
    assert seen.headers["authorization"] == "Bearer sk-my-own"
    assert (seen.headers["openai-organization"], seen.headers["openai-project"]) == ("org-1", "proj-1")
    missing = run(server, "--api-key-env", "NOT_SET_ANYWHERE", "models", code=2).stderr
    assert "NOT_SET_ANYWHERE: that environment variable is not set" in missing

    az = run(server, "--azure-endpoint", server.url, "--azure-deployment", "dep-1",
             "--azure-api-version", "2024-10-21", "--azure-api-key-env", "AZ_KEY", "chat", "azure",
             env=environ(server, AZ_KEY="az-secret"))
    assert az.stdout == "Echo: azure\n"
    [call] = server.requests("/openai/deployments/dep-1/chat/completions")
    assert ("api-version", "2024-10-21") in call.query and call.headers["api-key"] == "az-secret"
    assert "authorization" not in call.headers


def run_with_tty_stderr(server: MockOpenAIServer, *args: str, cwd: Path) -> tuple[str, str]:
    """Run with stderr on a pty (80 columns: tqdm draws nothing on a 0-wide terminal)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen: list[bytes] = []

    def drain() -> None:
        # Read as the child writes, so that a full pty buffer never blocks it.
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child's end is closed and all it wrote was read
                return
            if not data:
                return
            seen.append(data)

    reader = threading.Thread(target=drain)
    try:
        proc = subprocess.Popen([OPENAI_RS, *args], stdout=subprocess.PIPE, stderr=slave,
                                stdin=subprocess.DEVNULL, env=environ(server), cwd=cwd, text=True)
        os.close(slave)
        slave = -1
        reader.start()
        stdout, _ = proc.communicate(timeout=60)
        reader.join(30)
        assert proc.returncode == 0 and not reader.is_alive(), stdout
        return stdout, b"".join(seen).decode("utf-8", "replace")
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)


def test_progress_bars_on_a_terminal_only(server: MockOpenAIServer, tmp_path: Path) -> None:
    (tmp_path / "big.bin").write_bytes(os.urandom(300_000))
    stdout, bar = run_with_tty_stderr(server, "files", "upload", "big.bin", "--purpose", "vision",
                                      "--part-size", "100000", cwd=tmp_path)
    assert stdout.startswith("file-") and "big.bin" in bar and "100%" in bar and "293k/293k" in bar

    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in batch_lines()))
    stdout, bar = run_with_tty_stderr(server, "batch", "submit", "in.jsonl", "--endpoint",
                                      "/v1/chat/completions", "--wait", "--poll-interval", "0",
                                      cwd=tmp_path)
    assert "\tcompleted\t2/3 completed, 1 failed" in stdout
    assert "3/3" in bar and "completed" in bar


def test_serve_answers_once_it_says_serving() -> None:
    proc = subprocess.Popen([OPENAI_RS, "serve", "--port", "0", "--api-key", "sk-serve"],
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.fullmatch(r"serving an OpenAI-compatible API at (http://127\.0\.0\.1:\d+/v1)\n", line)
        assert match, line
        url = match.group(1)
        assert requests.get(f"{url}/models", timeout=10).status_code == 401
        ok = requests.get(f"{url}/models", headers={"Authorization": "Bearer sk-serve"}, timeout=10)
        assert ok.status_code == 200 and ok.json()["data"]
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_bulk_passes_its_arguments_through(server: MockOpenAIServer, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in batch_lines()[:2]))
    env = environ(server, OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1")
    done = run(server, "--api-base", server.base_url, "bulk", "in.jsonl", "-o", "out.jsonl",
               "--no-progress", "--max-concurrency", "2", env=env, cwd=tmp_path)
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert sorted(r["custom_id"] for r in rows) == ["r1", "r2"]
    assert done.stderr.startswith("done 2, failed 0, skipped 0")
    answers = {r["response"]["body"]["choices"][0]["message"]["content"] for r in rows}
    assert answers == {"Echo: q1", "Echo: q2"}
    assert "usage: python -m openai_rs_port.bulk" in run(server, "bulk", "--help").stdout


def test_python_m_dispatches_and_demo_needs_no_click(server: MockOpenAIServer) -> None:
    via_m = subprocess.run([sys.executable, "-m", "openai_rs_port", "models", "get", "gpt-4o"],
                           capture_output=True, text=True, timeout=60, env=environ(server))
    assert via_m.returncode == 0 and via_m.stdout == "gpt-4o\tsystem\tcreated 1700000000\n"
    # click and tqdm made unimportable: a command says which extra to install; demo still runs.
    hide = "import runpy, sys; sys.modules['click'] = sys.modules['tqdm'] = None; sys.argv[0] = 'x'; " \
           "runpy.run_module('openai_rs_port', run_name='__main__')"
    no_cli = subprocess.run([sys.executable, "-c", hide, "models"], capture_output=True, text=True,
                            timeout=60, env=environ(server))
    assert no_cli.returncode == 1 and no_cli.stderr == MISSING_EXTRA + "\n"
    demo = subprocess.run([sys.executable, "-c", hide, "demo"], capture_output=True, text=True,
                          timeout=120, env=environ(server))
    assert demo.returncode == 0 and "demo finished: both clients OK" in demo.stdout, demo.stderr
