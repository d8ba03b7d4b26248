"""Bytes to text: UTF-8 first, then a detected encoding, never silent mojibake."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from detente.errors import EmptyInputError, EncodingError, InputError

__all__ = ["check_size", "decode"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters (other than tab/newline/CR/form feed) above which decoded "text" is
# really binary; text in any language has almost none.
_MAX_CONTROL_SHARE = 0.01


def check_size(source: str, size: int, limit: int) -> None:
    """Raise InputError when ``size`` bytes exceed ``limit``."""
    if size > limit:
        raise InputError(
            source,
            f"input is {size / 1_048_576:.1f} MB, over the {limit / 1_048_576:.1f} MB limit "
            "(set DETENTE_MAX_BYTES or --max-bytes to raise it)",
        )


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``.

    Raises:
        EmptyInputError: no bytes, or only whitespace.
        EncodingError: binary data, or an encoding that cannot be detected.
    """
    if not data.strip():
        raise EmptyInputError(source, "input is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(source, data.decode(name), name), name
            except UnicodeDecodeError as exc:
                raise EncodingError(source, f"declares {name} by its BOM but is not: {exc.reason}")
    if b"\x00" in data[:8192]:
        raise EncodingError(source, "looks like a binary file (NUL bytes), not text or HTML")
    try:
        return _checked(source, data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(
            source, "is not UTF-8 and its encoding could not be detected; convert it to UTF-8"
        )
    return _checked(source, str(best), best.encoding), best.encoding


def _checked(source: str, text: str, encoding: str) -> str:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if text and control / len(text) > _MAX_CONTROL_SHARE:
        raise EncodingError(source, f"decodes as {encoding} but is mostly control bytes (binary?)")
    if not text.strip():
        raise EmptyInputError(source, "input is empty")
    return text
