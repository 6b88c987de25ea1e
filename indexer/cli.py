"""The `minutes` command line: parse, index, search, stats, person, document, serve, synth."""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from importlib.metadata import entry_points

from .errors import MinutesError, QueryError
from .facets import BY_NAME, FACETS
from .models import shown_date, shown_number
from .vocabulary import ATTENDEE, CHAIR, OBSERVER, PAGE_SIZE, RECORDER, RELEVANCE, SORT_NAMES


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _summary(record) -> str:
    lines = [
        f"{record.display_title}  ({record.source})",
        f"  日期 {shown_date(record.date)} {record.session or ''}  {shown_number(record.number)}{record.meeting_type or ''}",
        f"  {CHAIR.word} {record.chair or '?'}{record.chair_title or ''}  {record.body or record.city or ''}",
    ]
    for item in record.items:
        lines.append(
            f"  {item.number}. {item.title}  [{len(item.decisions)} decisions]"
            + (f"  负责: {'、'.join(item.departments)}" if item.departments else "")
        )
    lines.append(f"  {ATTENDEE.word} {len(record.attendees)}: {' '.join(record.attendees)}")
    lines.append(
        f"  {OBSERVER.word} {len(record.observers)}: "
        + " ".join(f"{o.department}{o.name}" if o.department else o.name for o in record.observers)
    )
    if record.representatives:
        lines.append("  代表: " + "、".join(r.department for r in record.representatives))
    lines.append(
        f"  {RECORDER.word} {record.recorder or '?'}  整理 {record.compiled_by or '?'} {record.compiled_date or ''}"
        f"  印发 {record.issued_date or '?'}"
    )
    lines.extend(f"  warning: {w}" for w in record.warnings)
    return "\n".join(lines)


def cmd_parse(args) -> int:
    from .parse import parse_file

    record = parse_file(args.path)
    if args.json:
        _print_json(record.to_dict())
    else:
        print(_summary(record))
    return 0


def _printable(text: str) -> str:
    """A file name as one line: control characters (a newline could forge a line) escaped."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def cmd_index(args) -> int:
    from .build import index_paths

    report = index_paths(args.paths, args.index, prune=args.prune, workers=args.workers, batch_size=args.batch_size)
    for path, reason in report.skipped:
        print(f"skipped: {_printable(path)}: {reason}", file=sys.stderr)
    for path, reason in report.failed:
        print(f"failed: {_printable(path)}: {reason}", file=sys.stderr)
    print(f"indexed: {report.summary_line()}")
    return 1 if report.failed else 0


def _open(args):
    from .query import SearchIndex

    return SearchIndex(args.index)


def cmd_search(args) -> int:
    from .query import SearchRequest, search
    from .query.highlight import Marked

    req = SearchRequest(
        q=args.query,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=args.page,
        page_size=args.page_size,
        **{facet.name: getattr(args, facet.name) for facet in FACETS},
    )
    if args.decisions or args.format:
        return _search_decisions(args, req)
    result = search(_open(args), req)
    if args.json:
        _print_json(result.to_json())
        return 0

    def plain(snippet: Marked) -> str:
        return snippet.render("【", "】")

    last = (result.total + result.page_size - 1) // result.page_size
    print(f"{result.total} meetings match" + (f" (page {result.page} of {last})" if last > 1 else ""))
    if result.reread:
        print(f"  {result.reread['note']}")
    for note in result.notes:
        print(f"  {note}")
    if result.offers:
        print("  可能是：" + "  ".join(result.offers))
    for hit in result.hits:
        print(
            f"\n{hit.city or ''} {shown_number(hit.number)}  {shown_date(hit.date)}  {hit.title}  {CHAIR.word} {hit.chair or '?'}  [{hit.id}]"
        )
        print(f"  {plain(hit.snippet)}")
        for item in hit.items:
            print(f"  {item.number}. {item.title}\n     {plain(item.snippet)}")
    for name, values in result.facets.items():
        if values:
            print(f"\n{BY_NAME[name].label}: " + "  ".join(f"{v.label}({v.count})" for v in values[:12]))
    return 0


def _search_decisions(args, req) -> int:
    """One hit per decision; `--format csv|jsonl`: every decision of the search, streamed."""
    from .query.decision_export import CSV_HEADER, csv_row, json_row
    from .query.decisions import decision_rows, search_decisions

    if args.format:
        rows = decision_rows(_open(args), req)
        if args.format == "jsonl":
            for hit in rows:
                sys.stdout.write(json.dumps(json_row(hit, None), ensure_ascii=False) + "\n")
        else:
            import csv

            writer = csv.writer(sys.stdout)
            writer.writerow(CSV_HEADER)
            for hit in rows:
                writer.writerow(csv_row(hit, None))
        return 0
    result = search_decisions(_open(args), req)
    if args.json:
        _print_json(result.to_json())
        return 0
    last = (result.total + result.page_size - 1) // result.page_size
    print(
        f"{result.total} decisions in {result.meetings} meetings match"
        + (f" (page {result.page} of {last})" if last > 1 else "")
    )
    for note in result.notes:
        print(f"  {note}")
    for hit in result.hits:
        print(f"\n{hit.citation}  [{hit.id}]")
        print(f"  {hit.item_title}")
        print(f"  {hit.snippet.render('【', '】')}")
        facts = [
            ("类型", "、".join(hit.kinds)),
            ("汇报", "、".join(hit.presenters)),
            ("负责", "、".join(d + (f"（{r}）" if r else "") for d, r in hit.responsible)),
            ("期限", "、".join(t + (f"（{d}）" if d else "") for t, d in hit.deadlines)),
            ("文件", "、".join(f"《{t}》" + (f"（{st}）" if st else "") for t, st, _ in hit.documents)),
        ]
        line = "  ".join(f"{k}：{v}" for k, v in facts if v)
        if line:
            print(f"  {line}")
    for name, values in result.facets.items():
        if values:
            print(f"\n{BY_NAME[name].label}: " + "  ".join(f"{v.label}({v.count})" for v in values[:12]))
    return 0


def cmd_stats(args) -> int:
    from dataclasses import asdict

    from .catalog import stats

    st = stats(_open(args))
    if args.json:
        _print_json(asdict(st))
    else:
        print(
            f"meetings: {st.meetings}\ndates: {shown_date(st.first_date)} – {shown_date(st.last_date)}\npeople: {st.people}\n"
            f"departments: {st.departments}\nby year: " + "  ".join(f"{y}:{n}" for y, n in st.years.items())
        )
    return 0


def cmd_document(args) -> int:
    """A document of one place: every decision that named it, with what it did, and its series."""
    from dataclasses import asdict

    from .documents import document_profile, find_documents

    index = _open(args)
    found = find_documents(index, args.title, args.city)
    profiles = [p for n in found[:20] if (p := document_profile(index, n.name, n.city)) is not None]
    if args.json:
        _print_json({"title": args.title, "documents": [{**asdict(p), "statuses": p.statuses} for p in profiles]})
        return 0 if profiles else 1
    if not profiles:
        print(f"《{args.title}》: named by no indexed decision")
        return 1
    for p in profiles:
        print(f"《{p.title}》（{p.city}）  {len(p.mentions)} decisions")
        for m in p.mentions:
            status = f"（{m.status}）" if m.status else ""
            print(
                f"  {shown_date(m.date)} {shown_number(m.number)}  {m.action}{status}  {m.item}、{m.item_title}  [{m.id}]"
            )
        if p.series:
            print("  series: " + "  ".join(f"《{t}》({n})" for t, n in p.series))
    return 0


def cmd_person(args) -> int:
    """A person's meetings, city by city (a name in two cities is two people); for pinyin or
    initials, the candidates; for a name that matches nothing, the closest names."""
    from dataclasses import asdict

    from .catalog import find_people, person_appearances, person_profile

    index = _open(args)
    found, close = find_people(index, args.name)
    from .analysis import fold

    people = [s for s in found if args.city in (None, s.city)]
    exact = [s for s in people if s.match == "name" and fold(s.name) == fold(args.name)]
    if args.json:
        _print_json(
            {
                "name": args.name,
                "people": [
                    {
                        **asdict(s),
                        "appearances": [asdict(a) for a in person_appearances(index, s.name, s.city)],
                        "timeline": [asdict(y) for y in (profile.years if profile else [])],
                    }
                    for s in (exact or people)
                    for profile in [person_profile(index, s.name, s.city)]
                ],
                "did_you_mean": [asdict(s) for s in close],
            }
        )
        return 0 if exact or people else 1
    if not exact and not people:
        hint = "；是不是要找 " + "、".join(f"{s.name}（{s.city}）" for s in close) if close else ""
        print(f"{args.name}: appears in no indexed meeting{hint}")
        return 1
    if not exact:
        print(f"{args.name}: " + "  ".join(f"{s.name}（{s.city}，{s.meetings} 次会议）" for s in people))
        return 0
    for s in exact:
        found = person_appearances(index, s.name, s.city)
        print(f"{s.name}（{s.city}）: {len({a.id for a in found})} meetings")
        profile = person_profile(index, s.name, s.city)
        for y in profile.years if profile else []:
            roles = "、".join(f"{role} {n}" for role, n in y.roles.items())
            print(
                f"  {y.year}: {y.meetings} meetings ({roles}); decisions presented {y.presented_total},"
                f" tasked {y.tasked_total} (through the departments sat in for)"
            )
        for a in found:
            print(
                f"  {shown_date(a.date)}  {shown_number(a.number)}  {a.role}"
                + (f"  {a.department}" if a.department else "")
                + f"  {a.title}"
            )
    return 0


# `synth.LAYOUT_CHOICES`, named here so that the command line is built without importing the generator.
SYNTH_LAYOUTS = ("suzhou", "district", "report", "labelled", "office", "mixed")


def cmd_synth(args) -> int:
    from .synth import generate

    files = generate(args.count, args.out, seed=args.seed, fmt=args.format, layout=args.layout)
    print(
        f"wrote {len(files)} synthetic minutes ({args.format}, {args.layout} layout) under {args.out} "
        f"(expected records in {args.out}/expected)"
    )
    return 0


def add_index_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", default=None, help="index folder (default: data/index or $MINUTES_INDEX_DIR)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minutes", description="Search engine for government meeting minutes.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one minutes file and print its record")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("index", help="index files and folders (incremental)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_index_option(p)
    p.add_argument("--prune", action="store_true", help="remove meetings whose files are gone")
    p.add_argument("--workers", type=int, default=None, help="processes to use (default: up to 2)")
    p.add_argument("--batch-size", type=int, default=2000, help="documents per commit (default: 2000)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search the index")
    p.add_argument("query", nargs="?", default="")
    for facet in FACETS:
        p.add_argument(
            f"--{facet.name}",
            action="append",
            default=[],
            metavar=facet.name.upper(),
            help=f"{facet.label} (repeatable)",
        )
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--sort", choices=SORT_NAMES, default=RELEVANCE)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--page-size", type=int, default=PAGE_SIZE)
    add_index_option(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--decisions", action="store_true", help="one hit per decision, not per meeting")
    p.add_argument(
        "--format",
        choices=("csv", "jsonl"),
        help="every decision of the search as CSV or JSON lines (implies --decisions)",
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("synth", help="write a deterministic synthetic archive with expected records")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--format",
        choices=("txt", "html", "pdf", "docx"),
        default="txt",
        help="txt: PDF-extracted text; html: portal pages; docx; pdf: office exports and typeset files, alternately",
    )
    p.add_argument(
        "--layout",
        choices=SYNTH_LAYOUTS,
        default="suzhou",
        help="suzhou: 市政府常务会议纪要; district: 区县政府纪要; report: news-style reports; labelled: "
        "labelled-field pages; office: 市长办公会议/专题会议纪要; mixed: the five in turn",
    )
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("stats", help="meetings, date span, people, departments")
    add_index_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("document", help="a document followed across meetings: every decision that named it")
    p.add_argument("title", help="the title, with or without its status, place or year")
    p.add_argument("--city", default=None, help="only the document of this place")
    add_index_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_document)

    p = sub.add_parser("person", help="every meeting a person appears in (name, pinyin or initials)")
    p.add_argument("name")
    p.add_argument("--city", default=None, help="only the person of this city")
    add_index_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_person)

    # Commands other packages add (`minutes serve` is the web app's): the `minutes.commands`
    # entry points, each a function that adds its subparser. The indexer never imports them.
    for command in sorted(entry_points(group="minutes.commands"), key=lambda ep: ep.name):
        command.load()(sub, add_index_option)
    return parser


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", category=SyntaxWarning, module="jieba")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (MinutesError, QueryError) as exc:
        print(f"minutes: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
