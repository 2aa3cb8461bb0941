"""Event pages: public (lists, calendar, detail, feeds), member actions and organiser tools."""
