"""Understanding engine: intents, entities, dialogue acts, sentiment and language, no LLM.

Entry point: :class:`Understander` (``Understander.load(model_dir)``) whose ``understand(text)``
returns an :class:`Understanding`. Models are trained with :func:`train_model` or
``frontline nlu train``. torch is needed only by ``encoder_build`` and ``finetune`` (build
time); prediction needs onnxruntime, tokenizers, numpy, scipy and scikit-learn.
"""

from frontline.agent.understanding.catalog import Catalog
from frontline.agent.understanding.entities import EntityConfig, extract_entities
from frontline.agent.understanding.evaluation import EvalReport, evaluate
from frontline.agent.understanding.examples import Example, load_examples
from frontline.agent.understanding.intents import IntentClassifier, IntentConfig, Prediction
from frontline.agent.understanding.language import LanguageIdentifier
from frontline.agent.understanding.results import (
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
from frontline.agent.understanding.sentiment import analyse_sentiment
from frontline.agent.understanding.training import TrainReport, train_model
from frontline.agent.understanding.understander import Understander, UnderstanderConfig

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
