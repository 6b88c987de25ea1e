"""Why a search found nothing, in words a user can act on (in Chinese): which term or filter
matches nothing at all, terms that never meet, and how many meetings there would be without the
filters; a name one character off gets a "did you mean"."""

from __future__ import annotations

import numpy as np

from ..facets import BY_NAME
from ..identity import Identity
from .matching import Selection, match_mask
from .request import SearchRequest
from .snapshot import Snapshot


def why_nothing(snap: Snapshot, req: SearchRequest, m: Selection) -> list[str]:
    """Why a request selects no meeting, where it can be said: a term or filter that matches
    nothing at all, terms that never meet, and how many there would be without the filters."""
    cols = snap.columns
    notes: list[str] = []
    if not cols.live.any():
        return ["索引里还没有会议"]
    counts: list[tuple[str, int]] = []
    if m.parsed is not None:
        for leaf in m.parsed.leaves:
            if leaf.negated:
                continue
            n = int(np.count_nonzero(match_mask(leaf.query, snap) & cols.live))
            counts.append((leaf.label, n))
            if n == 0:
                notes.append(f"{leaf.label} 在任何会议中都没有出现" + did_you_mean(snap, leaf.value or leaf.literal))
        if counts and all(n for _, n in counts) and not m.text_only.any():
            excluded = [leaf.label for leaf in m.parsed.leaves if leaf.negated]
            notes.append(
                "每个条件单独都有结果，但没有会议同时满足全部条件（"
                + "、".join(f"{label} {n} 条" for label, n in counts)
                + (f"；排除了 {'、'.join(excluded)}" if excluded else "")
                + "）"
            )
    for name, value in req.filter_values():
        if not cols.columns[name].any_of([value], cols.n_docs).any():
            notes.append(
                f"筛选条件「{BY_NAME[name].label}：{value}」在索引中没有任何会议"
                + (did_you_mean(snap, Identity.parse(value).name) if BY_NAME[name].per_city else "")
            )
    if req.date_from and req.date_to and req.date_from > req.date_to:
        notes.append(f"起始日期 {req.date_from} 晚于结束日期 {req.date_to}")
    if req.has_filters() and m.text_only.any():
        notes.append(f"去掉筛选条件后有 {int(np.count_nonzero(m.text_only))} 条结果")
    return notes


def did_you_mean(snap: Snapshot, typed: str | None) -> str:
    """'；是不是要找 黄戟（苏州市）？' for a name one character off or sounding the same."""
    if not typed or not 2 <= len(typed) <= 4:
        return ""
    close = snap.names.did_you_mean(typed)
    return ("；是不是要找 " + "、".join(f"{s.name}（{s.city}）" for s in close) + "？") if close else ""
