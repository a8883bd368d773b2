"""A GGUF whose chat template does not compile still loads: Ondol's generic format is used and
the load says the model's template is broken."""

from __future__ import annotations

from pathlib import Path

from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests import bad_models
from tests.integration.conftest import collect, load_params


def test_model_with_a_broken_template_loads_and_answers(smollm2_path: Path,
                                                        tmp_path: Path) -> None:
    bad = bad_models.broken_chat_template(smollm2_path, tmp_path)
    client = RuntimeClient()
    try:
        loaded = client.load(str(bad), load_params())
        assert loaded.template_source == "fallback:chatml"
        assert "chat template is not usable" in loaded.template_note
        deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=4),
                               messages=[{"role": "user", "content": "Hello"}])
        assert done.stats.generated_tokens >= 1
        assert "".join(d.text for d in deltas)
    finally:
        client.close()
