"""Models: list and describe the models available in the API."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_decoder, path_param
from ._resource import Resource, endpoint, page_endpoint
from .types.model import DeleteModelResponse, ListModelResponse, Model

__all__ = ["Models"]

C = TypeVar("C")

_LIST = json_decoder(ListModelResponse)
_MODEL = json_decoder(Model)
_DELETE = json_decoder(DeleteModelResponse)


class Models(Resource[C]):
    """List and describe the various models available in the API."""

    __slots__ = ()

    @page_endpoint
    def list(self) -> ApiRequest[ListModelResponse]:
        """Lists the currently available models."""
        return ApiRequest("GET", "/models", _LIST)

    @endpoint
    def retrieve(self, model: str) -> ApiRequest[Model]:
        """Retrieves a model instance."""
        return ApiRequest("GET", f"/models/{path_param(model, 'model')}", _MODEL)

    @endpoint
    def delete(self, model: str) -> ApiRequest[DeleteModelResponse]:
        """Deletes a fine-tuned model (you must own it)."""
        return ApiRequest("DELETE", f"/models/{path_param(model, 'model')}", _DELETE)


