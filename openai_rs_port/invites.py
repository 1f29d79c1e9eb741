"""Invites: ask people to join the organization (and its projects)."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.invites import Invite, InviteDeleteResponse, InviteListResponse, InviteRequest

__all__ = ["Invites"]

C = TypeVar("C")

_INVITE = json_decoder(Invite)
_INVITES = json_decoder(InviteListResponse)
_DELETED = json_decoder(InviteDeleteResponse)


def _invite(invite_id: str) -> str:
    return f"/organization/invites/{path_param(invite_id, 'invite_id')}"


class Invites(Resource[C]):
    """Invite and manage invitations for an organization (admin key). Invited users are
    automatically added to the Default project. ``query``: ``limit``, ``after``."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[InviteListResponse]:
        """Returns a list of invites in the organization."""
        return ApiRequest("GET", "/organization/invites", _INVITES, query=query_pairs(query))

    @endpoint
    def retrieve(self, invite_id: str) -> ApiRequest[Invite]:
        """Retrieves an invite."""
        return ApiRequest("GET", _invite(invite_id), _INVITE)

    @endpoint
    def create(self, request: InviteRequest) -> ApiRequest[Invite]:
        """Creates an invite for a user to the organization; the user must accept it."""
        return ApiRequest("POST", "/organization/invites", _INVITE, body=json_body(request))

    @endpoint
    def delete(self, invite_id: str) -> ApiRequest[InviteDeleteResponse]:
        """Deletes an invite; an accepted invite cannot be deleted."""
        return ApiRequest("DELETE", _invite(invite_id), _DELETED)
