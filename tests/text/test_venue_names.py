"""A venue's identity: its name and year, whatever folder holds it."""

from __future__ import annotations

import pytest

from bot.text.venue_names import venue_identity


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("MLSys 2025", "mlsys-2025"), ("MLSys 2025", "mlsys25")),  # one page, two slugs
        (("MLSys 2025", "mlsys-2025"), ("mlsys  2025", "mlsys-2025-copy")),  # case, spacing
        (("MLSys 2025", "a"), ("MLSys-2025", "b")),  # punctuation
        (("OSDI", "osdi-2023"), ("OSDI", "osdi23-2023")),  # the year from the folder
        (("MLSys 2025", "mlsys-2024"), ("MLSys 2025", "mlsys-2025")),  # the name's year wins
    ],
)
def test_one_venue(one: tuple[str, str], other: tuple[str, str]) -> None:
    assert venue_identity(*one) == venue_identity(*other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("ICLR 2025", "iclr-2025"), ("ICLR 2025 Workshop on Agents", "iclr-2025-agents")),
        (("OSDI", "osdi-2023"), ("OSDI", "osdi-2024")),  # two editions
        (("MLSys 2024", "x"), ("MLSys 2025", "x")),
        ((None, "demo-2025"), (None, "demo25")),  # no venue file loaded: its own venue
        ((None, "demo-2025"), ("Demo 2025", "demo25")),
        (("MLSys 20251", "a"), ("MLSys", "b")),  # a longer number is no year
    ],
)
def test_two_venues(one: tuple[str | None, str], other: tuple[str | None, str]) -> None:
    assert venue_identity(*one) != venue_identity(*other)
