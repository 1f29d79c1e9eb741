"""Types of the Certificates group (``/organization/certificates``, and per project)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .._builder import Builder, Setter, seq
from .._codec import ApiModel as _Base
from .._pagination import CursorPage

__all__ = [
    "Certificate",
    "CertificateDetails",
    "DeleteCertificateResponse",
    "ListCertificatesResponse",
    "ModifyCertificateRequest",
    "ModifyCertificateRequestArgs",
    "ToggleCertificatesRequest",
    "ToggleCertificatesRequestArgs",
    "UploadCertificateRequest",
    "UploadCertificateRequestArgs",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateDetails(_Base):
    valid_at: int | None = None
    expires_at: int | None = None
    content: str | None = None
    """The PEM content (only with ``include=content``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate(_Base):
    """A certificate uploaded to the organization (mutual TLS).

    ``object`` says where it was read: ``certificate`` (one), ``organization.certificate``
    or ``organization.project.certificate`` (in a list, with ``active`` there).
    """

    object: str
    id: str
    name: str
    created_at: int
    certificate_details: CertificateDetails
    active: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCertificatesResponse(_Base, CursorPage[Certificate]):
    data: list[Certificate]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadCertificateRequest(_Base):
    """Uploads a PEM certificate to the organization (inactive until activated)."""

    name: str | None = None
    content: str


class UploadCertificateRequestArgs(Builder[UploadCertificateRequest]):
    """Builder of ``UploadCertificateRequest``."""

    name = Setter[str]()
    content = Setter[str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModifyCertificateRequest(_Base):
    """Renames a certificate."""

    name: str


class ModifyCertificateRequestArgs(Builder[ModifyCertificateRequest]):
    """Builder of ``ModifyCertificateRequest``."""

    name = Setter[str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class ToggleCertificatesRequest(_Base):
    """The certificates to activate or deactivate (1 to 10)."""

    certificate_ids: list[str]


class ToggleCertificatesRequestArgs(Builder[ToggleCertificatesRequest]):
    """Builder of ``ToggleCertificatesRequest``; ``certificate_ids`` takes any iterable."""

    certificate_ids = Setter[Iterable[str]](convert=seq())


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteCertificateResponse(_Base):
    object: str = "certificate.deleted"
    id: str
