"""Products and their variants ("items"): read-only in τ² retail."""

from __future__ import annotations

import json

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.records import Product, Variant
from frontline.backoffice.retail.store import RetailSession


def require_product(session: RetailSession, product_id: str) -> Product:
    product = session.get_product(product_id)
    if product is None:
        raise OperationFailed("Product not found")
    return product


def require_variant(session: RetailSession, product_id: str, item_id: str) -> Variant:
    variant = require_product(session, product_id)["variants"].get(item_id)
    if variant is None:
        raise OperationFailed("Variant not found")
    return variant


def get_product_details(session: RetailSession, product_id: str) -> Product:
    return require_product(session, product_id)


def get_item_details(session: RetailSession, item_id: str) -> Variant:
    """The variant `item_id` of the first product (in store order) that has it."""
    for product in session.products():
        variant = product["variants"].get(item_id)
        if variant is not None:
            return variant
    raise OperationFailed("Item not found")


def list_all_product_types(session: RetailSession) -> str:
    """`{product name: product id}` as τ² prints it: `json.dumps` with sorted keys."""
    names = {product["name"]: product["product_id"] for product in session.products()}
    return json.dumps(names, sort_keys=True)
