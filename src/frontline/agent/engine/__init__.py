"""The agent's engine: the turn, the dialogue and its state, tools, policy checks, hand-off.

Nothing here names a business: flows, slot fillers, rules, replies and vocabularies come from a
pack (``frontline.agent.retail`` for the built-in store).
"""
