"""Moderations: classify whether text or images are potentially harmful."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_body, json_decoder
from ._resource import Resource, endpoint
from .types.moderation import CreateModerationRequest, CreateModerationResponse

__all__ = ["Moderations"]

C = TypeVar("C")

_RESPONSE = json_decoder(CreateModerationResponse)


class Moderations(Resource[C]):
    """Given text and/or image inputs, classifies if they are potentially harmful."""

    __slots__ = ()

    @endpoint
    def create(self, request: CreateModerationRequest) -> ApiRequest[CreateModerationResponse]:
        """Classifies if text and/or image inputs are potentially harmful."""
        return ApiRequest("POST", "/moderations", _RESPONSE, body=json_body(request))
