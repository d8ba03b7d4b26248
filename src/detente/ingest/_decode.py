"""Bytes to text: UTF-8 first, then a detected encoding, never silent mojibake."""

from __future__ import annotations

import codecs
import re

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
                problem = f"declares {name} by its byte-order mark but is not: {exc.reason}"
                raise EncodingError(source, problem) from None
    if b"\x00" in data[:8192]:
        raise EncodingError(source, "looks like a binary file (NUL bytes), not text or HTML")
    try:
        return _checked(source, data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return _checked(source, data.decode(declared), declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    western = _plausible_cp1252(data)
    if western is not None:
        return _checked(source, western, "cp1252"), "cp1252"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(
            source, "is not UTF-8 and its encoding could not be detected; convert it to UTF-8"
        )
    return _checked(source, str(best), best.encoding), best.encoding


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# Share of non-ASCII letters above which a cp1252 reading is taken for another script decoded
# wrongly (Cyrillic or Greek bytes read as cp1252 turn whole words into accented Latin).
_MAX_NON_ASCII_LETTERS = 0.2


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _plausible_cp1252(data: bytes) -> str | None:
    """Decode as Windows-1252 (the web's usual non-UTF-8 encoding) if the result reads as text.

    charset-normalizer guesses poorly on short Western European texts (cp1252 news comes back as
    cp775 or cp1250), so the common case is tried first and kept only when plausible.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for ch in letters if not ch.isascii())
    return text if non_ascii / len(letters) <= _MAX_NON_ASCII_LETTERS else None


def _checked(source: str, text: str, encoding: str) -> str:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if text and control / len(text) > _MAX_CONTROL_SHARE:
        raise EncodingError(source, f"decodes as {encoding} but is mostly control bytes (binary?)")
    if not text.strip():
        raise EmptyInputError(source, "input is empty")
    return text
