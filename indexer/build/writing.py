"""Writing a batch of meetings as one commit, and the dictionary it needs first."""

from __future__ import annotations

from pathlib import Path

from .. import analysis, atomic, store
from ..whoosh_internals import ArrayCodec, unlocked_writer
from .plan import Admitted


def add_words(index_dir: Path, known: set[str], batch: list[Admitted]) -> None:
    """Names and departments new to the index go into its dictionary before the batch is written
    (the writer's worker processes inherit jieba's dictionary)."""
    new_words = set().union(*(a.parsed.words for a in batch)) - known
    if new_words:
        known |= new_words
        atomic.write_text(index_dir / store.USERDICT_NAME, "".join(f"{w}\n" for w in sorted(known)))
        analysis.load_user_words(new_words)


def write_batch(ix, batch: list[Admitted], workers: int) -> list[Admitted]:
    """One commit: each meeting replaces what its file and its id held. Returns the meetings the
    committed generation does not hold: the multi-process writer commits without the share of a
    child that died, so a commit is checked, and what it lost is written again in this process."""
    lost = _write(ix, batch, workers)
    if lost and workers > 1:
        lost = _write(ix, lost, 1)
    return lost


def _write(ix, batch: list[Admitted], workers: int) -> list[Admitted]:
    writer = new_writer(ix, len(batch), workers)
    try:
        for a in batch:
            p = a.parsed
            if a.superseded:
                _delete_meeting(writer, a.superseded)
            if a.previous_id is not None:
                _delete_path(writer, p.path)
                if a.previous_id != a.id:
                    _delete_meeting(writer, a.id)
            else:
                _delete_meeting(writer, a.id)  # a stale copy left by an interrupted run
            with writer.group():  # a meeting and its decisions: in one segment, never apart
                writer.add_document(**a.fields)
                for fields in p.decisions:
                    writer.add_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    with ix.searcher() as s:  # the generation just committed
        return [a for a in batch if s.document_number(id=a.id) is None]


def delete_paths(ix, paths: list[str]) -> None:
    """One commit removing the meetings of these source files."""
    writer = new_writer(ix, 0, 1)
    for p in paths:
        _delete_path(writer, p)
    writer.commit(merge=False)


def _delete_meeting(writer, meeting_id: str) -> None:
    writer.delete_by_term("id", meeting_id)
    writer.delete_by_term("meeting", meeting_id)  # its decisions


def _delete_path(writer, path: str) -> None:
    writer.delete_by_term("path", path)
    writer.delete_by_term("source", path)  # the decisions of the meeting it held


def new_writer(ix, n_docs: int, workers: int):
    """Batches are written as new segments (no merging, which would redo the postings in Python);
    the posting pool holds a whole batch in memory so that nothing is spilled and re-read. The run
    holds the write lock (`WriteLock`), so the writers do not take it."""
    if workers > 1 and n_docs >= 500:
        return unlocked_writer(ix, procs=workers, limitmb=1024, codec=ArrayCodec())
    return unlocked_writer(ix, limitmb=1024, codec=ArrayCodec())
