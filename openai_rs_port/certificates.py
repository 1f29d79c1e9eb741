"""Certificates: the organization's mutual-TLS certificates, and which projects use them."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.certificate import (
    Certificate,
    DeleteCertificateResponse,
    ListCertificatesResponse,
    ModifyCertificateRequest,
    ToggleCertificatesRequest,
    UploadCertificateRequest,
)

__all__ = ["Certificates", "ProjectCertificates"]

C = TypeVar("C")

_CERT = json_decoder(Certificate)
_CERTS = json_decoder(ListCertificatesResponse)
_DELETED = json_decoder(DeleteCertificateResponse)


def _cert(certificate_id: str) -> str:
    return f"/organization/certificates/{path_param(certificate_id, 'certificate_id')}"


class Certificates(Resource[C]):
    """Manage the organization's certificates (admin key). ``query`` of ``list``: ``limit``,
    ``after``, ``order``; of ``retrieve``: ``include=content`` for the PEM content."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListCertificatesResponse]:
        """Lists the organization's certificates."""
        return ApiRequest("GET", "/organization/certificates", _CERTS, query=query_pairs(query))

    @endpoint
    def upload(self, request: UploadCertificateRequest) -> ApiRequest[Certificate]:
        """Uploads a certificate to the organization; it is inactive until activated."""
        return ApiRequest("POST", "/organization/certificates", _CERT, body=json_body(request))

    @endpoint
    def retrieve(self, certificate_id: str, query: Query | None = None) -> ApiRequest[Certificate]:
        """Retrieves a certificate."""
        return ApiRequest("GET", _cert(certificate_id), _CERT, query=query_pairs(query))

    @endpoint
    def modify(self, certificate_id: str, request: ModifyCertificateRequest) -> ApiRequest[Certificate]:
        """Renames a certificate."""
        return ApiRequest("POST", _cert(certificate_id), _CERT, body=json_body(request))

    @endpoint
    def delete(self, certificate_id: str) -> ApiRequest[DeleteCertificateResponse]:
        """Deletes a certificate; it must be inactive everywhere."""
        return ApiRequest("DELETE", _cert(certificate_id), _DELETED)

    @endpoint
    def activate(self, request: ToggleCertificatesRequest) -> ApiRequest[ListCertificatesResponse]:
        """Activates certificates for the whole organization."""
        return ApiRequest("POST", "/organization/certificates/activate", _CERTS, body=json_body(request))

    @endpoint
    def deactivate(self, request: ToggleCertificatesRequest) -> ApiRequest[ListCertificatesResponse]:
        """Deactivates certificates for the whole organization."""
        return ApiRequest("POST", "/organization/certificates/deactivate", _CERTS, body=json_body(request))


class ProjectCertificates(Resource[C]):
    """The certificates of one project: ``client.projects().certificates(project_id)``."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListCertificatesResponse]:
        """Lists the certificates active in the project."""
        return ApiRequest("GET", self._prefix, _CERTS, query=query_pairs(query))

    @endpoint
    def activate(self, request: ToggleCertificatesRequest) -> ApiRequest[ListCertificatesResponse]:
        """Activates certificates for the project."""
        return ApiRequest("POST", f"{self._prefix}/activate", _CERTS, body=json_body(request))

    @endpoint
    def deactivate(self, request: ToggleCertificatesRequest) -> ApiRequest[ListCertificatesResponse]:
        """Deactivates certificates for the project."""
        return ApiRequest("POST", f"{self._prefix}/deactivate", _CERTS, body=json_body(request))
