"""Pure computation: facts about a unit, rule conditions, checklists, indicators.

Nothing here reads files or formats text for display.
"""
