"""Error sentences about tool servers (MCP) and the calls made to them (see
``error_sentences``). A tool call's result carries the same reasons (``ToolResult.error_reason``)
so a tool card can use these sentences too, with ``server`` and ``tool`` as facts."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "tool_server": (
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} failed."),
        QT_TRANSLATE_NOOP("Errors", "A tool server failed."),
    ),
    "tool_server.bad_config": (
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} is not set up correctly: "
                                    "{detail}."),
        QT_TRANSLATE_NOOP("Errors", "The tool server is not set up correctly: give it a name "
                                    "and either a command or a web address."),
    ),
    "tool_server.bad_mcp_json": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is not an mcp.json file Ondol can read: it "
                                    "must be JSON with an \"mcpServers\" object."),
        QT_TRANSLATE_NOOP("Errors", "This is not an mcp.json file Ondol can read: it must be "
                                    "JSON with an \"mcpServers\" object."),
    ),
    "tool_server.start_failed": (
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} did not start: {detail}"),
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} did not start."),
    ),
    "tool_server.server_crashed": (
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} stopped while running {tool}. "
                                    "The chat goes on; restart the server in Settings to use "
                                    "its tools again."),
        QT_TRANSLATE_NOOP("Errors", "The tool server stopped during the call. The chat goes "
                                    "on; restart the server in Settings to use its tools "
                                    "again."),
    ),
    "tool_server.server_down": (
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} is not running."),
        QT_TRANSLATE_NOOP("Errors", "The tool server is not running."),
    ),
    "tool_server.timeout": (
        QT_TRANSLATE_NOOP("Errors", "The tool {tool} did not answer within {seconds} seconds."),
        QT_TRANSLATE_NOOP("Errors", "The tool did not answer in time."),
    ),
    "tool_server.not_found": (
        QT_TRANSLATE_NOOP("Errors", "There is no tool named {tool}."),
        QT_TRANSLATE_NOOP("Errors", "There is no tool server named {server}."),
        QT_TRANSLATE_NOOP("Errors", "That tool is not available."),
    ),
    "tool_server.invalid_arguments": (
        QT_TRANSLATE_NOOP("Errors", "The model called {tool} with arguments that do not fit "
                                    "it: {detail}."),
        QT_TRANSLATE_NOOP("Errors", "The model called a tool with arguments that do not fit "
                                    "it."),
    ),
    "tool_server.rejected": (
        QT_TRANSLATE_NOOP("Errors", "The tool server {server} refused the call to {tool}."),
        QT_TRANSLATE_NOOP("Errors", "The tool server refused the call."),
    ),
    "tool_server.tool_error": (
        QT_TRANSLATE_NOOP("Errors", "The tool {tool} reported an error."),
        QT_TRANSLATE_NOOP("Errors", "The tool reported an error."),
    ),
    "tool_server.write_failed": (
        QT_TRANSLATE_NOOP("Errors", "The tool servers could not be saved to {path} "
                                    "({os_reason})."),
        QT_TRANSLATE_NOOP("Errors", "The tool servers could not be saved to {path}."),
    ),
}
