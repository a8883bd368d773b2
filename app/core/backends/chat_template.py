"""Chat templates, rendered in a sandbox.

A chat template is Jinja code inside a downloaded file, so it is rendered in Jinja2's
``ImmutableSandboxedEnvironment`` (no attribute tricks, no mutation, no imports); llama-cpp-python
once had a remote-code-execution advisory from rendering these unsandboxed. Rendering is also
bounded in time and size (``template_limits``): a template that loops for ever is an error. A
model without a template gets one chosen by architecture, and the choice is reported.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jinja2

from app.core.backends.template_limits import BoundedSandbox, join_bounded, run_with_deadline
from app.core.errors import ChatTemplateError

CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# Gemma has no system role: the system prompt goes in front of the first user turn.
GEMMA = (
    "{{ bos_token }}"
    "{% set ns = namespace(system='') %}"
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{% set ns.system = message['content'] + '\n\n' %}"
    "{% else %}"
    "{% set role = 'model' if message['role'] == 'assistant' else 'user' %}"
    "{{ '<start_of_turn>' + role + '\n' }}"
    "{% if role == 'user' %}{{ ns.system }}{% set ns.system = '' %}{% endif %}"
    "{{ message['content'] | trim }}{{ '<end_of_turn>\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\n' }}{% endif %}"
)

PHI3 = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)

_FALLBACK_BY_ARCH = {
    "gemma": ("gemma", GEMMA),
    "gemma2": ("gemma", GEMMA),
    "gemma3": ("gemma", GEMMA),
    "phi3": ("phi3", PHI3),
}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TemplateChoice:
    """The template to use and where it came from, in words a user can read."""

    source: str
    note: str
    template: str = ""


def choose_template(chat_template: str | None, architecture: str) -> TemplateChoice:
    """The model's own template, or a fallback for its architecture (ChatML when unknown)."""
    if chat_template:
        return TemplateChoice("model", "chat template from the model file", chat_template)
    return fallback_template(architecture, "the model file has no chat template")


def fallback_template(architecture: str, why: str) -> TemplateChoice:
    """The built-in template for ``architecture``, with ``why`` it is used."""
    name, template = _FALLBACK_BY_ARCH.get(architecture, ("chatml", CHATML))
    return TemplateChoice(f"fallback:{name}",
                          f"{why}; using the {name} format for architecture '{architecture}'",
                          template)


def compile_template(chat_template: str | None, architecture: str, bos_token: str,
                     eos_token: str, override: str | None = None) -> ChatTemplate:
    """The model's template (or the ``override`` saved for it) compiled in the sandbox; if it
    does not compile, the fallback for the architecture, saying why (the model still works,
    with a generic format)."""
    choice = choose_template(chat_template, architecture)
    if override:
        choice = TemplateChoice("override", "chat template saved in Ondol for this model",
                                override)
    try:
        return ChatTemplate(choice, bos_token, eos_token)
    except ChatTemplateError as err:
        if override:  # a saved template that no longer compiles: the file's own, as before
            return compile_template(chat_template, architecture, bos_token, eos_token)
        fallback = fallback_template(architecture, f"the model's chat template is not usable "
                                                   f"({err})")
        return ChatTemplate(fallback, bos_token, eos_token)


def template_for(meta: Any, override: str | None = None) -> ChatTemplate:
    """The compiled template for a model's metadata (``ModelMetadata``), or ``override`` (a
    template saved for the model) in its place; a fallback is logged.

    Compiled before the model loads, so a broken template never leaves a model loaded but
    unusable.
    """
    template = compile_template(meta.chat_template, meta.architecture, meta.bos_token or "",
                                meta.eos_token or "", override)
    if template.choice.source not in ("model", "override"):
        logger.info("%s", template.choice.note)
    return template


def _raise_exception(message: str) -> None:
    raise ChatTemplateError(f"The chat template refused the conversation: {message}",
                            reason="refused", detail=str(message))


def _tojson(value: Any, ensure_ascii: bool = False, indent: int | None = None,
            separators: tuple[str, str] | None = None, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def tool_system_prompt(messages: list[dict[str, Any]],
                       tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``messages`` with ``tools`` described in the system prompt (one is added if there is
    none), for a template that has no place for tools of its own."""
    listing = "\n".join(json.dumps(tool, ensure_ascii=False) for tool in tools)
    text = ("You may call one or more functions to assist with the user query. The functions "
            f"are:\n{listing}\n\nTo call a function, answer with a JSON object within "
            "<tool_call></tool_call> tags:\n<tool_call>\n{\"name\": <function-name>, "
            "\"arguments\": <args-json-object>}\n</tool_call>")
    if messages and messages[0].get("role") == "system":
        first = {**messages[0], "content": f"{messages[0].get('content') or ''}\n\n{text}"}
        return [first, *messages[1:]]
    return [{"role": "system", "content": text}, *messages]


class ChatTemplate:
    """A compiled, sandboxed chat template."""

    def __init__(self, choice: TemplateChoice, bos_token: str = "", eos_token: str = "") -> None:
        """Compile the template.

        Raises:
            ChatTemplateError: the template is not valid Jinja.
        """
        self.choice = choice
        self._bos = bos_token
        self._eos = eos_token
        # The same environment Hugging Face renders these templates in: loop controls and a
        # tojson that keeps non-ASCII text as it is.
        env = BoundedSandbox(trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.loopcontrols"])
        env.filters["tojson"] = _tojson
        env.globals["raise_exception"] = _raise_exception
        env.globals["strftime_now"] = _strftime_now
        try:
            self._template = env.from_string(choice.template)
        except (jinja2.TemplateError, RecursionError, MemoryError, ValueError) as err:
            raise ChatTemplateError(f"The model's chat template is not valid: {err}",
                                    source=choice.source, reason="invalid",
                                    detail=str(err), line=template_line(err)) from err

    @property
    def takes_tools(self) -> bool:
        """Whether the template itself renders a ``tools`` list (Qwen 2.5, Llama 3.1, Hermes,
        Mistral's do)."""
        return "tools" in self.choice.template

    def render(self, messages: list[dict[str, Any]], add_generation_prompt: bool = True,
               tools: list[dict[str, Any]] | None = None) -> str:
        """The prompt text for ``messages`` (dicts with ``role`` and ``content``, and the tool
        keys of ``ChatMessage``), offering ``tools`` when given.

        A template that does not render tools gets them described in the system prompt, in
        the Hermes form the tool-call parser reads back.

        Raises:
            ChatTemplateError: rendering failed, touched something the sandbox forbids, ran
                past its time limit (``too_slow``) or built too much text (``too_long``).
        """
        extra: dict[str, Any] = {}
        if tools and self.takes_tools:
            extra["tools"] = tools
        elif tools:
            messages = tool_system_prompt(messages, tools)

        def work() -> str:
            return join_bounded(self._template.generate(
                messages=messages,
                add_generation_prompt=add_generation_prompt,
                bos_token=self._bos,
                eos_token=self._eos,
                **extra,
            ))

        try:
            return run_with_deadline(work)
        except ChatTemplateError as err:
            err.facts.setdefault("source", self.choice.source)
            err.facts.setdefault("line", template_line(err))
            raise
        except Exception as err:  # template code can raise anything; it is never a crash
            raise ChatTemplateError(f"The chat template failed to render: {err}",
                                    source=self.choice.source, reason="render_failed",
                                    detail=str(err) or type(err).__name__,
                                    line=template_line(err)) from err

    def with_source(self, template: str, source: str = "draft") -> ChatTemplate:
        """Another template compiled with this one's BOS and EOS tokens (a draft being edited).

        Raises:
            ChatTemplateError: the template is not valid Jinja (fact ``line``: where).
        """
        return ChatTemplate(TemplateChoice(source, "a chat template being edited", template),
                            self._bos, self._eos)


def template_line(err: BaseException) -> int | None:
    """The template line an error points at: a syntax error's own, else the deepest frame of
    template code in its traceback (Jinja maps those frames to template lines); None if none."""
    lineno = getattr(err, "lineno", None)
    if isinstance(err, jinja2.TemplateSyntaxError) and isinstance(lineno, int):
        return lineno
    line = None
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
