"""The global options: which server, which key (by the name of its variable), timeouts, retries."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import click

from .. import AzureConfig, Backoff, Client, OpenAIConfig
from ..config import Config


@dataclass
class Settings:
    """What the global flags say; the client is made on first use and closed with the command."""

    api_base: str | None = None
    api_key_env: str | None = None
    org: str | None = None
    project: str | None = None
    azure_endpoint: str | None = None
    azure_deployment: str | None = None
    azure_api_version: str | None = None
    azure_api_key_env: str | None = None
    timeout: float | None = None
    max_retries: int | None = None
    json: bool = False
    _client: Client | None = field(default=None, repr=False)

    def _key(self, name: str | None, flag: str) -> str | None:
        # The key is named, never given: a flag's value would show in `ps` and shell history.
        if name is None:
            return None
        value = os.environ.get(name)
        if value is None:
            raise click.UsageError(f"{flag} {name}: that environment variable is not set")
        return value

    def config(self) -> Config:
        """An ``AzureConfig`` when ``--azure-endpoint`` is given, else an ``OpenAIConfig``;
        whatever no flag sets comes from the environment, as the library reads it."""
        azure_only = (self.azure_deployment, self.azure_api_version, self.azure_api_key_env)
        if self.azure_endpoint is None:
            if any(v is not None for v in azure_only):
                raise click.UsageError("--azure-deployment, --azure-api-version and --azure-api-key-env "
                                       "need --azure-endpoint")
            return OpenAIConfig(api_key=self._key(self.api_key_env, "--api-key-env"),
                                api_base=self.api_base, org_id=self.org, project_id=self.project)
        if self.api_base is not None:
            raise click.UsageError("give --api-base or --azure-endpoint, not both")
        key = self._key(self.azure_api_key_env, "--azure-api-key-env")
        if key is None:
            key = self._key(self.api_key_env, "--api-key-env")
        return AzureConfig(api_key=key, api_base=self.azure_endpoint,
                           deployment_id=self.azure_deployment or "",
                           api_version=self.azure_api_version or "")

    def client(self) -> Client:
        """The command's ``Client`` (closed when the command ends)."""
        if self._client is None:
            backoff = None if self.max_retries is None else Backoff(max_retries=self.max_retries)
            self._client = Client(self.config(), backoff=backoff, timeout=self.timeout)
            click.get_current_context().call_on_close(self._client.close)
        return self._client


pass_settings = click.make_pass_decorator(Settings)
