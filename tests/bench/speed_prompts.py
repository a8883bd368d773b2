"""The three prompts of bench_speed, each one user turn rendered by Ondol's own template code.

  code     an untyped ~40-line function to add type hints to: the answer repeats most of the
           prompt, where drafting from the prompt (lookup) should shine;
  english  a free-form explanation: little to copy from the prompt;
  korean   a free-form answer in Korean (another script, other token statistics).
"""

from __future__ import annotations

CODE_FUNCTION = '''def summarize_orders(orders, customers, start=None, end=None, currency="EUR"):
    """Group paid orders by customer and return totals, counts and the largest order."""
    rates = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17, "KRW": 0.00068}
    if currency not in rates:
        raise ValueError(f"unknown currency: {currency}")
    by_id = {c["id"]: c for c in customers}
    summary = {}
    skipped = []
    for order in orders:
        if order.get("status") != "paid":
            skipped.append(order["id"])
            continue
        placed = order["placed_at"]
        if start is not None and placed < start:
            continue
        if end is not None and placed >= end:
            continue
        customer = by_id.get(order["customer_id"])
        if customer is None:
            skipped.append(order["id"])
            continue
        amount = order["amount"] * rates[order.get("currency", "EUR")] / rates[currency]
        entry = summary.setdefault(customer["id"], {
            "name": customer["name"],
            "email": customer.get("email"),
            "total": 0.0,
            "count": 0,
            "largest": None,
        })
        entry["total"] += amount
        entry["count"] += 1
        if entry["largest"] is None or amount > entry["largest"][1]:
            entry["largest"] = (order["id"], amount)
    for entry in summary.values():
        entry["total"] = round(entry["total"], 2)
        entry["average"] = round(entry["total"] / entry["count"], 2)
    ranked = sorted(summary.values(), key=lambda e: e["total"], reverse=True)
    return ranked, skipped
'''

PROMPTS: dict[str, str] = {
    "code": "Add type hints to this function:\n\n```python\n" + CODE_FUNCTION + "```",
    "english": "Explain how a hash map works, with an example.",
    "korean": "파이썬의 리스트와 튜플의 차이를 설명해 주세요.",
}


def render(model: str, text: str) -> str:
    """``text`` as one user turn through the model's chat template, as Ondol renders a chat.

    Raises:
        ChatTemplateError: the template does not render.
    """
    from app.core.backends.chat_template import template_for
    from app.core.formats.gguf_reader import read_gguf_metadata

    template = template_for(read_gguf_metadata(model))
    return template.render([{"role": "user", "content": text}], add_generation_prompt=True)
