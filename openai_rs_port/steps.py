"""Run steps: what a run did (created a message, called tools)."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .assistants import BETA
from .types.step import ListRunStepsResponse, RunStepObject

__all__ = ["Steps"]

C = TypeVar("C")

_STEP = json_decoder(RunStepObject)
_STEPS = json_decoder(ListRunStepsResponse)


class Steps(Resource[C]):
    """The steps of one run: ``client.threads().runs(thread_id).steps(run_id)``.

    The ``query`` of these methods is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``, ``include[]``).
    """

    __slots__ = ()

    @endpoint
    def retrieve(self, step_id: str, query: Query | None = None) -> ApiRequest[RunStepObject]:
        """Retrieves a run step."""
        return ApiRequest("GET", f"{self._prefix}/steps/{path_param(step_id, 'step_id')}", _STEP,
                          query=query_pairs(query), headers=BETA)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListRunStepsResponse]:
        """Returns a list of run steps belonging to a run."""
        return ApiRequest("GET", f"{self._prefix}/steps", _STEPS, query=query_pairs(query), headers=BETA)
