"""What ``Client`` and ``AsyncClient`` share: settings, copies, and the API group accessors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import wraps
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from ._flow import Backoff, CallSettings
from ._pagination import Page
from ._request import ApiRequest, Timeout, query_pairs
from ._response import RawResponse
from .config import Config, OpenAIConfig, check_header_name, check_header_value
from .error import InvalidArgument

if TYPE_CHECKING:
    from ._network import Verify
    from .admin_api_keys import AdminApiKeys
    from .assistants import Assistants
    from .audio import Audio
    from .audit_logs import AuditLogs
    from .batch_jobs import BatchJobs
    from .batches import Batches
    from .certificates import Certificates
    from .chat import Chat
    from .completion import Completions
    from .costs import Costs
    from .embedding import Embeddings
    from .evals import Evals
    from .file import Files
    from .fine_tuning import FineTuning
    from .image import Images
    from .invites import Invites
    from .model import Models
    from .moderation import Moderations
    from .projects import Projects
    from .realtime import Realtime
    from .responses import Responses
    from .threads import Threads
    from .uploads import Uploads
    from .usage import Usage
    from .users import Users
    from .vector_stores import VectorStores

__all__ = ["BaseClient"]

F = TypeVar("F", bound=Callable[[Any], Any])


def _group(accessor: F) -> F:
    """An API group accessor whose resource is made once per client, on first use.

    The accessor's own body (which imports the group's module) runs only then.
    """

    @wraps(accessor)
    def cached(self: Any) -> Any:
        try:
            return self._groups[accessor]
        except KeyError:
            resource = self._groups[accessor] = accessor(self)
            return resource

    return cached  # type: ignore[return-value]


def _timeout(value: Timeout | float | tuple[float | None, float | None] | None) -> Timeout:
    if value is None:
        return Timeout()
    if isinstance(value, Timeout):
        return value
    if isinstance(value, tuple):
        return Timeout(connect=value[0], read=value[1])
    return Timeout(connect=min(5.0, float(value)), read=float(value))


R = TypeVar("R")
H = TypeVar("H")
"""The HTTP session type of a mode: ``requests.Session`` or ``aiohttp.ClientSession``."""


class BaseClient(Generic[H]):
    """Settings and API groups; subclasses add a transport and a driver."""

    _settings: CallSettings
    _transport: Any
    _groups: dict[Callable[..., Any], Any]
    # The mode's transport class, built from an optional caller-owned session.
    _transport_type: ClassVar[type[Any]]

    def __init__(
        self,
        config: Config | None = None,
        *,
        backoff: Backoff | None = None,
        timeout: Timeout | float | tuple[float | None, float | None] | None = None,
        http_client: H | None = None,
        proxy: str | None = None,
        verify: Verify = None,
    ) -> None:
        """A client for ``config`` (``OpenAIConfig()`` from the environment by default).

        ``proxy``: one proxy URL (``http://[user:password@]host:port``) for every request,
        whatever HTTP_PROXY, HTTPS_PROXY or NO_PROXY say; without it those variables
        apply. ``verify``: the CA bundle to trust (a file or directory path), an
        ``ssl.SSLContext``, or False for no verification; by default the first of
        REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, SSL_CERT_FILE, SSL_CERT_DIR that is set, else
        certifi's bundle (a variable naming a missing path fails at once). Both
        mean the same in ``Client`` and ``AsyncClient``, and both configure the session
        the client opens: with ``http_client`` set them on that session instead.
        """
        self._transport = self._transport_type(http_client, proxy=proxy, verify=verify)
        self._groups = {}
        self._settings = CallSettings.of(
            config if config is not None else OpenAIConfig(),
            backoff if backoff is not None else Backoff(),
            _timeout(timeout),
        )

    @classmethod
    def new(cls) -> Self:
        """A client with ``OpenAIConfig`` read from the environment."""
        return cls()

    @classmethod
    def with_config(cls, config: Config) -> Self:
        """A new client for ``config`` (``Client::with_config`` in Rust)."""
        return cls(config)

    def _copy(self, cls: type[Any] | None = None, **settings: Any) -> Any:
        new = object.__new__(cls or type(self))
        new.__dict__.update(self.__dict__)
        new._groups = {}  # resources are bound to the client they came from
        new._settings = replace(self._settings, **settings) if settings else self._settings
        return new

    def with_options(
        self,
        *,
        timeout: Timeout | float | tuple[float | None, float | None] | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, object] | Iterable[tuple[str, object]] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Self:
        """A client for the next call or calls, sharing this one's connections.

        ``headers`` are added to the config's and win over them; ``query`` pairs are
        added to the URL; ``extra_body`` is merged into the top level of a JSON body
        (its keys win) or added as form fields; ``max_retries`` and ``timeout``
        override the client's. Options given again on the copy add to these.
        """
        s = self._settings
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = _timeout(timeout)
        if max_retries is not None:
            if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
                raise InvalidArgument("max_retries must be an int >= 0")
            changes["backoff"] = replace(s.backoff, max_retries=max_retries)
        if headers:
            checked = tuple((check_header_name(k), check_header_value(k, v)) for k, v in headers.items())
            changes["headers"] = s.headers + checked
        if query:
            changes["query"] = s.query + query_pairs(query)
        if extra_body:
            if not isinstance(extra_body, Mapping):
                raise InvalidArgument("extra_body must be a mapping")
            changes["extra_body"] = {**(s.extra_body or {}), **extra_body}
        return self._copy(**changes)  # type: ignore[no-any-return]

    def with_http_client(self, http_client: H) -> Self:
        """A client sending over the caller's own session (which the caller closes)."""
        new: Self = self._copy()
        new._transport = self._transport_type(http_client)
        return new

    def with_backoff(self, backoff: Backoff) -> Self:
        """A client sharing this one's connections, retrying by ``backoff``."""
        return self._copy(backoff=backoff)  # type: ignore[no-any-return]

    def with_timeout(self, timeout: Timeout | float | tuple[float | None, float | None]) -> Self:
        """A client sharing this one's connections with other timeouts (use it per call)."""
        return self._copy(timeout=_timeout(timeout))  # type: ignore[no-any-return]

    # What both drivers do with a call's result ------------------------------

    _stream_type: ClassVar[type[Any]]

    def _finish(self, api: ApiRequest[Any], result: Any) -> Any:
        """The caller's value: a stream around an open response, or the decoded value."""
        spec = api.stream
        if spec is None:
            return result
        if type(result) is RawResponse:
            stream_type = self._stream_type
            return result._map(lambda response: stream_type(response, spec))
        return self._stream_type(result, spec)

    def _bound_page(self, api: ApiRequest[Any], result: Any) -> Any:
        # The page remembers where it came from, so that it can fetch the next one.
        plain = self._copy(raw=False) if self._settings.raw else self
        if type(result) is RawResponse:
            return result._map(lambda page: _bind(page, plain, api))
        return _bind(result, plain, api)

    def config(self) -> Config:
        return self._settings.config  # type: ignore[no-any-return]

    @property
    def backoff(self) -> Backoff:
        return self._settings.backoff

    @property
    def timeout(self) -> Timeout:
        return self._settings.timeout

    def __repr__(self) -> str:
        return f"{type(self).__name__}(config={self._settings.config!r})"


    # API groups -------------------------------------------------------------

    @_group
    def models(self) -> Models[Self]:
        """List and describe the models available in the API."""
        from .model import Models

        return Models(self)

    @_group
    def chat(self) -> Chat[Self]:
        """Chat completions."""
        from .chat import Chat

        return Chat(self)

    @_group
    def completions(self) -> Completions[Self]:
        """Legacy text completions."""
        from .completion import Completions

        return Completions(self)

    @_group
    def embeddings(self) -> Embeddings[Self]:
        """Vector embeddings of text."""
        from .embedding import Embeddings

        return Embeddings(self)

    @_group
    def moderations(self) -> Moderations[Self]:
        """Content moderation."""
        from .moderation import Moderations

        return Moderations(self)

    @_group
    def files(self) -> Files[Self]:
        """Upload and manage files."""
        from .file import Files

        return Files(self)

    @_group
    def uploads(self) -> Uploads[Self]:
        """Upload large files in parts."""
        from .uploads import Uploads

        return Uploads(self)

    @_group
    def images(self) -> Images[Self]:
        """Generate and edit images."""
        from .image import Images

        return Images(self)

    @_group
    def audio(self) -> Audio[Self]:
        """Speech, transcription and translation."""
        from .audio import Audio

        return Audio(self)

    @_group
    def fine_tuning(self) -> FineTuning[Self]:
        """Fine-tuning jobs."""
        from .fine_tuning import FineTuning

        return FineTuning(self)

    @_group
    def batches(self) -> Batches[Self]:
        """Batch jobs over JSONL request files."""
        from .batches import Batches

        return Batches(self)

    @_group
    def batch_jobs(self) -> BatchJobs[Self]:
        """Large jobs on the Batch API: split, uploaded, followed, joined, resubmitted, resumed."""
        from .batch_jobs import BatchJobs

        return BatchJobs(self)

    @_group
    def assistants(self) -> Assistants[Self]:
        """Assistants (beta: sends ``OpenAI-Beta: assistants=v2``)."""
        from .assistants import Assistants

        return Assistants(self)

    @_group
    def threads(self) -> Threads[Self]:
        """Threads, with their messages, runs and run steps (beta)."""
        from .threads import Threads

        return Threads(self)

    @_group
    def vector_stores(self) -> VectorStores[Self]:
        """Vector stores, with their files and file batches (beta)."""
        from .vector_stores import VectorStores

        return VectorStores(self)

    @_group
    def responses(self) -> Responses[Self]:
        """The Responses API: model responses to text, items and tools; stored responses."""
        from .responses import Responses

        return Responses(self)

    @_group
    def evals(self) -> Evals[Self]:
        """Evals, with their runs and the runs' output items."""
        from .evals import Evals

        return Evals(self)

    @_group
    def realtime(self) -> Realtime[Self]:
        """Realtime sessions (ephemeral client secrets)."""
        from .realtime import Realtime

        return Realtime(self)

    @_group
    def audit_logs(self) -> AuditLogs[Self]:
        """The organization's audit logs (admin key)."""
        from .audit_logs import AuditLogs

        return AuditLogs(self)

    @_group
    def invites(self) -> Invites[Self]:
        """Invites to the organization (admin key)."""
        from .invites import Invites

        return Invites(self)

    @_group
    def users(self) -> Users[Self]:
        """The organization's users and their roles (admin key)."""
        from .users import Users

        return Users(self)

    @_group
    def projects(self) -> Projects[Self]:
        """The organization's projects, with their users, service accounts and keys (admin key)."""
        from .projects import Projects

        return Projects(self)


    @_group
    def admin_api_keys(self) -> AdminApiKeys[Self]:
        """The organization's admin keys (admin key)."""
        from .admin_api_keys import AdminApiKeys

        return AdminApiKeys(self)


    @_group
    def certificates(self) -> Certificates[Self]:
        """The organization's certificates (admin key)."""
        from .certificates import Certificates

        return Certificates(self)


    @_group
    def usage(self) -> Usage[Self]:
        """The organization's usage, per time bucket (admin key)."""
        from .usage import Usage

        return Usage(self)


    @_group
    def costs(self) -> Costs[Self]:
        """The organization's costs, per day (admin key)."""
        from .costs import Costs

        return Costs(self)


def _bind(page: Any, client: Any, api: ApiRequest[Any]) -> Any:
    if isinstance(page, Page):
        page._bind(client, api)
    return page
