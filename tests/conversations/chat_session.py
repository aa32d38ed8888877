"""One scenario conversation through the message services, as a chat channel sends it."""

from __future__ import annotations

from dataclasses import dataclass, field

from scenario import ConversationView, TurnView

from frontline.agent.engine.turn import Agent
from frontline.domain.conversations import Channel
from frontline.domain.ids import ConversationId
from frontline.services import conversations, messages
from frontline.services.messages import MessageLimits
from frontline.services.ports import Store

LIMITS = MessageLimits(max_chars=20_000)


@dataclass
class ChatSession:
    store: Store
    agent: Agent
    conversation_id: ConversationId | None = field(default=None)

    def send(self, text: str) -> TurnView:
        if self.conversation_id is None:
            outcome = messages.start_conversation(
                self.store, Channel.chat, text, None, LIMITS, responder=self.agent
            )
            self.conversation_id = outcome.conversation.id
        else:
            outcome = messages.receive_customer_message(
                self.store, self.conversation_id, text, LIMITS, responder=self.agent
            )
        return TurnView(
            [
                {"text": r.text, "awaiting": r.awaiting, "options": r.options}
                for r in outcome.replies
            ]
        )

    def finish(self) -> ConversationView:
        assert self.conversation_id is not None  # a scenario has at least one turn
        details = conversations.get_conversation_details(self.store, self.conversation_id)
        handoff = details.conversation.handoff
        return ConversationView(
            status=details.conversation.status.value,
            actions=[
                {
                    "name": a.name,
                    "arguments": a.arguments,
                    "outcome": a.outcome.value,
                    "result": a.result,
                }
                for a in details.actions
            ],
            handoff=None
            if handoff is None
            else {"queue": handoff.queue, "reason": handoff.reason, "summary": handoff.summary},
            replies=[m.text for m in details.messages if m.author_kind.value == "ai"],
        )
