"""Reading a store file in the τ²-bench retail `db.json` format."""

from __future__ import annotations

from pathlib import Path

import orjson

from frontline.backoffice.retail.records import StoreData, StoreDataError, check_store_data


def load_store_file(path: Path | str) -> StoreData:
    """The validated store in `path` (see `records.check_store_data` for what is checked and
    normalised); raises `StoreDataError` naming the file and the bad field."""
    path = Path(path)
    try:
        raw = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise StoreDataError(f"{path}: cannot read the store file: {exc.strerror}") from exc
    except orjson.JSONDecodeError as exc:
        raise StoreDataError(f"{path}: not valid JSON: {exc}") from exc
    try:
        return check_store_data(raw)
    except StoreDataError as exc:
        raise StoreDataError(f"{path}: {exc}") from exc
