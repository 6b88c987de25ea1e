"""The `minutes` command line: parse, index, search, stats, person, serve, synth."""
from __future__ import annotations

import argparse
import json
import sys
import warnings

from .errors import MinutesError


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _summary(record) -> str:
    lines = [
        f"{record.display_title}  ({record.source})",
        f"  日期 {record.date} {record.session or ''}  第{record.number}次{record.meeting_type or ''}",
        f"  主持 {record.chair or '?'}{record.chair_title or ''}  {record.body or record.city or ''}",
    ]
    for item in record.items:
        lines.append(f"  {item.number}. {item.title}  [{len(item.decisions)} decisions]"
                     + (f"  负责: {'、'.join(item.departments)}" if item.departments else ""))
    lines.append(f"  出席 {len(record.attendees)}: {' '.join(record.attendees)}")
    lines.append(f"  列席 {len(record.observers)}: " + " ".join(
        f"{o.department}{o.name}" if o.department else o.name for o in record.observers))
    if record.representatives:
        lines.append("  代表: " + "、".join(r.department for r in record.representatives))
    lines.append(f"  记录 {record.recorder or '?'}  整理 {record.compiled_by or '?'} {record.compiled_date or ''}"
                 f"  印发 {record.issued_date or '?'}")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minutes", description="Search engine for government meeting minutes.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one minutes file and print its record")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", category=SyntaxWarning, module="jieba")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except MinutesError as exc:
        print(f"minutes: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
