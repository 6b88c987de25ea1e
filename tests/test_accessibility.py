"""Every page type, at desktop and phone widths, checked by axe-core (from the npm registry,
installed by `make axe`, which `make test` runs) in Chromium: no critical or serious violation.
The pages' Content-Security-Policy forbids injected scripts, so the check's browser context
bypasses it (the test only; the app keeps its policy)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SAMPLE = "苏州市-2020-09-14-111"


def _pages(server_url: str, request_json) -> dict[str, str]:
    document = request_json("/api/documents")[0]
    return {
        "home": "/",
        "search": "/?q=" + quote("审计整改"),
        "zero hits": "/?q=" + quote("量子纠缠"),
        "bad query": "/?q=" + quote('"审计'),
        "past the end": "/?q=" + quote("审计") + "&page=999",
        "decisions": "/decisions?q=" + quote("审计"),
        "meeting": "/meetings/" + quote(SAMPLE),
        "person": "/people/" + quote("苏州市") + "/" + quote("黄戟"),
        "department": "/departments/" + quote("苏州市") + "/" + quote("市发改委"),
        "people": "/people",
        "departments": "/departments",
        "documents": "/documents",
        "document": "/documents/" + quote(document["city"]) + "/" + quote(document["name"]),
        "trends": "/trends?q=" + quote("审计"),
        "browse": "/browse",
        "not found": "/meetings/没有这次会议",
    }


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_page_has_a_critical_or_serious_violation(server, browser, size):
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (run `make axe`)")
    context = browser.new_context(bypass_csp=True, **SIZES[size])
    try:
        page = context.new_page()

        def request_json(path: str):
            return page.request.get(server + path).json()

        found = {}
        for name, path in _pages(server, request_json).items():
            page.goto(server + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            bad = [
                f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
                for v in result["violations"]
                if v["impact"] in ("critical", "serious")
            ]
            if bad:
                found[name] = bad
        assert not found, found
    finally:
        context.close()
