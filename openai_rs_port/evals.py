"""Evals: test a model's outputs against your testing criteria, run after run."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.eval import (
    CreateEvalRequest,
    CreateEvalRunRequest,
    DeleteEvalResponse,
    DeleteEvalRunResponse,
    Eval,
    EvalList,
    EvalRun,
    EvalRunList,
    EvalRunOutputItem,
    EvalRunOutputItemList,
    UpdateEvalRequest,
)

__all__ = ["EvalRuns", "Evals", "OutputItems"]

C = TypeVar("C")

_EVAL = json_decoder(Eval)
_EVALS = json_decoder(EvalList)
_EVAL_DELETED = json_decoder(DeleteEvalResponse)
_RUN = json_decoder(EvalRun)
_RUNS = json_decoder(EvalRunList)
_RUN_DELETED = json_decoder(DeleteEvalRunResponse)
_ITEM = json_decoder(EvalRunOutputItem)
_ITEMS = json_decoder(EvalRunOutputItemList)


class OutputItems(Resource[C]):
    """The output items of an eval run (``evals().runs(eval_id).output_items(run_id)``)."""

    __slots__ = ()

    @endpoint
    def retrieve(self, output_item_id: str) -> ApiRequest[EvalRunOutputItem]:
        """Gets one output item of the run."""
        path = f"{self._prefix}/output_items/{path_param(output_item_id, 'output_item_id')}"
        return ApiRequest("GET", path, _ITEM)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[EvalRunOutputItemList]:
        """Lists the run's output items; the query takes ``after``, ``limit``, ``order`` and
        ``status`` (``pass`` or ``fail``)."""
        return ApiRequest("GET", f"{self._prefix}/output_items", _ITEMS, query=query_pairs(query))


class EvalRuns(Resource[C]):
    """The runs of an eval (``evals().runs(eval_id)``)."""

    __slots__ = ()

    def _run(self, run_id: str) -> str:
        return f"{self._prefix}/runs/{path_param(run_id, 'run_id')}"

    @endpoint
    def create(self, request: CreateEvalRunRequest) -> ApiRequest[EvalRun]:
        """Starts a run of the eval on a data source."""
        return ApiRequest("POST", f"{self._prefix}/runs", _RUN, body=json_body(request))

    @endpoint
    def retrieve(self, run_id: str) -> ApiRequest[EvalRun]:
        """Gets a run."""
        return ApiRequest("GET", self._run(run_id), _RUN)

    @endpoint
    def cancel(self, run_id: str) -> ApiRequest[EvalRun]:
        """Cancels a run in progress."""
        return ApiRequest("POST", self._run(run_id), _RUN)

    @endpoint
    def delete(self, run_id: str) -> ApiRequest[DeleteEvalRunResponse]:
        """Deletes a run."""
        return ApiRequest("DELETE", self._run(run_id), _RUN_DELETED)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[EvalRunList]:
        """Lists the eval's runs; the query takes ``after``, ``limit``, ``order`` and ``status``."""
        return ApiRequest("GET", f"{self._prefix}/runs", _RUNS, query=query_pairs(query))

    def output_items(self, run_id: str) -> OutputItems[C]:
        """The output items of the run ``run_id``."""
        return self._sub(OutputItems, "/runs/{run_id}", run_id=run_id)


class Evals(Resource[C]):
    """Create, manage and run evals: testing criteria applied to a model's outputs.

    Related guide: [Evals](https://platform.openai.com/docs/guides/evals)
    """

    __slots__ = ()

    @endpoint
    def create(self, request: CreateEvalRequest) -> ApiRequest[Eval]:
        """Creates an eval: its data source configuration and testing criteria."""
        return ApiRequest("POST", "/evals", _EVAL, body=json_body(request))

    @endpoint
    def retrieve(self, eval_id: str) -> ApiRequest[Eval]:
        """Gets an eval."""
        return ApiRequest("GET", f"/evals/{path_param(eval_id, 'eval_id')}", _EVAL)

    @endpoint
    def update(self, eval_id: str, request: UpdateEvalRequest) -> ApiRequest[Eval]:
        """Renames an eval or sets its metadata."""
        return ApiRequest("POST", f"/evals/{path_param(eval_id, 'eval_id')}", _EVAL, body=json_body(request))

    @endpoint
    def delete(self, eval_id: str) -> ApiRequest[DeleteEvalResponse]:
        """Deletes an eval."""
        return ApiRequest("DELETE", f"/evals/{path_param(eval_id, 'eval_id')}", _EVAL_DELETED)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[EvalList]:
        """Lists evals; the query takes ``after``, ``limit``, ``order`` and ``order_by``."""
        return ApiRequest("GET", "/evals", _EVALS, query=query_pairs(query))

    def runs(self, eval_id: str) -> EvalRuns[C]:
        """The runs of the eval ``eval_id``."""
        return self._sub(EvalRuns, "/evals/{eval_id}", eval_id=eval_id)
