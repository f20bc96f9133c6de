"""Care pages (关怀): visits, talks, reminders. Rules live in app/care/."""
