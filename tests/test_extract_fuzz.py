"""Property: no text and no bytes make the extractor fail with anything but its own error.

A user's corpus holds broken files; one of them must end in a one-line ``UnkgError``,
never a traceback. Texts are drawn from arbitrary Unicode and from seed fragments cut,
spliced and damaged, so the patterns see near-misses of what they look for.
"""

from __future__ import annotations

from fixtures import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unkg.kg.errors import UnkgError
from unkg.kg.extract import extract_file, extract_text

SEED_TEXT = SEEDS[1].read_text("utf-8")
OPENING = "L'Assemblée générale,\n\n"


def _extract_or_user_error(text: str) -> None:
    try:
        report = extract_text(text)
    except UnkgError as e:
        assert "\n" not in str(e)
        return
    for ref in report.references:
        for ev in ref.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.quote


fragments = st.tuples(st.integers(0, len(SEED_TEXT)), st.integers(0, 600)).map(
    lambda t: SEED_TEXT[t[0] : t[0] + t[1]]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text(text):
    _extract_or_user_error(text)
    _extract_or_user_error(OPENING + text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(fragments, st.text(max_size=40), st.sampled_from(["\n", "\n\n", "¹", "<sup>", "](#)", "[", "/", "(", "1. "])), max_size=12))
def test_spliced_seed_fragments(parts):
    _extract_or_user_error(OPENING + "".join(parts))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    try:
        extract_file(path)
    except UnkgError as e:
        assert "input.txt" in str(e)
