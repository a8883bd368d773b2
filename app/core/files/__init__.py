"""Small file rules every store shares: write a file whole or not at all, read a versioned JSON
file, and set a damaged one aside."""
