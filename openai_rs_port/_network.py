"""Network settings both transports read the same way: the proxy and the CA bundle to trust.

``Client`` hands them to requests and ``AsyncClient`` to aiohttp. The environment is read
here, by one set of rules, so that the two modes reach the same hosts through the same
proxy and trust the same certificates.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import ssl
from typing import Union
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies, proxy_bypass

from .error import InvalidArgument

__all__ = [
    "CA_BUNDLE_VARIABLES",
    "Verify",
    "check_network_args",
    "check_proxy",
    "env_has_proxy",
    "env_proxy",
    "hide_secret",
    "origin",
    "proxy_password",
    "resolve_verify",
    "ssl_context",
    "tls_failure",
]

Verify = Union[bool, str, "os.PathLike[str]", ssl.SSLContext, None]

# Read in this order when verify is left at its default: requests' own two first, so a
# requests user's setting means the same in both modes, then OpenSSL's (as the official
# SDK reads them).
CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


def check_network_args(session_given: bool, proxy: str | None, verify: Verify) -> None:
    if session_given and (proxy is not None or verify is not None):
        raise InvalidArgument(
            "proxy= and verify= configure the session the client opens; "
            "with http_client=, set them on your own session instead"
        )


def check_proxy(proxy: str | None) -> str | None:
    # The message never repeats the URL: it may carry a password.
    if proxy is None:
        return None
    if not isinstance(proxy, str):
        raise InvalidArgument(f"proxy must be a URL string, not {type(proxy).__name__}")
    try:
        parts = urlsplit(proxy)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        ok = False
    if not ok:
        raise InvalidArgument("proxy must be an http:// or https:// URL, such as 'http://127.0.0.1:3128'")
    return proxy


def resolve_verify(verify: Verify) -> bool | str | ssl.SSLContext:
    # False, an SSLContext, a CA bundle path, or True for the default bundle. A bundle
    # that is named but missing fails here, when the client is made, not at some later call.
    if verify is False or isinstance(verify, ssl.SSLContext):
        return verify
    if verify is None or verify is True:
        for name in CA_BUNDLE_VARIABLES:
            path = os.environ.get(name)
            if path:
                if not os.path.exists(path):
                    raise InvalidArgument(f"{name} names a CA bundle that does not exist: {path!r}")
                return path
        return True
    if isinstance(verify, (str, os.PathLike)):
        path = os.fspath(verify)
        if not path or not os.path.exists(path):
            raise InvalidArgument(f"verify names a CA bundle that does not exist: {path!r}")
        return path
    raise InvalidArgument(
        "verify must be True, False, a CA bundle path or an ssl.SSLContext, "
        f"not {type(verify).__name__}"
    )


def ssl_context(verify: bool | str | ssl.SSLContext) -> ssl.SSLContext | bool:
    # resolve_verify's answer as aiohttp takes it. True becomes certifi's bundle, which
    # requests uses, so that the default trusts the same CAs in both modes.
    if verify is False or isinstance(verify, ssl.SSLContext):
        return verify
    path = verify
    if path is True:
        try:
            import certifi
        except ImportError:  # pragma: no cover - requests depends on certifi
            return True
        path = certifi.where()
    assert isinstance(path, str)
    try:
        st = os.stat(path)
    except OSError as e:
        raise InvalidArgument(f"cannot load the CA bundle {path!r}: {e.strerror or e}") from None
    return _context_for(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16)
def _context_for(path: str, mtime_ns: int, size: int) -> ssl.SSLContext:
    # Loading a bundle takes tens of milliseconds: once per file (and version of it).
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (ssl.SSLError, OSError) as e:
        raise InvalidArgument(f"cannot load the CA bundle {path!r}: {e}") from None


def env_has_proxy() -> bool:
    proxies = getproxies()
    return any(proxies.get(k) for k in ("http", "https", "all"))


def env_proxy(url: str) -> str | None:
    # HTTP_PROXY / HTTPS_PROXY / ALL_PROXY for url's scheme, unless NO_PROXY names its host
    # (a name, a domain suffix, "*", or for an IP address a CIDR block), as requests decides.
    parts = urlsplit(url)
    proxies = getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy:
        return None
    host = parts.hostname
    if host and (proxy_bypass(host) or _in_no_proxy_network(host)):
        return None
    return proxy


def _in_no_proxy_network(host: str) -> bool:
    no_proxy = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    for entry in no_proxy.replace(" ", "").split(","):
        if "/" in entry:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
    return False


def origin(url: str) -> str:
    # What an error may name: never the path, the query or userinfo.
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def tls_failure(exc: BaseException, url: str) -> str | None:
    # A message that says what to do, when exc comes from a certificate that failed
    # verification; None for any other error.
    seen: set[int] = set()
    stack: list[object] = [exc]
    while stack and len(seen) < 32:
        e = stack.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLCertVerificationError) and not hasattr(e, "certificate_error"):
            reason = e.verify_message or e.reason or str(e)
            return (
                f"certificate verification failed for {origin(url)}: {reason}. "
                "Trust the server's CA with verify=<CA bundle path> or verify=<ssl.SSLContext>, "
                "or set SSL_CERT_FILE or REQUESTS_CA_BUNDLE"
            )
        # aiohttp keeps the ssl error as .certificate_error (its own error subclasses the
        # ssl one without its fields), urllib3 as .reason; requests nests it in args.
        stack.extend((getattr(e, "certificate_error", None), getattr(e, "reason", None),
                      e.__cause__, e.__context__, *e.args))
    return None


_TOKEN = "A-Za-z0-9._~+/=%-"


def proxy_password(proxy: str | None) -> tuple[str, ...]:
    # As written and decoded: a library may quote either.
    password = urlsplit(proxy).password if proxy else None
    return (password, unquote(password)) if password else ()


def hide_secret(text: str, secrets: tuple[str, ...]) -> str:
    # Whole tokens only, so that a short password cannot garble other words.
    for secret in secrets:
        if secret in text:
            text = re.sub(f"(?<![{_TOKEN}]){re.escape(secret)}(?![{_TOKEN}])", "[REDACTED]", text)
    return text
