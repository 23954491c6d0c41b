"""The confidence intervals the results print (pure Python, no Django):

- the mean of a scale (1–5 for the survey, 1–3 for the portal's ratings): Student's t interval,
  mean ± t(0.975, n−1) · s / √n, with s the sample standard deviation (n − 1);
- the share satisfied: the Wilson score interval (Wilson 1927), which stays inside [0, 1] and
  behaves for small n and shares near 0 or 1, where the normal ("Wald") interval does not.

Both at 95 %. The t quantile is read from the standard table (df 1–30, 40, 60, 120) and
interpolated in 1/df between its rows (error below 0.001 against the exact quantile); beyond 120
degrees of freedom the normal quantile 1.95996 is used."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_975 = 1.959963984540054

#: t(0.975, df) from the standard table.
_T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
    26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip


def t_975(df: int) -> float:
    if df < 1:
        raise ValueError("a t interval needs at least two observations")
    if df in _T_975:
        return _T_975[df]
    if df > 120:
        lower_df, upper_df, upper = 120, math.inf, Z_975
    else:
        lower_df = max(k for k in _T_975 if k < df)
        upper_df = min(k for k in _T_975 if k > df)
        upper = _T_975[upper_df]
    lower = _T_975[lower_df]
    # Linear in 1/df between the two rows (the table's usual interpolation).
    weight = (1 / lower_df - 1 / df) / (1 / lower_df - (0 if upper_df == math.inf else 1 / upper_df))
    return lower + (upper - lower) * weight


@dataclass(frozen=True)
class Interval:
    estimate: float | None
    low: float | None
    high: float | None


def mean_interval(values: list[int] | list[float]) -> Interval:
    """The mean and its 95 % t interval; no interval with fewer than two values."""
    n = len(values)
    if n == 0:
        return Interval(None, None, None)
    mean = sum(values) / n
    if n == 1:
        return Interval(mean, None, None)
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = t_975(n - 1) * math.sqrt(variance / n)
    return Interval(mean, mean - half, mean + half)


def wilson_interval(successes: int, n: int, z: float = Z_975) -> Interval:
    """The share successes/n and its Wilson score interval."""
    if n == 0:
        return Interval(None, None, None)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half))
