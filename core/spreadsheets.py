"""CSV downloads that are safe to open in a spreadsheet."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Stop spreadsheets reading a cell as a formula (CSV injection); None becomes an empty cell."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in FORMULA_STARTS else value
