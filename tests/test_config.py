"""Config: defaults from the environment, headers, Azure URLs, header-injection and secret hygiene."""

from __future__ import annotations

import logging
import pickle

import pytest

from openai_rs_port import AsyncClient, AzureConfig, Client, OpenAIConfig
from openai_rs_port.config import Config, SecretString
from openai_rs_port.error import InvalidArgument

KEY = "sk-config-SECRET-abcdef123456"


def test_openai_defaults_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    cfg = OpenAIConfig()
    assert cfg.api_base == "https://api.openai.com/v1"
    assert cfg.api_key.expose_secret() == ""
    assert "Authorization" not in cfg.headers()
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8000/v1/")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-1")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-1")
    cfg = OpenAIConfig.new()
    assert cfg.api_base == "http://localhost:8000/v1"
    assert cfg.url("/models") == "http://localhost:8000/v1/models"
    h = cfg.headers()
    assert h["Authorization"] == f"Bearer {KEY}"
    assert h["OpenAI-Organization"] == "org-1"
    assert h["OpenAI-Project"] == "proj-1"
    assert cfg.query() == {}


def test_openai_setters_return_new_configs() -> None:
    base = OpenAIConfig(api_key="a", api_base="http://x/v1")
    cfg = (base.with_api_key(KEY).with_api_base("http://y/v1").with_org_id("o")
           .with_project_id("p"))
    assert base.api_key.expose_secret() == "a" and base.api_base == "http://x/v1"
    assert cfg.api_key.expose_secret() == KEY
    assert (cfg.api_base, cfg.org_id, cfg.project_id) == ("http://y/v1", "o", "p")


def test_azure_url_query_and_key_header() -> None:
    cfg = (AzureConfig().with_api_base("https://res.openai.azure.com/")
           .with_deployment_id("gpt 4o").with_api_version("2024-10-21").with_api_key(KEY))
    assert cfg.url("/chat/completions") == (
        "https://res.openai.azure.com/openai/deployments/gpt%204o/chat/completions")
    assert cfg.query() == {"api-version": "2024-10-21"}
    assert cfg.headers() == {"api-key": KEY}
    assert "Authorization" not in cfg.headers()


@pytest.mark.parametrize("bad", ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"])
@pytest.mark.parametrize(
    "make",
    [
        lambda v: OpenAIConfig(api_key=v),
        lambda v: OpenAIConfig(api_key="k").with_org_id(v),
        lambda v: OpenAIConfig(api_key="k").with_project_id(v),
        lambda v: OpenAIConfig(api_key="k").with_api_base(v),
        lambda v: AzureConfig().with_api_key(v),
        lambda v: AzureConfig().with_api_version(v),
        lambda v: AzureConfig().with_deployment_id(v),
    ],
)
def test_header_injection_rejected_when_built(make: object, bad: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        make(bad)  # type: ignore[operator]
    assert bad not in str(info.value)


def test_secret_never_in_repr_str_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cfg = OpenAIConfig(api_key=KEY, org_id="org")
    az = AzureConfig(api_key=KEY, api_base="https://a", deployment_id="d", api_version="v")
    objs = [cfg, az, cfg.api_key, Client(cfg), AsyncClient(az), Client(az).chat()]
    for obj in objs:
        assert KEY not in repr(obj) and KEY not in str(obj)
        logging.getLogger("test").debug("object: %r %s", obj, obj)
    assert KEY not in caplog.text
    assert "REDACTED" in repr(cfg)
    with pytest.raises(TypeError):
        pickle.dumps(cfg.api_key)
    objs[3].close()


def test_secret_string_compares_without_revealing() -> None:
    assert SecretString("a") == SecretString("a")
    assert SecretString("a") != SecretString("b")
    assert not SecretString("")


def test_custom_config_satisfies_protocol() -> None:
    class Mine:
        api_base = "http://mine"
        api_key = SecretString("k")

        def headers(self) -> dict[str, str]:
            return {"X-Key": "k"}

        def url(self, path: str) -> str:
            return self.api_base + path

        def query(self) -> dict[str, str]:
            return {"v": "1"}

    assert isinstance(Mine(), Config)
    client = Client.with_config(Mine())
    assert client.config().url("/models") == "http://mine/models"
    client.close()


def test_group_resources_bind_to_their_own_client() -> None:
    from openai_rs_port import Backoff

    client = Client(OpenAIConfig(api_key="k", api_base="http://127.0.0.1:9"))
    assert client.chat() is client.chat()
    fast = client.with_backoff(Backoff.disabled())
    assert fast.chat().client is fast and client.chat().client is client
    assert fast.backoff.max_retries == 0 and client.backoff.max_retries == 2
    client.close()
