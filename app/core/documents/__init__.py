"""Files read as text for a message: plain text, Markdown, PDF (its text layer), Word, HTML and
source code, as located passages and chunks."""
