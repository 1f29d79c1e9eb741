"""What ``Client`` and ``AsyncClient`` share: settings, copies, and the API group accessors."""

from __future__ import annotations

import copy
import importlib
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, cast

from ._flow import Backoff, CallSettings
from ._request import Timeout
from .config import Config, OpenAIConfig

if TYPE_CHECKING:
    from .audio import Audio
    from .batches import Batches
    from .chat import Chat
    from .completion import Completions
    from .embedding import Embeddings
    from .file import Files
    from .fine_tuning import FineTuning
    from .image import Images
    from .model import Models
    from .moderation import Moderations
    from .uploads import Uploads

__all__ = ["BaseClient"]


_GROUPS: dict[str, tuple[str, str]] = {
    "models": (".model", "Models"),
    "chat": (".chat", "Chat"),
    "completions": (".completion", "Completions"),
    "embeddings": (".embedding", "Embeddings"),
    "moderations": (".moderation", "Moderations"),
    "files": (".file", "Files"),
    "uploads": (".uploads", "Uploads"),
    "images": (".image", "Images"),
    "audio": (".audio", "Audio"),
    "fine_tuning": (".fine_tuning", "FineTuning"),
    "batches": (".batches", "Batches"),
}
"""Accessor name -> (module, resource class): a group's module loads on first use."""


def _timeout(value: Timeout | float | tuple[float | None, float | None] | None) -> Timeout:
    if value is None:
        return Timeout()
    if isinstance(value, Timeout):
        return value
    if isinstance(value, tuple):
        return Timeout(connect=value[0], read=value[1])
    return Timeout(connect=min(5.0, float(value)), read=float(value))


H = TypeVar("H")
"""The HTTP session type of a mode: ``requests.Session`` or ``aiohttp.ClientSession``."""


class BaseClient(Generic[H]):
    """Settings and API groups; subclasses add a transport and a driver."""

    _settings: CallSettings
    _transport: Any
    _groups: dict[str, Any]
    # The mode's transport class, built from an optional caller-owned session.
    _transport_type: ClassVar[type[Any]]

    def __init__(
        self,
        config: Config | None = None,
        *,
        backoff: Backoff | None = None,
        timeout: Timeout | float | tuple[float | None, float | None] | None = None,
        http_client: H | None = None,
    ) -> None:
        self._transport = self._transport_type(http_client)
        self._groups = {}
        self._settings = CallSettings(
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

    def _group(self, name: str) -> Any:
        try:
            return self._groups[name]
        except KeyError:
            module, cls = _GROUPS[name]
            resource = getattr(importlib.import_module(module, __package__), cls)(self)
            self._groups[name] = resource
            return resource

    def _copy(self, **settings: Any) -> Self:
        new = copy.copy(self)
        new._groups = {}  # resources are bound to the client they came from
        new._settings = CallSettings(
            settings.get("config", self._settings.config),
            settings.get("backoff", self._settings.backoff),
            settings.get("timeout", self._settings.timeout),
        )
        return new

    def with_http_client(self, http_client: H) -> Self:
        """A client sending over the caller's own session (which the caller closes)."""
        new = self._copy()
        new._transport = self._transport_type(http_client)
        return new

    def with_backoff(self, backoff: Backoff) -> Self:
        """A client sharing this one's connections, retrying by ``backoff``."""
        return self._copy(backoff=backoff)

    def with_timeout(self, timeout: Timeout | float | tuple[float | None, float | None]) -> Self:
        """A client sharing this one's connections with other timeouts (use it per call)."""
        return self._copy(timeout=_timeout(timeout))

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

    def models(self) -> Models[Self]:
        """List and describe the models available in the API."""
        return cast("Models[Self]", self._group("models"))

    def chat(self) -> Chat[Self]:
        """Chat completions."""
        return cast("Chat[Self]", self._group("chat"))

    def completions(self) -> Completions[Self]:
        """Legacy text completions."""
        return cast("Completions[Self]", self._group("completions"))

    def embeddings(self) -> Embeddings[Self]:
        """Vector embeddings of text."""
        return cast("Embeddings[Self]", self._group("embeddings"))

    def moderations(self) -> Moderations[Self]:
        """Content moderation."""
        return cast("Moderations[Self]", self._group("moderations"))

    def files(self) -> Files[Self]:
        """Upload and manage files."""
        return cast("Files[Self]", self._group("files"))

    def uploads(self) -> Uploads[Self]:
        """Upload large files in parts."""
        return cast("Uploads[Self]", self._group("uploads"))

    def images(self) -> Images[Self]:
        """Generate and edit images."""
        return cast("Images[Self]", self._group("images"))

    def audio(self) -> Audio[Self]:
        """Speech, transcription and translation."""
        return cast("Audio[Self]", self._group("audio"))

    def fine_tuning(self) -> FineTuning[Self]:
        """Fine-tuning jobs."""
        return cast("FineTuning[Self]", self._group("fine_tuning"))

    def batches(self) -> Batches[Self]:
        """Batch jobs over JSONL request files."""
        return cast("Batches[Self]", self._group("batches"))
