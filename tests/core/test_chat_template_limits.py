"""A chat template that never ends, or builds gigabytes, is stopped with a typed error.

Templates come from downloaded files: the sandbox keeps them from reaching out, and these
limits keep them from hanging the runtime host or filling its memory.
"""

from __future__ import annotations

import time

import pytest

from app.core.backends import template_limits
from app.core.backends.chat_template import ChatTemplate, TemplateChoice
from app.core.errors import ChatTemplateError

MESSAGES = [{"role": "user", "content": "Hello"}]
BOUND_S = 60.0  # generous: the deadline is a few seconds; a loaded machine may be slow

NESTED = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
          "{% endfor %}")
SLOW = {
    "huge range": "{% for i in range(10**10) %}x{% endfor %}",
    "nested loops": NESTED,
    "nested loops inside a message loop": (
        "{% for m in messages %}" + NESTED + "{{ m['content'] }}{% endfor %}"),
    "recursive macro": ("{% macro f(n) %}{% for i in range(100000) %}{{ f(n + 1) }}"
                        "{% endfor %}{% endmacro %}{{ f(1) }}"),
}
BIG = {
    "output of nested loops": ("{% for i in range(100000) %}{% for j in range(100000) %}xx"
                               "{% endfor %}{% endfor %}"),
    "repeated string": "{{ 'x' * 10**10 }}",
    "repeated list": "{{ ([1] * 10**10) | length }}",
    "huge power": "{{ 2 ** (10 ** 9) }}",
    "doubled namespace": ("{% set ns = namespace(s='x') %}{% for i in range(80) %}"
                          "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"),
    "doubled by a call": ("{% set ns = namespace(s='x') %}{% for i in range(80) %}"
                          "{% set ns.s = [ns.s, ns.s] | join %}{% endfor %}"),
}


def render(source: str) -> tuple[ChatTemplateError, float]:
    template = ChatTemplate(TemplateChoice("model", "test", source))
    started = time.monotonic()
    with pytest.raises(ChatTemplateError) as info:
        template.render(MESSAGES)
    return info.value, time.monotonic() - started


def test_a_10_to_the_10_loop_ends_with_a_typed_error() -> None:
    err, elapsed = render(SLOW["huge range"])
    assert err.facts["source"] == "model" and err.facts["reason"] in ("render_failed",
                                                                       "too_slow")
    assert elapsed < BOUND_S


def test_nested_loops_end_at_the_real_deadline() -> None:
    err, elapsed = render(NESTED)
    assert err.facts["reason"] == "too_slow"
    assert err.facts["seconds"] == template_limits.RENDER_SECONDS
    assert elapsed < BOUND_S


@pytest.mark.parametrize("source", SLOW.values(), ids=SLOW.keys())
def test_endless_templates_are_stopped(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_limits, "RENDER_SECONDS", 0.5)
    err, elapsed = render(source)
    assert err.facts["reason"] in ("too_slow", "render_failed")
    assert elapsed < BOUND_S


@pytest.mark.parametrize("source", BIG.values(), ids=BIG.keys())
def test_huge_values_are_refused(source: str) -> None:
    err, elapsed = render(source)
    assert err.facts["reason"] in ("too_long", "too_slow")
    assert elapsed < BOUND_S


def test_other_runtime_errors_in_a_template_are_typed() -> None:
    for source in ("{{ 1 / 0 }}", "{{ [1, 'a'] | sort }}", "{{ 'a' < 1 }}"):
        err, _elapsed = render(source)
        assert err.facts["reason"] == "render_failed"


def test_a_deadline_that_passes_as_the_work_ends_never_strikes_later() -> None:
    # The interrupt is either delivered inside the deadline's scope or forgotten.
    for _ in range(40):
        try:
            template_limits.run_with_deadline(lambda: sum(range(20_000)), seconds=0.0005)
        except ChatTemplateError as err:
            assert err.facts["reason"] == "too_slow"
        total = 0
        for i in range(200_000):  # plenty of bytecode: a stray interrupt would land here
            total += i
        assert total == sum(range(200_000))


def test_a_normal_template_still_renders_after_a_stopped_one() -> None:
    render(NESTED)
    choice = TemplateChoice("model", "test", "{% for m in messages %}{{ m['content'] }}"
                                             "{% endfor %}")
    assert ChatTemplate(choice).render(MESSAGES * 3) == "HelloHelloHello"
