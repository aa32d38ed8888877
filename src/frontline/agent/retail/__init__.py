"""The retail pack: what the agent knows about an online store's orders, items and accounts.

Slot fillers, variant wishes, addresses, record descriptions, read-only answers, policy rules,
flow files, reply templates and retail vocabularies (the τ²-bench retail domain).
"""
