"""The only place domain objects are shaped for display: one typed context per page.

Views hold plain data (strings, numbers, links); templates turn them into
Markdown/HTML and never reach back into the model.
"""
