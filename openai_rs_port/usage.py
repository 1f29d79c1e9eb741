"""Usage: the organization's activity per time bucket, one method per kind of usage."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_decoder, query_pairs
from ._resource import Resource, page_endpoint
from .types.usage import UsageResponse

__all__ = ["Usage"]

C = TypeVar("C")

_USAGE = json_decoder(UsageResponse)


def _usage(kind: str, query: Query) -> ApiRequest[UsageResponse]:
    return ApiRequest("GET", f"/organization/usage/{kind}", _USAGE, query=query_pairs(query))


class Usage(Resource[C]):
    """Usage of the organization (admin key), in buckets of ``bucket_width`` (``1m``, ``1h``,
    ``1d``) from ``start_time`` (required, Unix seconds).

    The ``query`` is a mapping or ``(name, value)`` pairs: ``start_time``, ``end_time``,
    ``bucket_width``, ``limit``, ``page``, and repeated pairs for the list filters
    (``("group_by", "model")``, ``project_ids``, ``user_ids``, ``api_key_ids``, ``models``).
    Iterating the answer reads every later page.
    """

    __slots__ = ()

    @page_endpoint
    def completions(self, query: Query) -> ApiRequest[UsageResponse]:
        """Completions usage (tokens in and out, requests; ``batch`` filters batch jobs)."""
        return _usage("completions", query)

    @page_endpoint
    def embeddings(self, query: Query) -> ApiRequest[UsageResponse]:
        """Embeddings usage."""
        return _usage("embeddings", query)

    @page_endpoint
    def moderations(self, query: Query) -> ApiRequest[UsageResponse]:
        """Moderations usage."""
        return _usage("moderations", query)

    @page_endpoint
    def images(self, query: Query) -> ApiRequest[UsageResponse]:
        """Images usage (``sources``, ``sizes`` filter)."""
        return _usage("images", query)

    @page_endpoint
    def audio_speeches(self, query: Query) -> ApiRequest[UsageResponse]:
        """Audio speeches usage (characters)."""
        return _usage("audio_speeches", query)

    @page_endpoint
    def audio_transcriptions(self, query: Query) -> ApiRequest[UsageResponse]:
        """Audio transcriptions usage (seconds)."""
        return _usage("audio_transcriptions", query)

    @page_endpoint
    def vector_stores(self, query: Query) -> ApiRequest[UsageResponse]:
        """Vector stores usage (bytes)."""
        return _usage("vector_stores", query)

    @page_endpoint
    def code_interpreter_sessions(self, query: Query) -> ApiRequest[UsageResponse]:
        """Code interpreter sessions usage."""
        return _usage("code_interpreter_sessions", query)
