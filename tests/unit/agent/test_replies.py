"""Reply templates: every key the agent says has a wording, wordings render, bad files fail.

The keys the agent uses are read from its source with regular expressions, so a new
``ctx.say("...")`` (or a new family of built keys) without a template in ``en.yaml`` fails here
before a customer ever hits the missing template.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest
import yaml

import frontline.agent
from frontline.agent.engine.flows import FlowSpec, PaymentRule, SlotKind, load_flows
from frontline.agent.engine.handoff import Reason
from frontline.agent.engine.policy_answers import PolicyKnowledge
from frontline.agent.engine.replies import Replies, RepliesError
from frontline.agent.retail import policy
from frontline.agent.retail.answers import answerers
from frontline.agent.retail.pack import RETAIL
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice

AGENT_SOURCES = sorted(Path(frontline.agent.__file__).parent.rglob("*.py"))
EN_TEMPLATES = yaml.safe_load((RETAIL.replies_dir / "en.yaml").read_text(encoding="utf-8"))

# Where the reply key is among the positional arguments of each call that renders a reply:
# ctx.say(key, ...), ctx.ask(frame, slot, key, ...), offer(ctx, frame, slot, key, ...), and the
# identity helpers _ask(ctx, frame, key) and _failed(ctx, frame, key, ...).
KEY_POSITION = {"say": 0, "ask": 2, "_ask": 2, "_failed": 2, "offer": 3}
CALL = re.compile(r"(?<!def )(?<![\w.])(?:ctx\.|self\.)?(say|ask|_ask|_failed|offer)\(")
KEY_LITERAL = re.compile(r'(?<![\w"])"([a-z][a-z0-9_]*)"')
KEY_FAMILY = re.compile(r'\bf"([a-z][a-z0-9_]*?)_\{')
KEY_VARIABLE = re.compile(r"\b(key|\w+_key)\b")
CONDITION = re.compile(r"\bif\b.*?\belse\b", re.DOTALL)  # `a if <condition> else b`: a, b
# Hand-offs whose reason has no wording of its own say the generic "handoff", and denials
# whose rule has none say "denied_other".
GENERIC_HANDOFF_REASONS = {Reason.anger, Reason.not_understood, Reason.identity}
GENERIC_DENIAL_RULES = {"unknown_tool"}
FAMILIES = {"denied", "order_status", "payment_not_allowed", "ask_payment", "handoff"}


def _call_arguments(source: str, start: int) -> list[str]:
    """The top-level arguments of the call whose "(" is just before ``start``."""
    arguments, current, depth, quote = [], [], 0, ""
    for char in source[start:]:
        if quote:
            current.append(char)
            quote = "" if char == quote else quote
            continue
        if char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            arguments.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    arguments.append("".join(current).strip())
    return arguments


def _assigned(source: str, name: str) -> list[str]:
    """The right-hand sides of ``name = ...`` in ``source`` (up to the statement's end)."""
    values = []
    for match in re.finditer(rf"^\s*{name}\s*=(?!=)", source, re.MULTILINE):
        depth, end = 0, match.end()
        while end < len(source) and not (source[end] == "\n" and depth == 0):
            depth += source[end] in "([{"
            depth -= source[end] in ")]}"
            end += 1
        values.append(source[match.end() : end])
    return values


def used_reply_keys() -> tuple[set[str], set[str]]:
    """(literal keys, prefixes of keys built with f-strings) the agent code renders."""
    literals: set[str] = set()
    families: set[str] = set()
    for path in AGENT_SOURCES:
        source = path.read_text(encoding="utf-8")
        for call in CALL.finditer(source):
            arguments = _call_arguments(source, call.end())
            position = KEY_POSITION[call.group(1)]
            if len(arguments) <= position:
                continue
            expressions = [arguments[position]]
            for variable in set(KEY_VARIABLE.findall(arguments[position])):
                expressions += _assigned(source, variable)
            for expression in (CONDITION.sub(" ", e) for e in expressions):
                literals |= set(KEY_LITERAL.findall(expression))
                families |= set(KEY_FAMILY.findall(expression))
    return literals, families


@pytest.fixture(scope="module")
def replies() -> Replies:
    return Replies.load("en", RETAIL.replies_dir)


@pytest.fixture(scope="module")
def flows() -> dict[str, FlowSpec]:
    tools = [t.name for t in RetailBackOffice(InMemoryRetailStore()).tools()]
    return load_flows(
        RETAIL.flows_dir, tools=tools, answers=answerers(PolicyKnowledge.load(RETAIL.policy_text))
    )


def write_replies(directory: Path, text: str, language: str = "en") -> Path:
    path = directory / f"{language}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# The packaged English replies


def test_that_the_agent_can_load_the_packaged_english_replies(replies: Replies) -> None:
    # when the default replies are loaded (by the fixture)

    # then they are English and hold every key of en.yaml
    assert replies.language == "en"
    assert len(EN_TEMPLATES) > 50
    assert all(replies.has(key) for key in EN_TEMPLATES)
    assert not replies.has("no_such_key")


def test_that_the_agent_has_a_template_for_every_reply_key_its_code_says(
    replies: Replies,
) -> None:
    # given every literal key in ctx.say / ctx.ask / offer / the identity helpers
    literals, _ = used_reply_keys()

    # then the search found them (a broken search must not pass vacuously) ...
    assert {
        "greeting",
        "not_understood",
        "confirm_yes_no",
        "ask_identity",
        "ask_zip",
        "ask_name",
        "ask_identity_again",
        "identity_email_unknown",
        "identity_name_unknown",
        "ask_order",
        "ask_items",
        "ask_address",
        "no_variant",
        "no_variant_alternatives",
        "order_status_wrong",
        "denied_other",
        "handoff",
        "policy_answer",
    } <= literals
    assert len(literals) >= 55

    # ... and each one has a template
    assert sorted(key for key in literals if not replies.has(key)) == []


def test_that_the_agent_builds_reply_keys_only_in_families_this_test_expands() -> None:
    # given the f-string reply keys in the agent code
    _, families = used_reply_keys()

    # then they are exactly the families checked below; a new one must be added here
    assert families == FAMILIES


def test_that_the_agent_has_a_denial_reply_for_every_policy_rule(replies: Replies) -> None:
    # given the rules the policy engine names: in its docstring and in its code
    documented = set(re.findall(r"[├└]── (\w+)", policy.__doc__ or ""))
    source = Path(policy.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'Denial\(\s*"(\w+)"', source))
    assert documented == raised
    assert len(documented) == 11

    # then each rule has its own explanation or uses the fallback, which exists
    missing = {r for r in documented if not replies.has(f"denied_{r}")}
    assert missing == GENERIC_DENIAL_RULES
    assert replies.has("denied_other")


def test_that_the_agent_can_explain_a_wrong_order_status_in_every_flow_that_needs_one(
    replies: Replies, flows: dict[str, FlowSpec]
) -> None:
    # given the flows whose order slot admits only some statuses
    strict = [
        flow.name
        for flow in flows.values()
        if any(s.kind is SlotKind.order and s.statuses for s in flow.slots)
    ]
    assert len(strict) == 7

    # then each has its own explanation, and the generic one exists too
    assert sorted(f for f in strict if not replies.has(f"order_status_{f}")) == []
    assert replies.has("order_status_wrong")


@pytest.mark.parametrize("rule", list(PaymentRule))
def test_that_the_agent_can_ask_for_and_refuse_a_payment_method_under_every_rule(
    replies: Replies, rule: PaymentRule
) -> None:
    # then both the question and the refusal exist for this rule
    assert replies.has(f"ask_payment_{rule}")
    assert replies.has(f"payment_not_allowed_{rule}")


@pytest.mark.parametrize("reason", list(Reason))
def test_that_the_agent_has_a_hand_off_reply_for_every_reason(
    replies: Replies, reason: Reason
) -> None:
    # then the reason has its own wording, or is one of those that use the generic one
    assert replies.has(f"handoff_{reason}") or reason in GENERIC_HANDOFF_REASONS
    assert replies.has("handoff")


def test_that_every_flow_action_has_its_confirmation_and_done_replies(
    replies: Replies, flows: dict[str, FlowSpec]
) -> None:
    # given the template keys that the flow files name
    keys = {
        key
        for flow in flows.values()
        if flow.action is not None
        for key in (flow.action.confirm, flow.action.done)
    }
    assert len(keys) == 14

    # then each exists
    assert sorted(key for key in keys if not replies.has(key)) == []


def test_that_every_english_template_is_one_the_agent_can_say(
    flows: dict[str, FlowSpec],
) -> None:
    # given the keys the code says, the families it builds and the keys the flows name
    literals, _ = used_reply_keys()
    flow_keys = {
        key
        for flow in flows.values()
        if flow.action is not None
        for key in (flow.action.confirm, flow.action.done)
    }

    # then no template in en.yaml is dead wording
    unused = {
        key
        for key in EN_TEMPLATES
        if key not in literals | flow_keys and not any(key.startswith(f"{f}_") for f in FAMILIES)
    }
    assert sorted(unused) == []


# Rendering


def test_that_a_reply_can_be_rendered_with_its_facts(replies: Replies) -> None:
    # when a template with fields is rendered
    text = replies.render("order_not_found", order_id="#W5442520")

    # then the facts fill it
    assert text == "I can't find order #W5442520 on your account. Please check the order number."


def test_that_a_reply_cannot_be_rendered_without_its_facts(replies: Replies) -> None:
    # when a template is rendered without the fact it needs
    with pytest.raises(RepliesError) as error:
        replies.render("identity_verified", seed=1)

    # then the error names the key and the fact
    assert str(error.value) == "reply 'identity_verified' needs the fact 'first_name'"


def test_that_a_reply_cannot_be_rendered_for_an_unknown_key(replies: Replies) -> None:
    # when a key without a template is rendered
    with pytest.raises(RepliesError) as error:
        replies.render("order_teleported", order_id="#W1")

    # then the error names the key and the language
    assert str(error.value) == "no reply template 'order_teleported' for language 'en'"


@pytest.mark.parametrize(
    "key", sorted(k for k, v in EN_TEMPLATES.items() if isinstance(v, list) and len(v) > 1)
)
def test_that_a_reply_with_several_wordings_varies_with_the_seed(
    replies: Replies, key: str
) -> None:
    # given a key with several wordings, and a value for every field they use
    variants = EN_TEMPLATES[key]
    fields = {f for v in variants for _, f, _, _ in Formatter().parse(v) if f}
    facts = {field: f"<{field}>" for field in fields}

    # when it is rendered with successive seeds
    texts = [replies.render(key, seed, **facts) for seed in range(len(variants) + 1)]

    # then each seed picks another wording, cycling, and the same seed the same one
    assert len(set(texts[:-1])) == len(variants)
    assert texts[-1] == texts[0]
    assert replies.render(key, 1, **facts) == texts[1]


def test_that_the_greeting_has_two_wordings_picked_by_the_seed(replies: Replies) -> None:
    # when the greeting is rendered on turns 0, 1 and 2
    first, second, third = (replies.render("greeting", seed) for seed in range(3))

    # then the wording alternates
    assert first.startswith("Hi! I can help with your orders")
    assert second.startswith("Hello! I can check orders")
    assert third == first


# Other reply files


def test_that_another_language_can_be_loaded_from_its_own_file(tmp_path: Path) -> None:
    # given a French reply file
    write_replies(
        tmp_path, 'greeting: "Bonjour !"\nresume: ["Revenons à {title}.", "Donc, {title}."]\n', "fr"
    )

    # when it is loaded
    replies = Replies.load("fr", tmp_path)

    # then it speaks French, with its wordings in order
    assert replies.language == "fr"
    assert replies.render("greeting") == "Bonjour !"
    assert replies.render("resume", 1, title="l'échange") == "Donc, l'échange."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("greeting: [unclosed\n", "en.yaml: while parsing"),
        ("- greeting\n- goodbye\n", "en.yaml: a mapping of message keys to templates"),
        ("", "en.yaml: a mapping of message keys to templates"),
        ("greeting:\n", "en.yaml: 'greeting' needs one or more template strings"),
        ("greeting: []\n", "en.yaml: 'greeting' needs one or more template strings"),
        ("greeting: [Hello, 5]\n", "en.yaml: 'greeting' needs one or more template strings"),
        ('greeting: "Hello {name"\n', "en.yaml: 'greeting' is not a valid template"),
        ('greeting: ["Hi", "Hello }"]\n', "en.yaml: 'greeting' is not a valid template"),
    ],
)
def test_that_a_bad_reply_file_cannot_be_loaded(tmp_path: Path, text: str, message: str) -> None:
    # given a broken reply file
    path = write_replies(tmp_path, text)

    # when it is loaded
    with pytest.raises(RepliesError) as error:
        Replies.load("en", tmp_path)

    # then the error names the file and the problem
    assert str(error.value).startswith(f"{path.parent}/{message}")


def test_that_a_missing_language_cannot_be_loaded(tmp_path: Path) -> None:
    # when a language without a file is loaded
    with pytest.raises(RepliesError) as error:
        Replies.load("xx", tmp_path)

    # then the error names the missing file
    assert str(error.value).startswith(f"{tmp_path / 'xx.yaml'}: ")
    assert "No such file" in str(error.value)


@pytest.mark.parametrize(
    "text", ["greeting: 5\n", "greeting: true\n", "greeting: {Hello there: x}\n"]
)
def test_that_a_reply_file_cannot_give_a_number_or_mapping_as_templates(
    tmp_path: Path, text: str
) -> None:
    # given a reply file whose value is neither a string nor a list of strings
    write_replies(tmp_path, text)

    # when it is loaded
    with pytest.raises(RepliesError) as error:
        Replies.load("en", tmp_path)

    # then the error names the key
    assert "'greeting' needs one or more template strings" in str(error.value)
