"""``frontline chat``: talk to the AI agent in the terminal, as a customer would.

Every message goes through the same path as the chat widget (stored, answered, documented in
the conversation), so the workspace shows the conversation too. ``--show-actions`` prints each
back-office call the agent made.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.domain.conversations import Channel, ConversationStatus, MessageOutcome
from frontline.domain.errors import FrontlineError
from frontline.services import conversations, messages

console = Console()
QUIT = frozenset({"/quit", "/exit", "quit", "exit"})


def chat(
    show_actions: Annotated[
        bool, typer.Option("--show-actions", help="Print every back-office call of the agent.")
    ] = False,
) -> None:
    """Chat with the AI agent in the terminal (type /quit to leave)."""
    frontline = build(Settings())
    agent = frontline.agent
    if agent is None:
        console.print("[red]The AI agent is switched off (FRONTLINE_AGENT_ENABLED=false).[/]")
        raise typer.Exit(2)
    console.print("[bold]Frontline chat[/bold]: you are the customer. Type /quit to leave.")
    conversation_id = None
    seen_actions = 0
    while True:
        try:
            text = console.input("[bold cyan]you>[/] ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not text:
            continue
        if text.lower() in QUIT:
            break
        try:
            if conversation_id is None:
                outcome = messages.start_conversation(
                    frontline.store, Channel.chat, text, None, frontline.limits, responder=agent
                )
                conversation_id = outcome.conversation.id
            else:
                outcome = messages.receive_customer_message(
                    frontline.store, conversation_id, text, frontline.limits, responder=agent
                )
        except FrontlineError as error:
            console.print(f"[red]{error.message}[/]")
            continue
        if show_actions:
            details = conversations.get_conversation_details(frontline.store, conversation_id)
            for action in details.actions[seen_actions:]:
                console.print(
                    f"  [dim]· {action.name} {action.arguments} → {action.outcome.value}[/]"
                )
            seen_actions = len(details.actions)
        _print_replies(outcome)
        if outcome.conversation.status is ConversationStatus.escalated:
            console.print(f"[yellow]Handed off to the {outcome.conversation.queue} queue.[/]")
            break
    if conversation_id is not None:
        console.print(f"[dim]conversation {conversation_id}[/]")


def _print_replies(outcome: MessageOutcome) -> None:
    for reply in outcome.replies:
        body = reply.text
        if reply.options:
            body += "\n" + "  ".join(f"[{option}]" for option in reply.options)
        console.print(Panel(body, title="agent", title_align="left", border_style="green"))
