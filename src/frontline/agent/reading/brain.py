"""The agent's understanding model: a trained model directory, or one trained at start.

With no model directory configured, a pack's intent examples (the retail pack's, chosen in
``bootstrap``) are trained in about a second with the sentence encoder (``frontline nlu
build-encoder`` makes it once per machine); without an encoder, a lexical model is trained
instead. One model per process and configuration.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from frontline.agent.reading.encoder import OnnxEncoder
from frontline.agent.reading.examples import load_examples, with_contexts
from frontline.agent.reading.intents import IntentClassifier
from frontline.agent.reading.language import LanguageIdentifier
from frontline.agent.reading.understander import Understander

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def load_understander(
    model_dir: Path | None, encoder_dir: Path | None, *, examples: Path, contexts: Path
) -> Understander:
    """The understander for the agent; cached, so every app in a process shares one. Without
    ``model_dir`` it is trained from ``examples`` with the openers and closers of ``contexts``
    (a pack's ``intent_examples`` and ``intent_contexts``)."""
    if model_dir is not None:
        classifier = IntentClassifier.load(model_dir)
    else:
        encoder = None
        if encoder_dir is not None and (encoder_dir / "model.onnx").exists():
            encoder = OnnxEncoder(encoder_dir)
        else:
            log.warning(
                "no sentence encoder in %s: the agent uses a lexical intent model "
                "(run `frontline nlu build-encoder` for the full one)",
                encoder_dir,
            )
        learnt = with_contexts(load_examples(examples), contexts)
        classifier = IntentClassifier.train(learnt, encoder=encoder)
    return Understander(classifier, languages=LanguageIdentifier())


__all__ = ["load_understander"]
