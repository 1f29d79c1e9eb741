"""What ``Client`` and ``AsyncClient`` share: settings, copies, and the API group accessors."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Self

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


def _timeout(value: Timeout | float | tuple[float | None, float | None] | None) -> Timeout:
    if value is None:
        return Timeout()
    if isinstance(value, Timeout):
        return value
    if isinstance(value, tuple):
        return Timeout(connect=value[0], read=value[1])
    return Timeout(connect=min(5.0, float(value)), read=float(value))


class BaseClient:
    """Settings and API groups; subclasses add a transport and a driver."""

    _settings: CallSettings
    _transport: Any

    def __init__(
        self,
        config: Config | None = None,
        *,
        backoff: Backoff | None = None,
        timeout: Timeout | float | tuple[float | None, float | None] | None = None,
    ) -> None:
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

    def _copy(self, **settings: Any) -> Self:
        new = copy.copy(self)
        new._settings = CallSettings(
            settings.get("config", self._settings.config),
            settings.get("backoff", self._settings.backoff),
            settings.get("timeout", self._settings.timeout),
        )
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
        from .model import Models

        return Models(self)

    def chat(self) -> Chat[Self]:
        """Chat completions."""
        from .chat import Chat

        return Chat(self)

    def completions(self) -> Completions[Self]:
        """Legacy text completions."""
        from .completion import Completions

        return Completions(self)

    def embeddings(self) -> Embeddings[Self]:
        """Vector embeddings of text."""
        from .embedding import Embeddings

        return Embeddings(self)

    def moderations(self) -> Moderations[Self]:
        """Content moderation."""
        from .moderation import Moderations

        return Moderations(self)

    def files(self) -> Files[Self]:
        """Upload and manage files."""
        from .file import Files

        return Files(self)

    def uploads(self) -> Uploads[Self]:
        """Upload large files in parts."""
        from .uploads import Uploads

        return Uploads(self)

    def images(self) -> Images[Self]:
        """Generate and edit images."""
        from .image import Images

        return Images(self)

    def audio(self) -> Audio[Self]:
        """Speech, transcription and translation."""
        from .audio import Audio

        return Audio(self)

    def fine_tuning(self) -> FineTuning[Self]:
        """Fine-tuning jobs."""
        from .fine_tuning import FineTuning

        return FineTuning(self)

    def batches(self) -> Batches[Self]:
        """Batch jobs over JSONL request files."""
        from .batches import Batches

        return Batches(self)
