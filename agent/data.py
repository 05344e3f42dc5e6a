"""Loading and validating user tables: clear errors that say what to fix, and a record of
every change made to the data (dropped columns, coerced values, how the file was read).

``load_table`` judges a file by its bytes, not its name (a PDF, spreadsheet, archive or
web page renamed ``.csv`` gets a message saying what it is and what to pass instead),
never opens anything but a regular file (a FIFO would block), refuses files over the size
limit before reading them, and reads a ``.csv`` that is really separated by ';' or tabs
the way it is written. How the file was read is recorded in ``frame.attrs["load_notes"]``,
which ``prepare_frame`` turns into notes."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tools.base import DataError
from tools.profiling import distinct_count

MAX_FILE_BYTES = 500 * 1024 * 1024
MAX_CATEGORY_LEVELS = 50
HEAD_BYTES = 65536
SUPPORTED_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": None, ".parquet": None}
DELIMITERS = (",", ";", "\t", "|")
SHARE_HINT = "Give a CSV, TSV or Parquet file."
LOAD_NOTES = "load_notes"

_EXPORT = "Open it and save the sheet as CSV (File → Save As → CSV), then pass the .csv file."
_SIGNATURES: list[tuple[bytes, str, str]] = [  # magic bytes, what the file is, what to do
    (b"%PDF", "a PDF document", "Export the table from its source as CSV."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (e.g. Excel .xls)", _EXPORT),
    (b"\x89PNG", "a PNG image", SHARE_HINT),
    (b"\xff\xd8\xff", "a JPEG image", SHARE_HINT),
    (b"GIF8", "a GIF image", SHARE_HINT),
    (b"\x1f\x8b", "gzip-compressed", "Decompress it first (gunzip FILE) and pass the .csv inside."),
    (b"\xfd7zXZ\x00", "xz-compressed", "Decompress it first (unxz FILE) and pass the .csv inside."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Extract it and pass the .csv inside."),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed", "Decompress it first (unzstd FILE) and pass the .csv inside."),
    (b"SQLite format 3\x00", "an SQLite database",
     "Export the table as CSV (sqlite3 -header -csv DB 'SELECT * FROM t' > t.csv)."),
]
_MISSING_TOKENS = {"?", "-", "--", ".", "na", "n/a", "nan", "null", "none", "missing", "#n/a", ""}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


@dataclass
class PreparedData:
    """The cleaned frame plus notes on what was changed and why."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)  # column -> reason


# ---------------------------------------------------------------------------- loading
def load_table(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> pd.DataFrame:
    """Read a CSV/TSV/TXT (delimiter sniffed, BOM and encoding handled) or Parquet file.

    Raises ``DataError`` naming the problem and the fix: missing path, directory or
    special file, empty, too large, not a table (by content), unparsable."""
    p = Path(path)
    if not p.exists():
        raise DataError(f"File not found: {p}. Check the path.")
    if p.is_dir():
        raise DataError(f"{p} is a directory; give a CSV, TSV or Parquet file inside it.")
    if not p.is_file():
        raise DataError(f"{p} is not a regular file (a pipe or device?); save the table to a file first.")
    size = p.stat().st_size
    if size == 0:
        raise DataError(f"{p.name} is empty: it needs a header row and at least a few data rows.")
    if size > max_bytes:
        raise DataError(f"{p.name} is {_human(size)}; the limit is {_human(max_bytes)}. "
                        "Sample the rows (e.g. 1M) or select the columns you need first.")
    try:
        with p.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise DataError(f"Cannot read {p.name}: {exc.strerror or exc}. Check the file's permissions.") from None
    if head[:4] == b"PAR1" or p.suffix.lower() == ".parquet":
        return _read_parquet(p, head)
    _refuse_non_tables(p.name, head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 ("Unicode text" from Excel): small enough to decode
        text = p.read_bytes().decode("utf-16")
        frame = read_text_table(head_text=text[:HEAD_BYTES], sep=None, text=text)
        _add_load_note(frame, f"{p.name} is UTF-16 text; it was decoded as such.")
        return frame
    if b"\x00" in head:
        raise DataError(f"{p.name} looks binary, not a text table. {SHARE_HINT}")
    encoding = _encoding(head)
    frame = read_text_table(head_text=head.decode(encoding, errors="replace"), path=p,
                            sep=SUPPORTED_SUFFIXES.get(p.suffix.lower()), encoding=encoding)
    if encoding != "utf-8-sig":
        _add_load_note(frame, f"{p.name} is not UTF-8; it was read as {encoding} (check accented names).")
    return frame


def read_text_table(head_text: str, path: Path | None = None, sep: str | None = None,
                    text: str | None = None, encoding: str = "utf-8-sig") -> pd.DataFrame:
    """Parse delimited text from ``path`` (or ``text``). ``sep`` is the delimiter the file's
    name promises; when its header row does not contain it, the delimiter is sniffed from
    the header instead (and a load note says so). Duplicate header names are an error."""
    lines = head_text.lstrip("\ufeff").splitlines()
    header = lines[0] if lines else ""
    if not header.strip():
        raise DataError("The first line is blank: the table needs a header row of column names first.")
    promised = sep
    if sep is None or sep not in header:
        sep = _sniff_delimiter(header, promised)
    decimal = "," if sep in (";", "\t") and _decimal_commas(lines[1:200]) else "."
    _check_header(header, sep)
    source = io.StringIO(text) if text is not None else path
    try:
        frame = pd.read_csv(source, sep=sep, decimal=decimal, encoding=encoding if text is None else None,
                            encoding_errors="replace", skipinitialspace=True,
                            engine="python" if sep == " " else "c")
    except pd.errors.EmptyDataError:
        raise DataError("The file has no columns: it needs a header row and data rows.") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"Cannot parse the table ({str(exc).splitlines()[0]}). Check the delimiter and quoting: "
                        "every row needs as many fields as the header.") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"Cannot decode the file ({exc.reason}). Save it as UTF-8 CSV.") from None
    if frame.shape[1] == 1 and frame.shape[0] > 0:
        raise DataError("Only one column was found. Separate the columns with commas (or ';' or tabs) and "
                        "give every column a header.")
    if promised is not None and sep != promised:
        _add_load_note(frame, f"The file's columns are separated by {_sep_name(sep)}, not "
                              f"{_sep_name(promised)} as its name suggests; it was read that way.")
    if decimal == ",":
        _add_load_note(frame, "Numbers use a decimal comma (e.g. 1,5); they were read as decimals.")
    return frame


def _read_parquet(p: Path, head: bytes) -> pd.DataFrame:
    if head[:4] != b"PAR1":
        raise DataError(f"{p.name} is named .parquet but is not a Parquet file. {SHARE_HINT}")
    try:
        return pd.read_parquet(p)
    except ImportError:
        raise DataError("Reading Parquet needs pyarrow: pip install pyarrow.") from None
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise DataError(f"{p.name} is not a readable Parquet file ({exc}).") from None


def _refuse_non_tables(name: str, head: bytes) -> None:
    """Name what the bytes really are, with what to pass instead."""
    if head.startswith(b"PK\x03\x04"):
        if b"xl/" in head or b"[Content_Types].xml" in head or name.lower().endswith((".xlsx", ".xlsm", ".ods")):
            raise DataError(f"{name} is an Excel workbook (.xlsx), not a CSV. {_EXPORT}")
        raise DataError(f"{name} is a ZIP archive. Extract it and pass the .csv inside.")
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        raise DataError(f"{name} is bzip2-compressed. Decompress it first (bunzip2 FILE) and pass the .csv inside.")
    for magic, what, hint in _SIGNATURES:
        if head.startswith(magic):
            raise DataError(f"{name} is {what}, not a table. {hint}")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        raise DataError(f"{name} is an HTML web page, not a table (a download that returned a login or "
                        f"error page?). {SHARE_HINT}")
    if start.startswith(b"<?xml"):
        raise DataError(f"{name} is an XML document, not a table. {SHARE_HINT}")
    if re.match(rb"^(\{\s*\"|\[\s*[\{\[\"\d])", start):
        raise DataError(f"{name} is JSON, not a table. Convert it to CSV first "
                        "(e.g. pandas.read_json(FILE).to_csv('data.csv', index=False)).")


def _encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the head decodes as UTF-8, else Windows-1252 /
    Latin-1 (what spreadsheet exports on Windows use)."""
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if len(head) == HEAD_BYTES and exc.start >= len(head) - 3:  # cut inside a multi-byte character
            return "utf-8-sig"
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _sniff_delimiter(header: str, promised: str | None) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > 0:
        return best
    if promised is None and " " in header.strip():
        return " "
    return promised or ","


def _decimal_commas(lines: list[str]) -> bool:
    """True when numbers are written '1,5' and never '1.5' (European exports)."""
    text = "\n".join(lines)
    return bool(re.search(r"\d,\d", text)) and not re.search(r"\d\.\d", text)


def _check_header(header: str, sep: str) -> None:
    """pandas silently renames a repeated header ('X', 'X.1'); a repeated name is the
    user's to fix, because which column the question means cannot be guessed."""
    try:
        names = next(csv.reader([header], delimiter=sep, skipinitialspace=True))
    except (csv.Error, StopIteration):
        return
    cleaned = [_clean_name(n) for n in names]
    dupes = sorted({n for n in cleaned if n and cleaned.count(n) > 1})
    if dupes:
        raise DataError(f"Duplicate column names {dupes}: rename them so each column has a unique name.")


def _add_load_note(frame: pd.DataFrame, note: str) -> None:
    frame.attrs.setdefault(LOAD_NOTES, []).append(note)


def _sep_name(sep: str) -> str:
    return {"\t": "tabs", " ": "spaces", ",": "commas", ";": "semicolons", "|": "'|'"}.get(sep, repr(sep))


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


# ---------------------------------------------------------------------------- preparing
def prepare_frame(df: pd.DataFrame, keep: list[str] | None = None, min_rows: int = 10) -> PreparedData:
    """Validate and clean a frame for analysis.

    Column names become stripped, NFC-normalised strings with single spaces; duplicate
    names are an error; ±inf become NaN; numeric-looking text is converted; constant,
    all-missing, id-like, free-text and mostly-numeric-with-junk columns are dropped
    (never silently: each drop has a note) unless listed in ``keep``, which raises
    instead. Low-cardinality text becomes a categorical. Notes from ``load_table`` and a
    warning for more columns than rows are added."""
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"Expected a pandas DataFrame, got {type(df).__name__}.")
    if df.shape[1] == 0:
        raise DataError("The table has no columns.")
    frame = df.copy()
    frame.columns = [_clean_name(c) for c in frame.columns]
    dupes = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if dupes:
        raise DataError(f"Duplicate column names {dupes} (after trimming spaces): rename them so each column "
                        "has a unique name.")
    if "" in frame.columns:
        raise DataError("A column has an empty name: give every column a header.")
    if len(frame) == 0:
        raise DataError("The table has a header but no data rows: add the rows (causal analysis needs at least "
                        f"{min_rows}, and usually hundreds).")
    if len(frame) < min_rows:
        rows = "row" if len(frame) == 1 else "rows"
        raise DataError(f"Only {len(frame)} {rows}: causal analysis needs at least {min_rows} rows "
                        "(and usually hundreds).")
    if not frame.index.is_unique:
        frame = frame.reset_index(drop=True)
    prepared = PreparedData(frame, notes=[str(n) for n in df.attrs.get(LOAD_NOTES, [])])
    keep_set = {_clean_name(k) for k in keep or []}
    for col in list(frame.columns):
        reason = _clean_column(prepared, col)
        if reason is None:
            continue
        if col in keep_set:
            raise DataError(f"Column '{col}' cannot be used: {reason}.")
        prepared.dropped[col] = reason
        prepared.notes.append(f"Dropped column '{col}': {reason}.")
        del prepared.frame[col]
    if prepared.frame.shape[1] == 0:
        raise DataError("No usable columns remain: " + "; ".join(prepared.notes))
    n, p = prepared.frame.shape
    if p >= n:
        prepared.notes.append(f"More columns ({p}) than rows ({n}): discovered graphs and estimates are unreliable; "
                              "select the columns you need or add rows.")
    return prepared


def _clean_name(name: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def _clean_column(prepared: PreparedData, col: str) -> str | None:
    """Coerce one column in place; return a reason to drop it, or None to keep it."""
    s = prepared.frame[col]
    if s.isna().all():
        return "every value is missing"
    if pd.api.types.is_bool_dtype(s):
        prepared.frame[col] = s.astype(float)
        return None if s.nunique(dropna=True) > 1 else "it is constant (every row has the same value)"
    if pd.api.types.is_complex_dtype(s):
        return "it holds complex numbers; split it into real-valued columns"
    if pd.api.types.is_numeric_dtype(s):
        return _clean_numeric(prepared, col, s.astype(float), replace=False)
    if pd.api.types.is_datetime64_any_dtype(s):
        prepared.notes.append(f"Column '{col}': date/time, kept as a possible time index (not a causal variable).")
        return None
    if s.map(lambda v: isinstance(v, (list, dict, set, tuple))).any():
        return "its cells hold lists or dicts, not single values; flatten it into columns"
    text = s.astype(str).str.strip()
    missing_token = s.notna() & text.str.lower().isin(_MISSING_TOKENS)
    present = s.notna() & ~missing_token
    converted = pd.to_numeric(text.where(~text.str.match(_THOUSANDS), text.str.replace(",", "", regex=False)),
                              errors="coerce").where(present)
    non_missing = int(present.sum())
    bad_mask = converted.isna() & present
    bad = int(bad_mask.sum())
    if non_missing == 0:
        return "every value is missing"
    if bad / non_missing <= 0.05:
        if bad or missing_token.any():
            prepared.notes.append(f"Column '{col}': {bad + int(missing_token.sum())} non-numeric values "
                                  "treated as missing.")
        return _clean_numeric(prepared, col, converted.astype(float), replace=True)
    if _looks_like_dates(s):
        prepared.frame[col] = pd.to_datetime(s, errors="coerce", format="mixed")
        prepared.notes.append(f"Column '{col}': parsed as dates, kept as a possible time index.")
        return None
    levels = text[s.notna()].nunique()
    if levels <= 1:
        return "it is constant (every row has the same value)"
    if levels > MAX_CATEGORY_LEVELS and bad / non_missing <= 0.5:  # mostly numbers plus junk, not an id
        examples = ", ".join(repr(v) for v in text[bad_mask].unique()[:3])
        return (f"{bad} of {non_missing} values are not numbers (e.g. {examples}); fix them or leave those cells "
                "empty")
    if levels > MAX_CATEGORY_LEVELS and (period := _panel_period(prepared.frame, col)) is not None:
        prepared.frame[col] = pd.Series(pd.factorize(s)[0], index=s.index).where(s.notna()).astype(float)
        prepared.notes.append(f"Column '{col}': text naming {levels} units, each seen in several periods of "
                              f"'{period}'; kept as unit codes for panel designs.")
        return None
    if levels > MAX_CATEGORY_LEVELS:
        return (f"it is text with {levels} distinct values (an identifier or free text); "
                f"encode it or group it into at most {MAX_CATEGORY_LEVELS} categories")
    prepared.frame[col] = s.astype("category")
    prepared.notes.append(f"Column '{col}': treated as categorical with {levels} levels.")
    return None


def _panel_period(frame: pd.DataFrame, col: str) -> str | None:
    """The period column with which text column ``col`` identifies the units of a panel (each
    unit in at least two periods, each unit-period once), or None."""
    from tools.design.panel import time_candidates

    for period in time_candidates(frame, {col}):
        pairs = frame[[col, period]].dropna()
        if len(pairs) and not pairs.duplicated().any() and pairs.groupby(col)[period].nunique().mean() >= 2:
            return period
    return None


def _clean_numeric(prepared: PreparedData, col: str, values: pd.Series, replace: bool) -> str | None:
    """Infinite values become missing; the column keeps its dtype unless it was converted
    from text (``replace``) or had infinities."""
    n_inf = int(np.isinf(values).sum())
    if n_inf:
        values = values.replace([np.inf, -np.inf], np.nan)
        if values.isna().all():
            return "every value is missing or infinite"
        prepared.notes.append(f"Column '{col}': {n_inf} infinite values treated as missing.")
    if replace or n_inf:
        prepared.frame[col] = values
    if distinct_count(values) <= 1:
        return "it is constant (every row has the same value)"
    return None


def _looks_like_dates(s: pd.Series) -> bool:
    """True when at least 95% of a text column's sampled values parse as dates."""
    sample = s.dropna().astype(str).head(200)
    if sample.empty or not sample.str.contains(r"\d{4}|\d{1,2}[/.-]\d{1,2}", regex=True).mean() > 0.95:
        return False
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(sample, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() >= 0.95)
