"""Collections and attachments made searchable: chunks embedded by a real embedding model,
kept in SQLite beside the chats, and the best passages for a question."""
