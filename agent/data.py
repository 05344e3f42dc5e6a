"""Loading and validating user tables: clear errors that say what to fix, and a record of
every change made to the data (dropped columns, coerced values)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tools.base import DataError

MAX_FILE_BYTES = 500 * 1024 * 1024
MAX_CATEGORY_LEVELS = 50
SUPPORTED_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": None, ".parquet": None}


@dataclass
class PreparedData:
    """The cleaned frame plus notes on what was changed and why."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)  # column -> reason


def load_table(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> pd.DataFrame:
    """Read a CSV/TSV/TXT (delimiter sniffed, BOM stripped) or Parquet file."""
    p = Path(path)
    if not p.exists():
        raise DataError(f"File not found: {p}. Check the path.")
    if p.is_dir():
        raise DataError(f"{p} is a directory; give a CSV, TSV or Parquet file.")
    size = p.stat().st_size
    if size == 0:
        raise DataError(f"{p.name} is empty: it needs a header row and at least a few data rows.")
    if size > max_bytes:
        raise DataError(f"{p.name} is {size / 1e9:.1f} GB; the limit is {max_bytes / 1e9:.1f} GB. "
                        "Sample the rows (e.g. 1M) or select the columns you need first.")
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        try:
            return pd.read_parquet(p)
        except ImportError:
            raise DataError("Reading Parquet needs pyarrow: pip install 'causal-agent[parquet]'.") from None
        except Exception as exc:
            raise DataError(f"{p.name} is not a readable Parquet file ({exc}).") from None
    head = p.open("rb").read(65536)
    if b"\x00" in head:
        raise DataError(f"{p.name} looks binary, not a text table. Give a CSV, TSV or Parquet file.")
    return read_text_table(head_text=_decode(head), path=p, sep=SUPPORTED_SUFFIXES.get(suffix))


def read_text_table(head_text: str, path: Path | None = None, sep: str | None = None,
                    text: str | None = None) -> pd.DataFrame:
    """Parse delimited text from ``path`` (or ``text``); sniff the delimiter when not given."""
    if sep is None:
        try:
            sep = csv.Sniffer().sniff(head_text.split("\n", 20)[0] + "\n", delimiters=",\t;| ").delimiter
        except csv.Error:
            sep = ","
    source = io.StringIO(text) if text is not None else path
    try:
        frame = pd.read_csv(source, sep=sep, encoding="utf-8-sig" if text is None else None,
                            encoding_errors="replace", skipinitialspace=True,
                            engine="python" if sep == " " else "c")
    except pd.errors.EmptyDataError:
        raise DataError("The file has no columns: it needs a header row and data rows.") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"Cannot parse the table ({str(exc).splitlines()[0]}). Check the delimiter and quoting.") from None
    if frame.shape[1] == 1 and frame.shape[0] > 0 and sep == ",":
        raise DataError("Only one column was found. Is the delimiter ';' or a tab? Save the file as comma-separated.")
    return frame


def _decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "latin-1"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def prepare_frame(df: pd.DataFrame, keep: list[str] | None = None, min_rows: int = 10) -> PreparedData:
    """Validate and clean a frame for analysis.

    Columns are renamed to stripped strings; duplicate names are an error; ±inf become
    NaN; numeric-looking text is converted; constant, all-missing, id-like and free-text
    columns are dropped (never silently: each drop has a note) unless listed in ``keep``,
    which raises instead. Low-cardinality text becomes a categorical."""
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"Expected a pandas DataFrame, got {type(df).__name__}.")
    if df.shape[1] == 0:
        raise DataError("The table has no columns.")
    frame = df.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    dupes = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if dupes:
        raise DataError(f"Duplicate column names {dupes}: rename them so each column has a unique name.")
    if "" in frame.columns:
        raise DataError("A column has an empty name: give every column a header.")
    if len(frame) < min_rows:
        raise DataError(f"Only {len(frame)} rows: causal analysis needs at least {min_rows} "
                        "(and usually hundreds).")
    prepared = PreparedData(frame)
    keep_set = set(keep or [])
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
    return prepared


def _clean_column(prepared: PreparedData, col: str) -> str | None:
    """Coerce one column in place; return a reason to drop it, or None to keep it."""
    s = prepared.frame[col]
    if s.isna().all():
        return "every value is missing"
    if pd.api.types.is_bool_dtype(s):
        prepared.frame[col] = s.astype(float)
        return None
    if pd.api.types.is_numeric_dtype(s):
        values = s.astype(float)
        n_inf = int(np.isinf(values).sum())
        if n_inf:
            prepared.frame[col] = values.replace([np.inf, -np.inf], np.nan)
            prepared.notes.append(f"Column '{col}': {n_inf} infinite values treated as missing.")
        if prepared.frame[col].nunique(dropna=True) <= 1:
            return "it is constant"
        return None
    if pd.api.types.is_datetime64_any_dtype(s):
        prepared.notes.append(f"Column '{col}': date/time, kept as a possible time index (not a causal variable).")
        return None
    converted = pd.to_numeric(s.astype(str).str.strip().str.replace(",", "", regex=False), errors="coerce")
    non_missing = s.notna().sum()
    bad = int((converted.isna() & s.notna()).sum())
    if non_missing and bad / non_missing <= 0.05:
        prepared.frame[col] = converted
        if bad:
            prepared.notes.append(f"Column '{col}': {bad} non-numeric values treated as missing.")
        return None if converted.nunique(dropna=True) > 1 else "it is constant"
    if _looks_like_dates(s):
        prepared.frame[col] = pd.to_datetime(s, errors="coerce", format="mixed")
        prepared.notes.append(f"Column '{col}': parsed as dates, kept as a possible time index.")
        return None
    levels = s.nunique(dropna=True)
    if levels <= 1:
        return "it is constant"
    if levels > MAX_CATEGORY_LEVELS:
        return (f"it is text with {levels} distinct values (an identifier or free text); "
                "encode it or group it into at most 50 categories")
    prepared.frame[col] = s.astype("category")
    prepared.notes.append(f"Column '{col}': treated as categorical with {levels} levels.")
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
