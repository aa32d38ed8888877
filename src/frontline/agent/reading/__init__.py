"""Understanding engine: intents, entities, dialogue acts, sentiment and language, no LLM.

Entry point: :class:`Understander` (``Understander.load(model_dir)``) whose ``understand(text)``
returns an :class:`Understanding`. Models are trained with :func:`train_model` or
``frontline nlu train``. torch is needed only by ``encoder_build`` and ``finetune`` (build
time); prediction needs onnxruntime, tokenizers, numpy, scipy and scikit-learn.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontline.agent.reading.catalog import Catalog
    from frontline.agent.reading.entities import EntityConfig, extract_entities
    from frontline.agent.reading.evaluation import EvalReport, evaluate
    from frontline.agent.reading.examples import Example, load_examples
    from frontline.agent.reading.intents import IntentClassifier, IntentConfig, Prediction
    from frontline.agent.reading.language import LanguageIdentifier
    from frontline.agent.reading.results import (
        OOS,
        DialogueAct,
        Entity,
        EntityKind,
        IntentScore,
        IntentSpan,
        LanguageGuess,
        Sentiment,
        Understanding,
    )
    from frontline.agent.reading.sentiment import analyse_sentiment
    from frontline.agent.reading.training import TrainReport, train_model
    from frontline.agent.reading.understander import Understander, UnderstanderConfig

# Names load on first use (PEP 562), so importing one light module of the package (entities,
# examples) does not pull in scikit-learn and onnxruntime, e.g. for every CLI start.
_HOMES = {
    "Catalog": "catalog",
    "EntityConfig": "entities",
    "extract_entities": "entities",
    "EvalReport": "evaluation",
    "evaluate": "evaluation",
    "Example": "examples",
    "load_examples": "examples",
    "IntentClassifier": "intents",
    "IntentConfig": "intents",
    "Prediction": "intents",
    "LanguageIdentifier": "language",
    "OOS": "results",
    "DialogueAct": "results",
    "Entity": "results",
    "EntityKind": "results",
    "IntentScore": "results",
    "IntentSpan": "results",
    "LanguageGuess": "results",
    "Sentiment": "results",
    "Understanding": "results",
    "analyse_sentiment": "sentiment",
    "TrainReport": "training",
    "train_model": "training",
    "Understander": "understander",
    "UnderstanderConfig": "understander",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


__all__ = [
    "OOS",
    "Catalog",
    "DialogueAct",
    "Entity",
    "EntityConfig",
    "EntityKind",
    "EvalReport",
    "Example",
    "IntentClassifier",
    "IntentConfig",
    "IntentScore",
    "IntentSpan",
    "LanguageGuess",
    "LanguageIdentifier",
    "Prediction",
    "Sentiment",
    "TrainReport",
    "Understander",
    "UnderstanderConfig",
    "Understanding",
    "analyse_sentiment",
    "evaluate",
    "extract_entities",
    "load_examples",
    "train_model",
]
