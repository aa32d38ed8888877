"""Small talk: a yes with nothing asked, thanks, goodbye, a greeting."""

from __future__ import annotations

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.dialogue import confirmation_answer
from frontline.agent.reading.results import DialogueAct


def closing(ctx: TurnContext) -> bool:
    """After a request is dropped: a goodbye only when the customer says one ("no, not
    the Mastercard. Then forget it" is no goodbye; what else is asked below)."""
    ending = {DialogueAct.GOODBYE, DialogueAct.THANKS} & set(ctx.understanding.acts)
    return bool(ending) and small_talk(ctx)


def small_talk(ctx: TurnContext) -> bool:
    """Yes with nothing asked, goodbye, thanks, a greeting: True when answered as such."""
    acts = ctx.understanding.acts
    frame = ctx.state.frame
    ending = {DialogueAct.GOODBYE, DialogueAct.THANKS} & set(acts)
    if (
        frame is None
        and not ending
        and confirmation_answer(ctx.text) is True
        and ctx.state.turns > 1
    ):
        ctx.say("what_else", awaiting="free_text")
        return True
    if (
        DialogueAct.GOODBYE in acts
        or (DialogueAct.THANKS in acts and frame is None)
        or (DialogueAct.DENY in acts and frame is None and ctx.state.turns > 1)
    ):
        ctx.say("goodbye")
        ctx.resolved = not ctx.state.frames
        return True
    if DialogueAct.GREETING in acts or DialogueAct.THANKS in acts:
        if frame is None:
            ctx.say("greeting", awaiting="free_text")
        return True
    return False
