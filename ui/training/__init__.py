"""Training pages (培训): courses, attendance, mentoring. Rules live in app/training/."""
