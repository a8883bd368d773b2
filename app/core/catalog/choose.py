"""A repository's page as data: its variants with fit labels, the recommendation, and the
format advisor's answer when it holds nothing Ondol runs. Used by the CLI and the Models page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from app.core.catalog.advisor import Advice, advise, detect_repo_formats
from app.core.catalog.hub import HubClient
from app.core.catalog.variants import Variant, group_variants
from app.core.errors import HubNotFoundError
from app.core.hardware.profile import HardwareProfile
from app.core.planning.arch import ArchInfo
from app.core.planning.fit import FitLabel, assess_all
from app.core.planning.outlook import outlook
from app.core.planning.reasons import Reason
from app.core.planning.recommend import recommend
from app.core.planning.words import english


@dataclass(frozen=True)
class VariantRow:
    """One line of the variants table."""

    name: str
    format: str
    quant: str | None
    size_bytes: int
    label: FitLabel  # words: planning.words.english
    recommended: bool
    note: Reason | None = None
    max_context: int = 0  # the longest context that fits here (0: none)
    tps: float = 0.0  # estimated decode tokens per second here (0: unknown)


@dataclass
class RepoReport:
    """Everything a repository's page shows."""

    repo_id: str
    gated: bool
    rows: list[VariantRow] = field(default_factory=list)
    revision: str | None = None  # the commit listed: downloads fetch exactly this
    variants: list[Variant] = field(default_factory=list)
    recommended: Variant | None = None
    recommendation_reason: Reason | None = None
    advice: Advice | None = None
    rejected: list[str] = field(default_factory=list)  # unsafe file names, never downloaded
    card: str = ""  # the model card (README.md), Markdown

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form, its label, note and reason in English."""
        rows = [{**asdict(row), "label": english(row.label),
                 "note": english(row.note) if row.note else None} for row in self.rows]
        reason = self.recommendation_reason
        return {"repo_id": self.repo_id, "gated": self.gated, "variants": rows,
                "recommended": self.recommended.name if self.recommended else None,
                "reason": english(reason) if reason else None,
                "advice": asdict(self.advice) if self.advice else None,
                "rejected": self.rejected}


def describe_repo(hub: HubClient, repo_id: str, profile: HardwareProfile,
                  bandwidth: Mapping[tuple[str, str], float] | None = None) -> RepoReport:
    """Fetch a repository's file list and judge each variant for ``profile``.

    ``bandwidth``: this machine's measured decode bandwidth per (runtime, device), from Auto's
    calibration: it decides between a GGUF and an ONNX build (``planning.recommend``).

    Raises:
        HubNotFoundError, HubAuthError, HubOfflineError, HubTimeoutError: from the hub.
    """
    details = hub.repo(repo_id)
    listing = group_variants(details.files)
    report = RepoReport(repo_id, details.gated, revision=details.revision,
                        variants=list(listing.variants),
                        rejected=list(listing.rejected))
    formats = detect_repo_formats(details.files, tags=details.tags, repo_id=repo_id)
    report.advice = advise(formats, repo_id)
    arch = ArchInfo.from_hub_gguf(details.gguf)
    choice = recommend(listing.variants, profile, arch, bandwidth=bandwidth)
    if choice is not None:
        report.recommended = choice.variant
        report.recommendation_reason = choice.reason
    for fit in assess_all(listing.variants, profile, arch):
        variant, ahead = fit.variant, outlook(fit, profile, arch, bandwidth or {})
        report.rows.append(VariantRow(variant.name, variant.format, variant.quant,
                                      variant.size_bytes, fit.label,
                                      choice is not None and variant is choice.variant, fit.note,
                                      ahead.max_context, round(ahead.tps, 1)))
    return report


def pick_variant(hub: HubClient, repo_id: str, wanted: str | None,
                 profile: HardwareProfile,
                 bandwidth: Mapping[tuple[str, str], float] | None = None) -> Variant:
    """The variant named ``wanted`` (a variant name such as Q4_K_M, or a file path), or the
    recommended one when ``wanted`` is None.

    Raises:
        HubNotFoundError: no such variant, or nothing in the repo that Ondol can run here.
        HubAuthError, HubOfflineError, HubTimeoutError: from the hub.
    """
    return variant_in(describe_repo(hub, repo_id, profile, bandwidth), wanted)


def variant_in(report: RepoReport, wanted: str | None) -> Variant:
    """The variant of ``report`` named ``wanted`` (as ``pick_variant``), or its recommended one.

    Raises:
        HubNotFoundError: no such variant, or nothing in the repo that Ondol can run here.
    """
    repo_id = report.repo_id
    if wanted is None:
        if report.recommended is None:
            why = report.advice.summary if report.advice else "no variant fits this machine"
            raise HubNotFoundError(f"Nothing to download from {repo_id}: {why}",
                                   repo_id=repo_id, reason="nothing_runs_here")
        return report.recommended
    lowered = wanted.lower()
    for variant in report.variants:
        if variant.name.lower() == lowered or (variant.quant or "").lower() == lowered or any(
                f.path == wanted or f.name == wanted for f in variant.files):
            return variant
    names = ", ".join(v.name for v in report.variants) or "none"
    raise HubNotFoundError(f"{repo_id} has no variant or file '{wanted}' (variants: {names}).",
                           repo_id=repo_id, wanted=wanted, reason="no_such_variant",
                           variants=[v.name for v in report.variants])
