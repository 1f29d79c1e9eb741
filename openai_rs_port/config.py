"""Client configurations: ``OpenAIConfig`` for OpenAI and compatible servers, ``AzureConfig`` for Azure."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol, Self, runtime_checkable

from .error import InvalidArgument

__all__ = [
    "OPENAI_API_BASE",
    "OPENAI_BETA_HEADER",
    "OPENAI_ORGANIZATION_HEADER",
    "OPENAI_PROJECT_HEADER",
    "AzureConfig",
    "Config",
    "OpenAIConfig",
    "SecretString",
]

OPENAI_API_BASE = "https://api.openai.com/v1"
OPENAI_ORGANIZATION_HEADER = "OpenAI-Organization"
OPENAI_PROJECT_HEADER = "OpenAI-Project"
OPENAI_BETA_HEADER = "OpenAI-Beta"


class SecretString:
    """A string that never shows itself in ``repr``/``str``; read it with ``expose_secret()``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        _check_header_value("api_key", value)
        self._value = value

    def expose_secret(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "SecretString('[REDACTED]')" if self._value else "SecretString('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretString) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("SecretString cannot be pickled")


_TCHAR = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def check_header_name(name: str) -> str:
    """A header name, checked to be an HTTP token."""
    if not isinstance(name, str) or not name or not set(name) <= _TCHAR:
        raise InvalidArgument(f"invalid HTTP header name: {name!r}")
    return name


def check_header_value(name: str, value: str) -> str:
    """A header value, refused when it holds CR, LF or NUL (never echoed: it may be a secret)."""
    return _check_header_value(name, value)


def _check_header_value(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgument(f"{name} must be a str, not {type(value).__name__}")
    if "\r" in value or "\n" in value or "\0" in value:
        # Never echo the value: it may be a secret.
        raise InvalidArgument(f"{name} contains CR, LF or NUL, which cannot go in an HTTP header")
    return value


@runtime_checkable
class Config(Protocol):
    """What a client needs from a configuration; implement it to plug in your own."""

    def headers(self) -> Mapping[str, str]: ...

    def url(self, path: str) -> str: ...

    def query(self) -> Mapping[str, str]: ...

    @property
    def api_base(self) -> str: ...

    @property
    def api_key(self) -> SecretString: ...


class _ConfigBase:
    """What both configs share: an immutable key and base, ``with_*`` copies, a safe repr."""

    __slots__ = ("_api_base", "_api_key")
    _FIELDS: tuple[str, ...] = ()
    _api_base: str
    _api_key: SecretString

    def _values(self) -> dict[str, str]:
        values = {"api_key": self._api_key.expose_secret()}
        values.update({name: getattr(self, f"_{name}") for name in self._FIELDS})
        return values

    def _replace(self, **changes: str) -> Self:
        return type(self)(**{**self._values(), **changes})

    @classmethod
    def new(cls) -> Self:
        """The default configuration, read from the environment."""
        return cls()

    def with_api_key(self, api_key: str) -> Self:
        return self._replace(api_key=api_key)

    def with_api_base(self, api_base: str) -> Self:
        return self._replace(api_base=api_base)

    @property
    def api_base(self) -> str:
        return self._api_base

    @property
    def api_key(self) -> SecretString:
        return self._api_key

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, '_' + name)!r}" for name in self._FIELDS)
        return f"{type(self).__name__}({shown}, api_key={self._api_key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ConfigBase) and type(other) is type(self) and (
            self._values() == other._values()
        )

    __hash__ = None  # type: ignore[assignment]


class OpenAIConfig(_ConfigBase):
    """Configuration for api.openai.com and OpenAI-compatible servers (vLLM, Ollama, llama.cpp).

    Defaults come from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID`` and
    ``OPENAI_PROJECT_ID``. ``with_*`` methods return a new config.
    """

    __slots__ = ("_admin_headers", "_admin_key", "_headers", "_org_id", "_project_id")
    _FIELDS = ("api_base", "org_id", "project_id")
    _headers: dict[str, str]
    _admin_headers: dict[str, str]

    def __init__(
        self,
        api_key: str | None = None,
        api_base: str | None = None,
        org_id: str | None = None,
        project_id: str | None = None,
        admin_key: str | None = None,
    ) -> None:
        env = os.environ
        self._admin_key = SecretString(
            admin_key if admin_key is not None else env.get("OPENAI_ADMIN_KEY", ""))
        key = api_key if api_key is not None else env.get("OPENAI_API_KEY", "")
        self._api_key = SecretString(key)
        self._api_base = _check_header_value(
            "api_base",
            (api_base if api_base is not None else env.get("OPENAI_BASE_URL") or OPENAI_API_BASE),
        ).rstrip("/")
        self._org_id = _check_header_value(
            "org_id", org_id if org_id is not None else env.get("OPENAI_ORG_ID", "")
        )
        self._project_id = _check_header_value(
            "project_id", project_id if project_id is not None else env.get("OPENAI_PROJECT_ID", "")
        )

    def with_org_id(self, org_id: str) -> OpenAIConfig:
        return self._replace(org_id=org_id)

    def with_project_id(self, project_id: str) -> OpenAIConfig:
        return self._replace(project_id=project_id)

    def with_admin_key(self, admin_key: str) -> OpenAIConfig:
        """A config whose calls under ``/organization/`` authenticate with ``admin_key``
        (default: ``OPENAI_ADMIN_KEY``); other calls keep the API key."""
        return self._replace(admin_key=admin_key)

    @property
    def admin_key(self) -> SecretString:
        return self._admin_key

    def _values(self) -> dict[str, str]:
        values = _ConfigBase._values(self)
        values["admin_key"] = self._admin_key.expose_secret()
        return values

    def __repr__(self) -> str:
        shown = _ConfigBase.__repr__(self)
        return f"{shown[:-1]}, admin_key={self._admin_key!r})" if self._admin_key else shown

    def headers_for(self, path: str) -> Mapping[str, str]:
        """The headers of a call to ``path``: the admin key's under ``/organization/`` when one
        is set, else ``headers()``."""
        if not (self._admin_key and path.startswith("/organization/")):
            return self.headers()
        try:
            return self._admin_headers
        except AttributeError:
            h = dict(self.headers())
            h["Authorization"] = f"Bearer {self._admin_key.expose_secret()}"
            self._admin_headers = h
            return h

    @property
    def org_id(self) -> str:
        return self._org_id

    @property
    def project_id(self) -> str:
        return self._project_id

    def headers(self) -> Mapping[str, str]:
        # The config is immutable, so its headers are built once (and handed out read-only).
        try:
            return self._headers
        except AttributeError:
            self._headers = self._build_headers()
            return self._headers

    def _build_headers(self) -> dict[str, str]:
        h: dict[str, str] = {}
        if self._org_id:
            h[OPENAI_ORGANIZATION_HEADER] = self._org_id
        if self._project_id:
            h[OPENAI_PROJECT_HEADER] = self._project_id
        key = self._api_key.expose_secret()
        if key:
            h["Authorization"] = f"Bearer {key}"
        return h

    def url(self, path: str) -> str:
        return self._api_base + path

    def query(self) -> dict[str, str]:
        return {}


class AzureConfig(_ConfigBase):
    """Configuration for Azure OpenAI: ``{base}/openai/deployments/{id}{path}?api-version=...``.

    The key is sent in the ``api-key`` header and defaults to ``OPENAI_API_KEY``.
    """

    __slots__ = ("_api_version", "_deployment_id")
    _FIELDS = ("api_base", "deployment_id", "api_version")

    def __init__(
        self,
        api_key: str | None = None,
        api_base: str = "",
        deployment_id: str = "",
        api_version: str = "",
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY", "")
        self._api_key = SecretString(key)
        self._api_base = _check_header_value("api_base", api_base).rstrip("/")
        self._deployment_id = _check_header_value("deployment_id", deployment_id)
        self._api_version = _check_header_value("api_version", api_version)

    def with_deployment_id(self, deployment_id: str) -> AzureConfig:
        return self._replace(deployment_id=deployment_id)

    def with_api_version(self, api_version: str) -> AzureConfig:
        return self._replace(api_version=api_version)

    @property
    def deployment_id(self) -> str:
        return self._deployment_id

    @property
    def api_version(self) -> str:
        return self._api_version

    def headers(self) -> dict[str, str]:
        key = self._api_key.expose_secret()
        return {"api-key": key} if key else {}

    def url(self, path: str) -> str:
        from urllib.parse import quote

        return f"{self._api_base}/openai/deployments/{quote(self._deployment_id, safe='')}{path}"

    def query(self) -> dict[str, str]:
        return {"api-version": self._api_version} if self._api_version else {}
