"""Formulas for sequence models that several lessons' numbers.py files can share.

The course's own code, not the generator's: a lesson's numbers.py imports what it needs, e.g.
`from exercises.sequence_models import nll_nats`. Standard library only; float32 and float16
rounding is emulated with `struct` (IEEE 754 round-to-nearest-even, as numpy does).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterable, Sequence
from itertools import product


def joint_probability(conditionals: Iterable[float]) -> float:
    """Chain rule: the joint probability is the product of the conditionals."""
    return math.prod(conditionals)


def nll_terms(conditionals: Iterable[float]) -> list[float]:
    """The per-piece negative log-likelihoods, in nats."""
    return [-math.log(p) for p in conditionals]


def nll_nats(conditionals: Iterable[float]) -> float:
    """The sequence NLL in nats: a sum of per-piece terms (never the log of a product)."""
    return math.fsum(nll_terms(conditionals))


def nats_to_bits(nats: float) -> float:
    return nats / math.log(2)


def perplexity(conditionals: Sequence[float]) -> float:
    """exp of the mean per-piece NLL in nats."""
    return math.exp(nll_nats(conditionals) / len(conditionals))


def logsumexp(z: Sequence[float]) -> float:
    m = max(z)
    return m + math.log(math.fsum(math.exp(v - m) for v in z))


def softmax_nll(logits: Sequence[float], target: int) -> float:
    """-log softmax(z)_y computed stably as logsumexp(z) - z_y."""
    return logsumexp(logits) - logits[target]


def receptive_field(kernel: int, dilations: Iterable[int]) -> int:
    """Stride-1 stacked (causal) convolutions: RF = 1 + (k - 1) * sum of dilations."""
    return 1 + (kernel - 1) * sum(dilations)


def wavenet_shorthand(kernel: int, layers: int) -> int:
    """The WaveNet paper's shorthand '# layers + filter length - 1' (right only for k = 2)."""
    return layers + kernel - 1


def kv_bytes_per_token(n_layers: int, n_kv_heads: int, d_head: int, bytes_per_element: int) -> int:
    """2 (K and V) x layers x KV heads x head size x bytes per element."""
    return 2 * n_layers * n_kv_heads * d_head * bytes_per_element


def to_float32(x: float) -> float:
    """Round a Python float to the nearest float32 (round-to-nearest-even, subnormals kept)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def to_float16(x: float) -> float:
    return struct.unpack("<e", struct.pack("<e", x))[0]


def factors_until_zero(factor: float, rounding: Callable[[float], float]) -> int:
    """How many factors of `factor` the running product takes to become exactly 0.

    The product of two float32 values is exact in a float64, so rounding it back with `rounding`
    reproduces float32 arithmetic exactly.
    """
    f = rounding(factor)
    x = rounding(1.0)
    n = 0
    while x != 0.0:
        x = rounding(x * f)
        n += 1
    return n


def float32_bits(pattern: int) -> float:
    return struct.unpack("<f", struct.pack("<I", pattern))[0]


def float16_bits(pattern: int) -> float:
    return struct.unpack("<e", struct.pack("<H", pattern))[0]


def peeking_total(prob: float, length: int) -> float:
    """Sum over every binary sequence of the product of 'conditionals' that peek at their target.

    q(x_i | x) = prob whenever the scored value is the true x_i, whatever x is: each sequence gets
    prob**length, and the 2**length sequences together get 2**length * prob**length.
    """
    total = 0.0
    for seq in product((0, 1), repeat=length):
        total += math.prod(prob for _ in seq)
    return total


# --- Named values stated in the lesson pages --------------------------------------------------
