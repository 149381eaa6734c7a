# An independent Erlang C: the textbook formula with exact factorials (Python integers and fractions), not the
# recursion the product uses.
from fractions import Fraction
import math
def erlang_c(n, a):
    a = Fraction(a)
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    bottom = sum(a**k / math.factorial(k) for k in range(n)) + top
    return top / bottom
def sl(n, lam, aht, t):
    a = Fraction(lam) / 3600 * aht
    if n <= a: return None
    return 1 - float(erlang_c(n, a)) * math.exp(-(n - float(a)) * t / aht)
def needed(lam, aht, t, target):
    n = 1
    while True:
        s = sl(n, lam, aht, t)
        if s is not None and s >= target: return n, s, float(Fraction(lam) / 3600 * aht / n)
        n += 1
for lam in [10, 60, 120, 300, 1000]:
    for aht in [60, 300, 900]:
        for t in [20, 300, 1800]:
            for target in [0.8, 0.95]:
                n, s, o = needed(lam, aht, t, target)
                print(lam, aht, t, target, n, "%.6f" % s, "%.6f" % o)
