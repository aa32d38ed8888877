"""Fixtures for the understanding engine: a tiny retail training set, trained models, the
τ²-retail catalog, and (when the build extras are installed) the real ONNX encoder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.agent.reading import Catalog, Example, IntentClassifier
from frontline.agent.reading.encoder import OnnxEncoder

TAU2_DB = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "datasets"
    / "tau2_bench"
    / "retail"
    / "db.json"
)

RETAIL_EXAMPLES = {
    "order_status": [
        "where is my order",
        "where is my package #W2378156",
        "has my order shipped yet",
        "tell me where #W4817420 is",
        "what's the status of my order",
        "when will my parcel be delivered",
        "track my order please",
        "is my order on its way",
    ],
    "cancel_order": [
        "cancel my order",
        "I want to cancel order #W2378156",
        "please cancel #W4817420",
        "I changed my mind, cancel the purchase",
        "can you cancel my pending order",
        "stop my order before it ships, cancel it",
        "cancel the whole order please",
        "I ordered by mistake, please cancel it",
    ],
    "return_items": [
        "I want to return an item",
        "how do I return the headphones",
        "I'd like to send back the shoes",
        "return the keyboard from my last order",
        "this doesn't fit, I want to return it",
        "I need a return label",
        "I want my money back for the jacket, return it",
        "start a return for the water bottle",
    ],
    "oos": [
        "what's the weather like today",
        "tell me a joke",
        "who won the football game",
        "what is the capital of France",
        "play some music",
        "how do I bake a cake",
        "write me a poem",
        "recommend a good movie",
    ],
}


@pytest.fixture(scope="session")
def retail_examples() -> list[Example]:
    return [Example(text, label) for label, texts in RETAIL_EXAMPLES.items() for text in texts]


@pytest.fixture(scope="session")
def lexical_model(retail_examples: list[Example]) -> IntentClassifier:
    """A TF-IDF-only model: trains in well under a second."""
    return IntentClassifier.train(retail_examples, encoder=None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    if not TAU2_DB.exists():
        pytest.skip(f"τ²-retail db.json not found at {TAU2_DB}")
    return Catalog.from_db(json.loads(TAU2_DB.read_text()))


@pytest.fixture(scope="session")
def onnx_encoder(encoder_dir: Path) -> OnnxEncoder:
    """The real all-MiniLM-L6-v2 encoder, converted from the installed package (build extras)."""
    return OnnxEncoder(encoder_dir)
