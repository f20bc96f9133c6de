"""Printing (打印): every PDF the office signs and files, built with reportlab; no Qt, so the CLI prints too.

fonts (a TrueType font per role, found or chosen), glyphs (the check of every character and its fallback font),
linebreak (Chinese line breaking), layout and tables (pages, margins, page numbers, bordered tables), order
(姓氏笔画 or pinyin; the stroke table is strokes.py), tounicode (searchable rare characters), settings (the
office's choices, audited), the documents doc_roster, doc_ranking, doc_sheets, doc_certificates, doc_scores,
service (each of them from the database); the training's documents doc_training (签到表, 参训名单),
doc_training_certificates (结业证书), doc_training_record (培训档案), doc_mentoring (导师组名单),
doc_training_remedial (待补课名单) and training_service (each from the database); commands (`grassroots print`).
"""
