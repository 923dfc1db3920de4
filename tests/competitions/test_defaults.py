"""Default settings of a new competition year (competitions/defaults.py): award tiers fitted to the Top N."""

import pytest

from competitions.defaults import award_tiers_for


@pytest.mark.parametrize(
    ("top_n", "tiers"),
    [
        (10, [("Tiga Besar", 1, 3), ("Terbaik", 4, 6), ("Favorit", 7, 10)]),
        (15, [("Tiga Besar", 1, 3), ("Terbaik", 4, 6), ("Favorit", 7, 10)]),
        (8, [("Tiga Besar", 1, 3), ("Terbaik", 4, 6), ("Favorit", 7, 8)]),
        (7, [("Tiga Besar", 1, 3), ("Terbaik", 4, 6), ("Favorit", 7, 7)]),
        (6, [("Tiga Besar", 1, 3), ("Terbaik", 4, 6)]),
        (5, [("Tiga Besar", 1, 3), ("Terbaik", 4, 5)]),
        (3, [("Tiga Besar", 1, 3)]),
        (2, [("Juara", 1, 2)]),
        (1, [("Juara", 1, 1)]),
    ],
)
def test_award_tiers_for_fits_the_default_tiers_to_top_n(top_n, tiers):
    assert award_tiers_for(top_n) == tiers
