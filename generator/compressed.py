"""Files stored gzip-compressed, the same bytes for the same data on every machine.

`gzip.compress(data, mtime=0)` is not enough: on Python 3.11 and 3.12 it hands the work to
zlib, whose header names the operating system it ran on (3 on Linux, 19 on macOS, 11 on
Windows), where 3.10 and 3.13 write 255, "unknown". `GzipFile` writes 255 on every version and
platform, with no file name and, given `mtime=0`, no time: the header depends on nothing but
the data.
"""

from __future__ import annotations

import gzip
import io

COMPRESSION_LEVEL = 6
"""zlib's default: level 9 saves under 1% on the site's JSON and takes up to four times as long."""


def gzip_bytes(data: bytes) -> bytes:
    """`data` gzip-compressed, with a header of no name, no time and an unknown system."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", fileobj=buffer, mode="wb", compresslevel=COMPRESSION_LEVEL, mtime=0
    ) as packed:
        packed.write(data)
    return buffer.getvalue()
