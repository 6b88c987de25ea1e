import json

import pytest

from variants import GOLDEN, SAMPLE


@pytest.fixture(scope="session")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_path():
    return SAMPLE
