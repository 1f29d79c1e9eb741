"""Audit logs: what users and keys did in the organization."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from ._codec import DecodeError
from ._request import ApiRequest, Query, query_pairs
from ._resource import Resource, page_endpoint
from .error import JSONDeserialize
from .types.audit_log import ListAuditLogsResponse

__all__ = ["AuditLogs"]

C = TypeVar("C")


def _decode_logs(body: bytes) -> ListAuditLogsResponse:
    # Not json_decoder: an event type without a typed field keeps its raw payload, which
    # needs the parsed JSON next to the decoded page.
    try:
        raw: Any = json.loads(body)
    except ValueError as e:
        raise JSONDeserialize(f"ListAuditLogsResponse: the body is not JSON: {e}", body) from None
    try:
        return ListAuditLogsResponse.from_wire(raw)
    except DecodeError as e:
        raise JSONDeserialize(f"ListAuditLogsResponse: {e}", body) from None


class AuditLogs(Resource[C]):
    """Logs of user actions and configuration changes within the organization (admin key).

    The ``query`` is a mapping or ``(name, value)`` pairs: ``limit``, ``after``,
    ``before``, ``effective_at[gt]`` and the like, and repeated pairs for the list
    filters (``("event_types[]", "project.created")``, ``project_ids[]``,
    ``actor_ids[]``, ``actor_emails[]``, ``resource_ids[]``).
    """

    __slots__ = ()

    @page_endpoint
    def get(self, query: Query | None = None) -> ApiRequest[ListAuditLogsResponse]:
        """Lists the organization's audit logs, newest first; iterating reads every page."""
        return ApiRequest("GET", "/organization/audit_logs", _decode_logs, query=query_pairs(query))
