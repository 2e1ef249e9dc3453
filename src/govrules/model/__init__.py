"""The general governance model: declarations, facts, events, state and figures.

Nothing here names any foundation, body or organisation; a pack declares its
own (:mod:`govrules.model.declarations`).
"""
