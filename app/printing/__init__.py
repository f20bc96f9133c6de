"""Printing (打印): every PDF the office signs and files, built with reportlab; no Qt, so the CLI prints too.

fonts (a TrueType font per role, found or chosen), glyphs (the check of every character and its fallback font),
linebreak (Chinese line breaking), layout and tables (pages, margins, page numbers, bordered tables), order
(姓氏笔画 or pinyin; the stroke table is strokes.py), tounicode (searchable rare characters), settings (the
office's choices, audited), the documents doc_roster, doc_ranking, doc_sheets, doc_certificates, doc_scores,
service (each document from the database) and commands (`grassroots print`).
"""
