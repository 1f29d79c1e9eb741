"""Evals on the local server, in both modes: an eval, a run graded item by item, its output
items auto-paginated, cancel, delete."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Harness

from openai_rs_port._pagination import AsyncPager
from openai_rs_port.error import NotFoundError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types import (
    CreateEvalCompletionsRunDataSource,
    CreateEvalCustomDataSourceConfig,
    CreateEvalJsonlRunDataSource,
    CreateEvalRequestArgs,
    CreateEvalRunRequestArgs,
    EvalCustomDataSourceConfig,
    EvalInputText,
    EvalItem,
    EvalJsonlFileContentSource,
    EvalRunOutputItem,
    EvalStringCheckGrader,
    EvalTemplateInputMessages,
    UpdateEvalRequest,
)

pytest_plugins = ["local_server"]


def collect(h: Harness, pager: Any) -> list[Any]:
    if h.is_async:
        assert isinstance(pager, AsyncPager)

        async def run() -> list[Any]:
            return [x async for x in pager]

        return h.call(run())  # type: ignore[no-any-return]
    return list(pager)


ROWS = [{"item": {"text": t, "label": lab}, "sample": {"output_text": out}}
        for t, lab, out in [("a", "x", "x"), ("b", "y", "n"), ("c", "z", "z"), ("d", "w", "w")]]
CHECK = EvalStringCheckGrader(name="match", input="{{sample.output_text}}", reference="{{item.label}}",
                              operation="eq")


def make_eval(h: Harness) -> Any:
    req = (CreateEvalRequestArgs().name("labels")
           .data_source_config(CreateEvalCustomDataSourceConfig(item_schema={"type": "object"},
                                                                include_sample_schema=True))
           .testing_criteria([CHECK]).metadata({"team": "nlp"}).build())
    return h.call(h.client.evals().create(req))


def test_eval_crud(local: Harness, local_server: MockOpenAIServer) -> None:
    evals = local.client.evals()
    ev = make_eval(local)
    assert type(ev.data_source_config) is EvalCustomDataSourceConfig
    assert ev.testing_criteria == [CHECK]
    renamed = local.call(evals.update(ev.id, UpdateEvalRequest(name="renamed")))
    assert (renamed.name, renamed.metadata) == ("renamed", {"team": "nlp"})
    assert local.call(evals.retrieve(ev.id)) == renamed
    others = [make_eval(local) for _ in range(2)]
    local_server.state.page_size = 2
    assert [e.id for e in collect(local, evals.list())] == [ev.id] + [o.id for o in others]
    deleted = local.call(evals.delete(ev.id))
    assert deleted.deleted is True and deleted.eval_id == ev.id
    with pytest.raises(NotFoundError):
        local.call(evals.retrieve(ev.id))


def test_run_grades_each_item(local: Harness, local_server: MockOpenAIServer) -> None:
    ev = make_eval(local)
    runs = local.client.evals().runs(ev.id)
    req = CreateEvalRunRequestArgs().name("first").data_source(CreateEvalJsonlRunDataSource(
        source=EvalJsonlFileContentSource(content=ROWS))).build()
    run = local.call(runs.create(req))
    assert run.status == "in_progress"
    assert (run.result_counts.total, run.result_counts.passed, run.result_counts.failed) == (4, 3, 1)
    assert run.per_testing_criteria_results[0].passed == 3
    done = local.call(runs.retrieve(run.id))
    assert done.status == "completed"
    local_server.state.page_size = 3
    items = collect(local, runs.output_items(run.id).list())
    assert [type(i) for i in items] == [EvalRunOutputItem] * 4
    assert [i.status for i in items] == ["pass", "fail", "pass", "pass"]
    [failed] = collect(local, runs.output_items(run.id).list({"status": "fail"}))
    assert failed.datasource_item == {"text": "b", "label": "y"}
    assert local.call(runs.output_items(run.id).retrieve(failed.id)) == failed
    assert local.call(runs.cancel(run.id)).status == "completed"  # too late to cancel


def test_completions_run_cancel_and_delete(local: Harness) -> None:
    ev = make_eval(local)
    runs = local.client.evals().runs(ev.id)
    source = CreateEvalCompletionsRunDataSource(
        model="gpt-4o-mini",
        source=EvalJsonlFileContentSource(content=[{"item": {"label": "Echo: hi", "q": "hi"}}]),
        input_messages=EvalTemplateInputMessages(template=[EvalItem(role="user", content=EvalInputText(
            text="{{item.q}}"))]))
    run = local.call(runs.create(CreateEvalRunRequestArgs().data_source(source).build()))
    assert run.result_counts.passed == 1  # the sampled answer is "Echo: hi"
    assert local.call(runs.cancel(run.id)).status == "canceled"
    assert [r.id for r in collect(local, runs.list({"status": "canceled"}))] == [run.id]
    assert local.call(runs.delete(run.id)).run_id == run.id
    with pytest.raises(NotFoundError):
        local.call(runs.retrieve(run.id))
