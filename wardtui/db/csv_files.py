"""Reading a CSV file a person saved, for every import: payments and the tables (facilities,
recipients, milestones) read their files here and nowhere else.

- UTF-8 with or without a BOM, or CP949 as Korean Excel saves it; UTF-16 and binary files
  are refused in one line.
- Header cells are matched after NFKC and trimming, so a full-width or padded name is read.
- A file that is not CSV is one ``file: …`` line; a bad row is ``file:line: reason``, one
  printable line per row, so a cell holding a newline cannot break the report.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from wardtui.errors import WardError, one_line


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and encoding: UTF-8 (with or without BOM), or CP949 as Korean Excel saves it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WardError(f"{name}: UTF-16 파일은 읽지 않습니다 (Excel에서 'CSV UTF-8'로 저장하십시오)")
    if b"\x00" in data[:4096]:
        raise WardError(f"{name}: CSV 텍스트 파일이 아닙니다 (Excel에서 'CSV UTF-8'로 저장하십시오)")
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "CP949"
    except UnicodeDecodeError as exc:
        raise WardError(
            f"{name}: 글자 인코딩을 알 수 없습니다 ({exc.start}바이트째; UTF-8 또는 CP949로 저장하십시오)"
        ) from exc


@dataclass(frozen=True)
class Header:
    """Which cell holds each known column, and the header cells that name none."""

    index: dict[str, int]  # column key → cell (a column named twice: its last cell)
    unknown: list[str]  # the header cells as written, trimmed
    repeated: list[str]  # keys named more than once, in order

    def cell(self, cells: list[str], key: str) -> str | None:
        """The row's cell for ``key``; None when the header lacks it or the row is short."""
        i = self.index.get(key)
        return cells[i] if i is not None and i < len(cells) else None


def header_key(text: str) -> str:
    """A header cell or a column name as they are compared: NFKC, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


class CsvFile:
    """A decoded CSV file: its header row, then its rows one at a time (``rows``)."""

    def __init__(self, name: str, encoding: str, text: str) -> None:
        self.name = name
        self.encoding = encoding  # UTF-8 | CP949
        self._reader = csv.reader(io.StringIO(text, newline=""))
        try:
            self.header: list[str] | None = next(self._reader, None)  # None: the file is empty
        except csv.Error as exc:
            raise WardError(f"{name}: CSV 형식이 아닙니다 ({exc})") from exc

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for every row after the header, the line being where the row ends.
        Empty lines are skipped; a line of empty cells is a row, for the importer to judge.
        A file that stops being CSV part way is a WardError naming the line."""
        try:
            for cells in self._reader:
                if cells:
                    yield self._reader.line_num, cells
        except csv.Error as exc:
            raise WardError(f"{self.name}: {self._reader.line_num}행: CSV 형식이 아닙니다 ({exc})") from exc

    def columns(self, names: Mapping[str, str]) -> Header:
        """Map the header onto ``names`` (what a header may say → the column's key)."""
        known = {header_key(text): key for text, key in names.items()}
        index: dict[str, int] = {}
        unknown: list[str] = []
        repeated: list[str] = []
        for i, cell in enumerate(self.header or []):
            key = known.get(header_key(cell))
            if key is None:
                unknown.append(cell.strip())
                continue
            if key in index and key not in repeated:
                repeated.append(key)
            index[key] = i
        return Header(index, unknown, repeated)


def read_csv_file(path: Path) -> CsvFile:
    """Open and decode ``path`` and read its header; a WardError (one line) if it cannot be."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WardError(f"파일을 열 수 없습니다: {path} ({exc.strerror})") from exc
    text, encoding = decode(data, path.name)
    return CsvFile(path.name, encoding, text)


def problem_line(file_name: str, line: int, reason: str, *, unit: str = "") -> str:
    """A rejected row as the CLI prints it: ``file:line: reason`` (``unit`` after the number,
    as the table import writes 행), on one printable line."""
    return f"{file_name}:{line}{unit}: {one_line(reason)}"
