"""Date and number formats per language (settings.FORMAT_MODULE_PATH), read before Django's own.

Vietnamese people write the day first: 01/05/2026 is 1 May 2026. Django's Vietnamese locale has no input
formats, so it fell back to the American month-first default and saved 01/05/2026 as 5 January. Both
languages read and show dd/mm/yyyy (English as British English does, its lists spelling the month out), and
accept ISO yyyy-mm-dd as well: the browser's own date fields and the links between our pages send it. The
API does not use these: it reads and writes ISO 8601 only.
"""
