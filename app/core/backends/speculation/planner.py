"""How many drafted tokens to verify next: the length that gives the most tokens per second.

Verifying costs real compute where the model runs on a few CPU cores (a batch of 4 tokens may
cost 1.4–2.5× one token), and almost nothing on a GPU; a draft model costs its own steps; and
acceptance depends on the text. So nothing here is assumed: the time of each verification is
measured per batch size, each draft source's acceptance rate and cost per drafted token are
tracked as the answer goes, and a draft is verified only where its expected gain is positive.
A source that stopped paying is tried again now and then, briefly, in case the text changed.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DRAFT = 8  # the longest draft verified in one batch
# Until a batch size has been timed, its cost is guessed from one token's: a slope that is
# optimistic for a CPU (so each size gets tried once), pessimistic for a GPU.
PRIOR_SLOPE = 0.25
PRIOR_RATE = 0.6  # a new source's acceptance per drafted token, before any evidence
PRIOR_TRIALS = 2.0  # ... worth this many drafted tokens
DECAY = 0.9  # weight of the past in the running acceptance and cost figures
EXPLORE_EVERY = 8  # plain steps before a source that stopped paying is tried again
EXPLORE_MAX = 256  # ... the wait doubling each time it still does not pay, up to this
# A source is looked at again only if, were its drafts right 9 times in 10, it would beat
# plain steps by this much: a draft model whose own steps cost too much is not worth the
# look (catching up on the tokens since its last draft costs it real time).
HOPEFUL_RATE = 0.9
EXPLORE_GAIN = 1.2


def _family(name: str) -> str:
    """The source a statistics key belongs to: ``lookup`` for ``lookup3``."""
    return name.rstrip("0123456789")


@dataclass
class SourceStats:
    """One draft source's running acceptance (per drafted token) and cost."""

    accepted: float = PRIOR_RATE * PRIOR_TRIALS  # a prior, worth two tokens of evidence
    tried: float = PRIOR_TRIALS
    seconds_per_token: float = 0.0  # what drafting one token costs (0: a look-up)
    drafted_total: int = 0
    accepted_total: int = 0
    idle_steps: int = 0  # steps since this source was last verified
    explore_wait: int = EXPLORE_EVERY

    @property
    def rate(self) -> float:
        """The chance that a drafted token is accepted, given the ones before it were."""
        return self.accepted / self.tried if self.tried > 0 else 0.0


def expected_tokens(rate: float, n: int) -> float:
    """Tokens one verification of ``n`` drafted tokens yields: the accepted run, plus the
    model's own token after it (1 + a + a² + ... + aⁿ)."""
    if rate >= 1.0:
        return float(n + 1)
    return (1.0 - rate ** (n + 1)) / (1.0 - rate)


class DraftPlanner:
    """Measured costs and acceptance; picks each draft's length."""

    def __init__(self, max_draft: int = MAX_DRAFT) -> None:
        self.max_draft = max_draft
        self._cost: dict[int, float] = {}  # batch size → seconds (running figure)
        self._samples: dict[int, int] = {}
        self.sources: dict[str, SourceStats] = {}

    def reset_costs(self) -> None:
        """Forget the timings (the thread count changed, so they no longer hold)."""
        self._cost.clear()
        self._samples.clear()

    def source(self, name: str) -> SourceStats:
        """The running figures of one draft source. A source new to this planner starts from
        what its kin have shown (``lookup3`` from ``lookup2`` and ``lookup4``): a text whose
        short matches mislead the look-up rarely has long ones that predict it, and each
        wrong first guess costs a verification."""
        stats = self.sources.get(name)
        if stats is None:
            stats = self.sources[name] = SourceStats()
            kin = [s for key, s in self.sources.items()
                   if key != name and _family(key) == _family(name)]
            tried = sum(s.tried for s in kin)
            if tried > 0:
                stats.accepted = PRIOR_TRIALS * sum(s.accepted for s in kin) / tried
                stats.tried = PRIOR_TRIALS
        return stats

    def cost(self, batch: int) -> float | None:
        """Seconds to verify a batch of ``batch`` tokens: measured, else guessed from one
        token's; None before one-token steps have been timed."""
        if batch in self._cost:
            return self._cost[batch]
        plain = self._cost.get(1)
        if plain is None:
            return None
        known = [b for b in self._cost if b < batch]
        base = max(known)
        return self._cost[base] + plain * PRIOR_SLOPE * (batch - base)

    def plain_seconds(self) -> float | None:
        """The measured time of a one-token step."""
        return self._cost.get(1)

    def needs_plain_timing(self) -> bool:
        """True until one-token steps have been timed a few times (the reference)."""
        return self._samples.get(1, 0) < 2

    def length(self, name: str, available: int, room: int, relative_cost: float = 0.0
               ) -> int:
        """How many of ``available`` drafted tokens from source ``name`` to verify (0: none),
        with ``room`` tokens left in the answer; ``relative_cost``: a drafted token's cost
        as a share of one of the model's steps, until drafting has been timed.
        """
        stats = self.source(name)
        limit = min(available, self.max_draft, max(0, room))
        plain = self.plain_seconds()
        if limit <= 0 or plain is None or self.needs_plain_timing():
            return 0
        per_token = stats.seconds_per_token or relative_cost * plain
        best_n, best_speed = 0, 1.0 / plain
        for n in range(1, limit + 1):
            speed = self._speed(stats.rate, n, per_token)
            if speed > best_speed:
                best_n, best_speed = n, speed
        if best_n == 0 and stats.idle_steps >= stats.explore_wait:
            look = min(limit, 2)  # look again, briefly: the text may have changed
            stats.explore_wait = min(stats.explore_wait * 2, EXPLORE_MAX)
            if self._speed(HOPEFUL_RATE, look, per_token) >= EXPLORE_GAIN / plain:
                best_n = look
        return best_n

    def _speed(self, rate: float, n: int, per_token: float) -> float:
        """Tokens per second verifying ``n`` drafted tokens accepted at ``rate`` each."""
        seconds = self.cost(n + 1)
        assert seconds is not None  # called once one-token steps are timed
        return expected_tokens(rate, n) / (seconds + n * per_token)

    def skipped(self, name: str) -> None:
        """Source ``name`` had a draft this step that was not verified."""
        self.source(name).idle_steps += 1

    def record_step(self, batch: int, seconds: float) -> None:
        """One verification (or plain step) of ``batch`` tokens took ``seconds``."""
        count = self._samples.get(batch, 0)
        old = self._cost.get(batch)
        # The first figures are averaged plainly; later ones as a running figure.
        weight = DECAY if count >= 3 else count / (count + 1)
        self._cost[batch] = seconds if old is None else weight * old + (1 - weight) * seconds
        self._samples[batch] = count + 1

    def record_draft(self, name: str, drafted: int, accepted: int,
                     draft_seconds: float = 0.0) -> None:
        """Source ``name`` drafted ``drafted`` tokens (in ``draft_seconds``); ``accepted``
        of them were the model's own choice."""
        stats = self.source(name)
        stats.idle_steps = 0
        stats.drafted_total += drafted
        stats.accepted_total += accepted
        # Tokens after the first rejection were never judged: a rejection is one trial.
        trials = accepted + (1 if accepted < drafted else 0)
        stats.accepted = DECAY * stats.accepted + accepted
        stats.tried = DECAY * stats.tried + trials
        if accepted == drafted and drafted > 0:
            stats.explore_wait = EXPLORE_EVERY
        if drafted > 0 and draft_seconds > 0:
            per_token = draft_seconds / drafted
            old = stats.seconds_per_token
            stats.seconds_per_token = (per_token if old == 0
                                       else DECAY * old + (1 - DECAY) * per_token)
