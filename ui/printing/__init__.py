"""Printing actions and previews (打印). Layouts live in app/printing/."""
