"""Gzip files whose bytes depend on the data alone."""

from __future__ import annotations

import gzip

from generator.compressed import gzip_bytes


def test_the_header_holds_no_name_no_time_and_no_operating_system() -> None:
    packed = gzip_bytes(b'{"a": 1}')
    assert packed[:3] == b"\x1f\x8b\x08"  # gzip's magic number, deflate
    assert packed[3] == 0  # no flags: no file name, no comment
    assert packed[4:8] == b"\0\0\0\0"  # no time
    assert packed[9] == 255  # "unknown" system, whatever this machine is


def test_the_data_reads_back_and_packs_the_same_every_time() -> None:
    data = "papers ünd topics ".encode() * 1000
    assert gzip.decompress(gzip_bytes(data)) == data
    assert gzip_bytes(data) == gzip_bytes(bytes(data))
    assert len(gzip_bytes(data)) < len(data) // 10


def test_empty_data_is_still_a_gzip_file() -> None:
    assert gzip.decompress(gzip_bytes(b"")) == b""
