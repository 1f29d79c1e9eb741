"""Evals, their runs and the runs' output items.

A run grades the items of its data source (inline ``file_content``, or an uploaded JSONL
file): each item's sample is its own ``sample`` (JSONL runs) or ``Echo: <the rendered
template's last user text>`` (runs that sample a model). ``string_check`` graders compare
their rendered ``input`` and ``reference`` (``{{item.x}}`` and ``{{sample.output_text}}``
references); other graders pass. A run is ``in_progress`` until it is first read back, then
``completed``; ``cancel`` before that makes it ``canceled``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["EvalOutputItemRecord", "EvalRecord", "EvalRunRecord", "routes", "settle_run"]

routes = RouteGroup("evals")

_REF = re.compile(r"\{\{\s*(item|sample)\.([\w.]+)\s*\}\}")


@dataclass(kw_only=True, slots=True)
class EvalRecord(Record):
    body: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.body


@dataclass(kw_only=True, slots=True)
class EvalRunRecord(Record):
    eval_id: str
    body: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.body


@dataclass(kw_only=True, slots=True)
class EvalOutputItemRecord(Record):
    run_id: str
    body: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.body


def settle_run(run: EvalRunRecord) -> None:
    """A run read back has finished (unless it was canceled)."""
    if run.body["status"] == "in_progress":
        run.body["status"] = "completed"


def _render(text: Any, item: dict[str, Any], sample: dict[str, Any]) -> str:
    def value(m: re.Match[str]) -> str:
        node: Any = item if m.group(1) == "item" else sample
        for key in m.group(2).split("."):
            node = node.get(key, "") if isinstance(node, dict) else ""
        return node if isinstance(node, str) else json.dumps(node)

    return _REF.sub(value, text if isinstance(text, str) else str(text))


def _schema(config: dict[str, Any]) -> dict[str, Any]:
    if config.get("type") == "custom":
        require(config, "item_schema")
        props = {"item": config["item_schema"]}
        if config.get("include_sample_schema"):
            props["sample"] = {"type": "object"}
        return {"type": "custom", "schema": {"type": "object", "properties": props, "required": ["item"]}}
    if config.get("type") == "logs":
        return {"type": "stored_completions", "metadata": config.get("metadata") or {},
                "schema": {"type": "object", "properties": {"item": {"type": "object"},
                                                            "sample": {"type": "object"}}}}
    raise ApiFailure.invalid("data_source_config", "data_source_config.type must be custom or logs.")


def _eval(request: web.Request, state: ServerState) -> EvalRecord:
    return state.evals.get(request.match_info["eval_id"])


def _run(request: web.Request, state: ServerState) -> EvalRunRecord:
    run = state.eval_runs.get(request.match_info["run_id"])
    if run.eval_id != request.match_info["eval_id"]:
        raise ApiFailure(404, f"No run found with id '{run.id}'.", param="run_id")
    return run


def _items(state: ServerState, source: dict[str, Any]) -> list[dict[str, Any]]:
    if source.get("type") == "file_content":
        rows = source.get("content") or []
    elif source.get("type") == "file_id":
        data = state.files.get(str(source.get("id"))).data
        rows = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
    else:
        rows = []  # stored completions and responses: none are kept for evals
    return [r for r in rows if isinstance(r, dict)]


def _sample(data_source: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    # The spec's whole sample object; a JSONL row's own sample fields win.
    if data_source.get("type") == "jsonl":
        prompt, answer = "", ""
    else:
        template = (data_source.get("input_messages") or {}).get("template") or []
        users = [m for m in template if isinstance(m, dict) and m.get("role") == "user"]
        content = users[-1].get("content") if users else ""
        text = content.get("text", "") if isinstance(content, dict) else content
        prompt = _render(text, row.get("item") or {}, {})
        answer = "Echo: " + prompt
    sample = {"output_text": answer, "output": [{"role": "assistant", "content": answer}],
              "model": data_source.get("model") or "gpt-4o-mini", "finish_reason": "stop",
              "input": [{"role": "user", "content": prompt}],
              "usage": {"total_tokens": 2, "completion_tokens": 1, "prompt_tokens": 1, "cached_tokens": 0},
              "error": {"code": "", "message": ""}, "temperature": 1.0, "max_completion_tokens": 256,
              "top_p": 1.0, "seed": 42}
    return sample | dict(row.get("sample") or {})


def _grade(grader: dict[str, Any], item: dict[str, Any], sample: dict[str, Any]) -> bool:
    if grader.get("type") != "string_check":
        return True
    left = _render(grader.get("input", ""), item, sample)
    right = _render(grader.get("reference", ""), item, sample)
    op = grader.get("operation")
    if op == "ne":
        return left != right
    if op in ("like", "ilike"):
        return (right.lower() in left.lower()) if op == "ilike" else right in left
    return left == right


@routes.post("/v1/evals")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "data_source_config", "testing_criteria")
    eval_id = state.evals.new_id()
    answer = {
        "object": "eval", "id": eval_id, "name": body.get("name") or eval_id,
        "data_source_config": _schema(body["data_source_config"]),
        "testing_criteria": body["testing_criteria"], "created_at": state.now(),
        "metadata": body.get("metadata") or {},
    }
    state.evals.add(EvalRecord(id=eval_id, created_at=state.now(), body=answer))
    return json_response(answer, status=201)


@routes.get("/v1/evals")
async def list_evals(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.evals.page(request.query, default_order="asc").to_json())


@routes.get("/v1/evals/{eval_id}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_eval(request, state).body)


@routes.post("/v1/evals/{eval_id}")
async def update(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    record = _eval(request, state)
    for name in ("name", "metadata"):
        if body.get(name) is not None:
            record.body[name] = body[name]
    return json_response(record.body)


@routes.delete("/v1/evals/{eval_id}")
async def delete(request: web.Request, state: ServerState) -> web.StreamResponse:
    record = state.evals.delete(request.match_info["eval_id"])
    for run in state.eval_runs.values(where=lambda r: r.eval_id == record.id):
        state.eval_runs.delete(run.id)
    return json_response({"object": "eval.deleted", "deleted": True, "eval_id": record.id})


@routes.post("/v1/evals/{eval_id}/runs")
async def create_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "data_source")
    ev = _eval(request, state)
    source = body["data_source"]
    if not isinstance(source, dict) or source.get("type") not in ("jsonl", "completions"):
        raise ApiFailure.invalid("data_source", "data_source.type must be jsonl or completions.")
    run_id = state.eval_runs.new_id()
    criteria = ev.body["testing_criteria"]
    passed = failed = 0
    names = [str(c.get("name") or c.get("type")) for c in criteria]
    tallies = [{"passed": 0, "failed": 0} for _ in criteria]
    for index, row in enumerate(_items(state, source.get("source") or {})):
        sample = _sample(source, row)
        results = []
        for c, name, tally in zip(criteria, names, tallies, strict=True):
            ok = _grade(c, row.get("item") or {}, sample)
            tally["passed" if ok else "failed"] += 1
            results.append({"name": name, "passed": ok, "score": 1.0 if ok else 0.0})
        all_ok = all(r["passed"] for r in results)
        passed, failed = passed + all_ok, failed + (not all_ok)
        item_id = state.eval_output_items.new_id()
        state.eval_output_items.add(EvalOutputItemRecord(
            id=item_id, created_at=state.now(), run_id=run_id, body={
            "object": "eval.run.output_item", "id": item_id, "run_id": run_id, "eval_id": ev.id,
            "created_at": state.now(), "status": "pass" if all_ok else "fail", "datasource_item_id": index,
            "datasource_item": row.get("item") or {}, "results": results, "sample": sample,
            }))
    model = source.get("model") or "none"
    answer = {
        "object": "eval.run", "id": run_id, "eval_id": ev.id, "status": "in_progress", "model": model,
        "name": body.get("name") or run_id, "created_at": state.now(),
        "report_url": f"https://platform.openai.com/evaluations/{ev.id}?run_id={run_id}",
        "result_counts": {"total": passed + failed, "errored": 0, "failed": failed, "passed": passed},
        "per_model_usage": [],
        "per_testing_criteria_results": [
            {"testing_criteria": n, **t} for n, t in zip(names, tallies, strict=True)],
        "data_source": source,
        "metadata": body.get("metadata") or {}, "error": None,
    }
    state.eval_runs.add(EvalRunRecord(id=run_id, created_at=state.now(), eval_id=ev.id, body=answer))
    return json_response(answer, status=201)


@routes.get("/v1/evals/{eval_id}/runs")
async def list_runs(request: web.Request, state: ServerState) -> web.StreamResponse:
    eval_id = _eval(request, state).id
    for run in state.eval_runs.values(where=lambda r: r.eval_id == eval_id):
        settle_run(run)
    status = request.query.get("status")
    query = {k: v for k, v in request.query.items() if k != "status"}
    page = state.eval_runs.page(query, default_order="asc", where=lambda r: r.eval_id == eval_id and (
        status is None or r.body["status"] == status))
    return json_response(page.to_json())


@routes.get("/v1/evals/{eval_id}/runs/{run_id}")
async def retrieve_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    settle_run(run)
    return json_response(run.body)


@routes.post("/v1/evals/{eval_id}/runs/{run_id}")
async def cancel_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    if run.body["status"] == "in_progress":
        run.body["status"] = "canceled"
    return json_response(run.body)


@routes.delete("/v1/evals/{eval_id}/runs/{run_id}")
async def delete_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    state.eval_runs.delete(run.id)
    return json_response({"object": "eval.run.deleted", "deleted": True, "run_id": run.id})


@routes.get("/v1/evals/{eval_id}/runs/{run_id}/output_items")
async def list_output_items(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    status = request.query.get("status")
    query = {k: v for k, v in request.query.items() if k != "status"}
    page = state.eval_output_items.page(query, default_order="asc", where=lambda r: r.run_id == run.id and (
        status is None or r.body["status"] == status))
    return json_response(page.to_json())


@routes.get("/v1/evals/{eval_id}/runs/{run_id}/output_items/{output_item_id}")
async def retrieve_output_item(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    item = state.eval_output_items.get(request.match_info["output_item_id"])
    if item.run_id != run.id:
        raise ApiFailure(404, f"No output item found with id '{item.id}'.", param="output_item_id")
    return json_response(item.body)
