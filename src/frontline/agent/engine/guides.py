"""Guided troubleshooting: an article's steps walked one at a time in the chat.

The walk lives in ``AgentState.guide`` between turns::

    {title, url, steps: [{do, check}], at: <index of the step asked>, tried: [{do, fixed}]}

Each answer is recorded in ``tried``. A yes ends the walk (the problem is fixed, the
conversation resolved); a no moves to the next step; a no to the last step hands the
conversation off with every step tried in the summary. A message that is no yes/no answer ends
the walk and is read as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.dialogue import confirmation_answer
from frontline.domain.conversations import Handoff

GUIDE_QUEUE = "technical_support"
GUIDE_REASON = "troubleshooting_failed"


def start_guide(
    ctx: TurnContext, title: str, url: str, intro: str, steps: Sequence[tuple[str, str]]
) -> None:
    ctx.state.guide = {
        "title": title,
        "url": url,
        "steps": [{"do": do, "check": check} for do, check in steps],
        "at": 0,
        "tried": [],
    }
    ctx.say("guide_start", intro=intro, title=title, url=url, count=len(steps))
    _ask_step(ctx, ctx.state.guide)


def continue_guide(ctx: TurnContext) -> bool:
    """Handle the customer's answer to a step; False when the message is no answer to it."""
    guide = ctx.state.guide
    if guide is None:
        return False
    answer = confirmation_answer(ctx.text)
    if answer is None:
        ctx.state.guide = None  # the customer moved on: read the message as usual
        return False
    step = guide["steps"][guide["at"]]
    guide["tried"].append({"do": step["do"], "fixed": answer})
    if answer:
        ctx.say("guide_fixed", title=guide["title"])
        ctx.state.guide = None
        ctx.resolved = True
        return True
    guide["at"] += 1
    if guide["at"] < len(guide["steps"]):
        _ask_step(ctx, guide)
        return True
    _hand_off(ctx, guide)
    return True


def _ask_step(ctx: TurnContext, guide: dict[str, Any]) -> None:
    step = guide["steps"][guide["at"]]
    ctx.say(
        "guide_step",
        awaiting="confirmation",
        number=guide["at"] + 1,
        count=len(guide["steps"]),
        step=step["do"],
        check=step["check"],
    )


def _hand_off(ctx: TurnContext, guide: dict[str, Any]) -> None:
    tried = "; ".join(
        f"{n}. {t['do']} ({'fixed' if t['fixed'] else 'did not help'})"
        for n, t in enumerate(guide["tried"], start=1)
    )
    summary = "\n".join(
        [
            f"Customer: {ctx.state.user_id + ', verified' if ctx.state.user_id else 'not verified'}",
            f"Wants: help with {guide['title']} ({guide['url']})",
            f"Steps tried: {tried}",
            "Handed off because: the troubleshooting steps did not fix the problem",
            "Suggested next step: Diagnose further or offer a replacement under warranty.",
            f"Last message: {ctx.text[:300]}",
        ]
    )
    ctx.call("transfer_to_human_agents", {"summary": summary})
    ctx.handoff = Handoff(queue=GUIDE_QUEUE, reason=GUIDE_REASON, summary=summary)
    ctx.state.handed_off = True
    ctx.state.guide = None
    ctx.say("guide_handoff", queue=GUIDE_QUEUE.replace("_", " "))
