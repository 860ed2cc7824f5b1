"""Reports built from a family's record: chronology, review and assessment reports."""
