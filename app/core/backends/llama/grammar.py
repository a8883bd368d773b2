"""JSON schemas as llama.cpp grammars, built in the runtime host with llama-cpp-python's own
converter (the same one its server uses), and checked by llama.cpp's parser before use: a
grammar llama.cpp cannot parse would otherwise reach the sampler chain as a null sampler.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import llama_cpp
from llama_cpp.llama_grammar import LlamaGrammar, json_schema_to_gbnf

from app.core.errors import InvalidParameterError

# ``{}`` asks for any JSON object (OpenAI's JSON mode), not any JSON value.
ANY_OBJECT: dict[str, Any] = {"type": "object"}


def _invalid(detail: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"The JSON schema cannot be turned into a grammar: {detail}", parameter="json_schema",
        value=None, reason="json_schema_invalid", detail=detail)


@lru_cache(maxsize=32)
def _gbnf(schema_text: str) -> str:
    """The grammar for a schema, as JSON text (cached: clients repeat their schema).

    Raises:
        InvalidParameterError: the converter does not understand the schema.
    """
    try:
        return json_schema_to_gbnf(schema_text)
    # The converter reports what it cannot handle with asserts, ValueError, KeyError, ...
    except (AssertionError, ValueError, KeyError, TypeError, IndexError, RecursionError,
            NotImplementedError) as err:
        raise _invalid(str(err) or type(err).__name__) from None


def grammar_for(schema: dict[str, Any], vocab: Any) -> LlamaGrammar:
    """A grammar that holds an answer to ``schema`` (``{}``: any JSON object).

    Raises:
        InvalidParameterError: reason ``json_schema_invalid``, the schema cannot be converted
            or llama.cpp cannot parse the grammar made from it.
    """
    text = json.dumps(schema or ANY_OBJECT, sort_keys=False)
    gbnf = _gbnf(text)
    sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode("utf-8"), b"root")
    if not sampler:
        raise _invalid("llama.cpp could not parse the grammar made from it")
    llama_cpp.llama_sampler_free(sampler)
    return LlamaGrammar.from_string(gbnf, verbose=False)
