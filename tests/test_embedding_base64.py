"""Decoding base64 embeddings: exact float32 values, with and without numpy."""

from __future__ import annotations

import base64
import builtins
import math
import random
import struct
import sys
from typing import Any

import numpy as np
import pytest

from openai_rs_port.types import Base64Embedding, Base64EmbeddingVector

# Chosen to catch byte order, precision and special-value mistakes.
SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 3.4028234663852886e38, -3.4028234663852886e38,
           1.1754943508222875e-38, 1e-45, math.inf, -math.inf]


def f32(values: list[float]) -> list[float]:
    """Each value rounded to the float32 the server would hold."""
    return list(struct.unpack(f"<{len(values)}f", struct.pack(f"<{len(values)}f", *values)))


def encode(values: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode()


def item(values: list[float], index: int = 0) -> Base64Embedding:
    return Base64Embedding.from_dict(
        {"object": "embedding", "embedding": encode(values), "index": index}
    )


def same_floats(got: list[float], want: list[float]) -> bool:
    return len(got) == len(want) and all(
        struct.pack("<f", g) == struct.pack("<f", w) for g, w in zip(got, want, strict=True)
    )


def test_special_values_are_exact() -> None:
    got = item(SPECIAL).to_floats()
    assert all(type(x) is float for x in got)
    assert same_floats(got, f32(SPECIAL))
    assert math.copysign(1.0, got[1]) == -1.0  # -0.0 keeps its sign


def test_nan_survives() -> None:
    got = item([math.nan, 2.5]).to_floats()
    assert math.isnan(got[0]) and got[1] == 2.5


def test_random_vector_is_exact() -> None:
    rng = random.Random(1234)
    values = f32([rng.uniform(-1, 1) for _ in range(1536)])
    e = item(values, index=7)
    assert e.index == 7
    assert e.to_floats() == values
    assert e.embedding.to_floats() == values


def test_little_endian_is_assumed() -> None:
    # 1.0f is 00 00 80 3f little-endian; read big-endian it would be a tiny denormal.
    raw = base64.b64encode(b"\x00\x00\x80\x3f").decode()
    assert Base64EmbeddingVector(raw).to_floats() == [1.0]
    assert Base64EmbeddingVector(raw).to_bytes() == b"\x00\x00\x80\x3f"


def test_empty_vector() -> None:
    assert item([]).to_floats() == []
    assert item([]).to_numpy().shape == (0,)


def test_vector_is_a_str() -> None:
    e = item([1.5])
    assert isinstance(e.embedding, str) and type(e.embedding) is Base64EmbeddingVector
    assert e.embedding == encode([1.5])
    assert e.to_dict() == {"index": 0, "object": "embedding", "embedding": encode([1.5])}
    # Built directly from a plain str, the vector is wrapped as well.
    direct = Base64Embedding(index=0, embedding=encode([1.5]))  # type: ignore[arg-type]
    assert type(direct.embedding) is Base64EmbeddingVector
    assert direct.to_floats() == [1.5]
    assert direct == e


def test_malformed_base64_is_refused() -> None:
    with pytest.raises(ValueError):
        Base64EmbeddingVector("not base64!").to_floats()
    with pytest.raises(ValueError, match="float32"):
        Base64EmbeddingVector(base64.b64encode(b"\x00\x00\x80").decode()).to_floats()


def test_numpy_agrees() -> None:
    rng = random.Random(99)
    values = f32([rng.uniform(-10, 10) for _ in range(256)]) + f32(SPECIAL)
    e = item(values)
    arr = e.to_numpy()
    assert isinstance(arr, np.ndarray)
    assert arr.dtype == np.dtype("<f4") and arr.shape == (len(values),)
    assert arr.tobytes() == struct.pack(f"<{len(values)}f", *values)
    assert same_floats([float(x) for x in arr], e.to_floats())
    assert np.array_equal(arr, np.array(values, dtype=np.float32))
    # The array owns writable memory.
    arr[0] = 42.0
    assert e.to_numpy()[0] == np.float32(values[0])
    assert np.array_equal(e.embedding.to_numpy(), np.array(values, dtype=np.float32))


def test_numpy_missing_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_numpy(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError("No module named 'numpy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "numpy")
    monkeypatch.setattr(builtins, "__import__", no_numpy)
    e = item([1.0, 2.0])
    with pytest.raises(ImportError, match=r"pip install numpy.*to_floats\(\)"):
        e.to_numpy()
    # The pure path needs nothing.
    assert e.to_floats() == [1.0, 2.0]
