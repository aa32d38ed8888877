"""Fixtures over the small hand-written retail store of `small_retail_store`."""

from __future__ import annotations

import pytest
from small_retail_store import small_store

from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice


@pytest.fixture
def retail_store() -> InMemoryRetailStore:
    return InMemoryRetailStore(small_store())


@pytest.fixture
def office(retail_store: InMemoryRetailStore) -> RetailBackOffice:
    return RetailBackOffice(retail_store)
