"""Answers from the knowledge base: an informational question answered with the best
passage of a published article, its title and link in the reply and in ``Reply.sources``.

The knowledge base is a port (``ArticleLookup``): the agent asks it for the best passages of a
question and never sees storage. Only the policy-question flow uses it, so an article never
becomes a fact of an account action. Order of answers for a policy question:

    article passage, when retrieval is sure enough (``Grounding.confident``)
    └─ else the packaged policy section, when one matches (as without a knowledge base)
       └─ else "I don't know" with the offer of a person; the question is kept as a gap
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.guides import start_guide
from frontline.agent.engine.policy_answers import PolicyKnowledge
from frontline.agent.engine.state import Frame
from frontline.domain.conversations import ReplySource


@dataclass(frozen=True, slots=True)
class Grounding:
    title: str
    url: str
    passages: tuple[str, ...]  # the best passage first, as written in the article
    confident: bool  # retrieval is sure enough to answer from it
    steps: tuple[tuple[str, str], ...] = ()  # troubleshooting steps: (what to do, yes/no check)


class ArticleLookup(Protocol):
    def ground(self, question: str) -> Grounding | None:
        """The best article for ``question``, or None when there are no articles."""

    def note_unanswered(self, question: str) -> None:
        """Keep a question that nothing answered, for the gap report."""


def make_article_answer(
    articles: ArticleLookup, policy: PolicyKnowledge
) -> Callable[[TurnContext, Frame], None]:
    def answer_from_articles(ctx: TurnContext, frame: Frame) -> None:
        text = ctx.text if ctx.target is frame or not frame.text else frame.text
        grounding = articles.ground(text)
        if grounding is not None and grounding.confident:
            say_grounded(ctx, grounding)
            return
        found = policy.answer(text)
        if found is not None:
            ctx.say("policy_answer", answer=found.section.answer)
            return
        articles.note_unanswered(text)
        ctx.say("article_unknown")

    return answer_from_articles


def answer_from_articles(ctx: TurnContext, articles: ArticleLookup) -> bool:
    """A message no flow understood, answered from an article when retrieval is sure."""
    grounding = articles.ground(ctx.text)
    if grounding is None or not grounding.confident:
        return False
    say_grounded(ctx, grounding)
    return True


def say_grounded(ctx: TurnContext, grounding: Grounding) -> None:
    first = len(ctx.out)
    if grounding.steps:
        intro = grounding.passages[0] if grounding.passages else ""
        start_guide(ctx, grounding.title, grounding.url, intro, grounding.steps)
    else:
        ctx.say(
            "article_answer",
            answer=" ".join(_passages(grounding.passages)),
            title=grounding.title,
            url=grounding.url,
        )
    source = ReplySource(title=grounding.title, url=grounding.url)
    ctx.out[first] = replace(ctx.out[first], sources=(source,))


def _passages(passages: Sequence[str]) -> list[str]:
    """The best passage, and the next one when the best is a bare lead-in ("try these steps")."""
    first = passages[0] if passages else ""
    if first.rstrip().endswith(":") and len(passages) > 1:
        return [first, passages[1]]
    return [first]
