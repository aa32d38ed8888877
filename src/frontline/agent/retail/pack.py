"""The retail pack as the engine sees it: ``RETAIL``, a :class:`~frontline.agent.engine.pack.Pack`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from frontline.agent.engine.flows import SlotKind
from frontline.agent.engine.pack import Answer, RecordDescription, SlotFiller
from frontline.agent.engine.policy import AssuranceRequirements, ToolPolicy
from frontline.agent.engine.policy_answers import PolicyKnowledge
from frontline.agent.retail import describe
from frontline.agent.retail.answers import answerers
from frontline.agent.retail.policy import PolicyEngine
from frontline.agent.retail.slots import FILLERS
from frontline.backoffice.port import BackOffice

HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class RetailPack:
    name: str = "retail"
    flows_dir: Path = HERE / "flows"
    replies_dir: Path = HERE / "replies"
    policy_text: Path = HERE / "knowledge" / "retail_policy.yaml"
    intent_examples: Path = HERE / "data" / "retail_intents.yaml"
    intent_contexts: Path = HERE / "data" / "contexts.yaml"
    key_words: Path = HERE / "data" / "key_words.txt"

    @property
    def slot_fillers(self) -> Mapping[SlotKind, SlotFiller]:
        return FILLERS

    @property
    def describe(self) -> RecordDescription:
        return describe

    def answerers(self, knowledge: PolicyKnowledge) -> dict[str, Answer]:
        return answerers(knowledge)

    def policy(
        self, backoffice: BackOffice, requirements: AssuranceRequirements | None
    ) -> ToolPolicy:
        return PolicyEngine(backoffice, requirements)


RETAIL = RetailPack()
