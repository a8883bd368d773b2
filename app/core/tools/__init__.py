"""Tools over MCP: the servers the user added, their tools, and calls to them."""
