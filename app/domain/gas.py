"""Goal Attainment Scaling arithmetic (Kiresuk and Sherman; Turner-Stokes 2009).

Pure functions, no database: the T-score summarises several goals' levels
(−2..+2) into one number where 50 means "goals met as expected".
"""

import math
from collections.abc import Iterable

# the assumed correlation between goals' scores, by convention
RHO = 0.3


def t_score(levels_and_weights: Iterable[tuple[int, float]], rho: float = RHO) -> float | None:
    """``T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²)``; None for no goals.

    >>> round(t_score([(1, 1.0), (0, 1.0)]), 2)
    56.2
    """
    pairs = list(levels_and_weights)
    if not pairs:
        return None
    weighted = sum(w * x for x, w in pairs)
    sum_w = sum(w for _, w in pairs)
    sum_w2 = sum(w * w for _, w in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w**2)
