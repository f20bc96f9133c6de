"""Appraisal pages (考核): schemes, score entry, rankings. Rules live in app/appraisal/."""
