"""Reference computations for lesson t19/02, "Autoregressive models, factoring by the chain rule".

Every number the lesson pages state as the result of a computation comes from one zero-argument
function below (marked ``@value``). The pages write it as ``{{ worked_joint = 0.12 }}``, and the
build (``coursemd.numbers``) checks the number written against the function at the precision
written, naming the page and line when they disagree. ``tests/lessons/t19_02/test_lesson_numbers.py``
changes each stated number and each input to show that the check notices.

The inputs live here once (``WORKED_EXAMPLE``, ``GPT2_SMALL``, ...); the value functions read the
module globals at call time, so changing an input changes every number derived from it.

Standard library only: float32 and float16 rounding is emulated with ``struct`` (IEEE 754
round-to-nearest-even, as numpy does), so no numpy is needed.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

from exercises.sequence_models import (
    joint_probability,
    nll_terms,
    nll_nats,
    nats_to_bits,
    perplexity,
    receptive_field,
    wavenet_shorthand,
    kv_bytes_per_token,
    to_float32,
    factors_until_zero,
    float32_bits,
    float16_bits,
    peeking_total,
)

# --- Inputs (the only place they are written) -------------------------------------------------

#: The conditionals of the worked example: p(x1), p(x2 | x1), p(x3 | x1, x2).
WORKED_EXAMPLE: tuple[float, ...] = (0.4, 0.5, 0.6)

#: The practice quiz's numeric question: powers of two, so the NLL in bits is a whole number.
QUIZ_EXAMPLE: tuple[float, ...] = (0.5, 0.5, 0.25)

#: GPT-2 small as in nanoGPT's GPTConfig: layers, KV heads (= query heads, no MQA/GQA), head size.
GPT2_SMALL = {"n_layers": 12, "n_kv_heads": 12, "d_head": 64, "bytes_per_element": 2, "context": 1024}

#: The peeking toy: a "conditional" that can see the value it scores and gives it this probability.
PEEK_PROBABILITY = 0.9
PEEK_LENGTH = 4

#: A 32x32 RGB image, as in CIFAR-10 and the PixelCNN papers.
IMAGE_SHAPE = (32, 32, 3)

#: A binarized 28x28 image (MNIST-sized) for the tabular-cost illustration.
BINARY_IMAGE_PIXELS = 28 * 28

#: WaveNet: one block of dilations 1, 2, 4, ..., 512 with kernel size 2.
WAVENET_DILATIONS = tuple(2**i for i in range(10))
WAVENET_KERNEL = 2
WAVENET_BLOCKS = 3

#: An undilated stack for the shorthand trap: kernel 3, four layers.
UNDILATED_KERNEL = 3
UNDILATED_LAYERS = 4

#: WaveNet's Figure 2 stack: kernel 2, four undilated layers.
FIGURE2_KERNEL = 2
FIGURE2_LAYERS = 4

#: Underflow demonstrations.
UNDERFLOW_FACTOR = 0.1
MANY_PROBABILITIES = (0.01, 1000)  # (probability, how many)

#: Pixel values per sub-pixel (8-bit images).
PIXEL_LEVELS = 256

#: The parameter-count ladder of the CS236 notes, for a binarized 28x28 image and NADE-sized hidden layers.
NADE_HIDDEN = 500

#: GPT-2 small's remaining shapes (nanoGPT GPTConfig with GPT-2's own vocabulary, biases on, lm_head tied
#: to the token embedding), for its parameter count.
GPT2_VOCAB = 50257
GPT2_EMBED = 768

#: CIFAR-10 test NLLs as the papers report them, in bits per dimension (PixelCNN++ Table 1).
REPORTED_BITS_PER_DIM = {"pixelcnn": 3.14, "pixelcnn_pp": 2.92}

#: A Gaussian density with a small spread, to show that a continuous NLL can be negative.
GAUSSIAN_SIGMA = 0.1

#: The calculator's suggested edit: the third conditional made ten times smaller.
CALCULATOR_TRY_P3 = 0.06


# --- Named values the pages state -----------------------------------------------------------

VALUES: dict[str, Callable[[], float]] = {}


def value(fn: Callable[[], float]) -> Callable[[], float]:
    """Mark a zero-argument function as a value the lesson pages state (the build finds it by name)."""
    VALUES[fn.__name__] = fn
    return fn


@value
def worked_p1() -> float:
    return WORKED_EXAMPLE[0]


@value
def worked_p2() -> float:
    return WORKED_EXAMPLE[1]


@value
def worked_p3() -> float:
    return WORKED_EXAMPLE[2]


@value
def worked_joint() -> float:
    return joint_probability(WORKED_EXAMPLE)


@value
def worked_nll_term1() -> float:
    return nll_terms(WORKED_EXAMPLE)[0]


@value
def worked_nll_term2() -> float:
    return nll_terms(WORKED_EXAMPLE)[1]


@value
def worked_nll_term3() -> float:
    return nll_terms(WORKED_EXAMPLE)[2]


@value
def worked_nll_nats() -> float:
    return nll_nats(WORKED_EXAMPLE)


@value
def worked_nll_bits() -> float:
    return nats_to_bits(nll_nats(WORKED_EXAMPLE))


@value
def worked_nll_per_token() -> float:
    return nll_nats(WORKED_EXAMPLE) / len(WORKED_EXAMPLE)


@value
def worked_bits_per_token() -> float:
    return nats_to_bits(nll_nats(WORKED_EXAMPLE)) / len(WORKED_EXAMPLE)


@value
def worked_perplexity() -> float:
    return perplexity(WORKED_EXAMPLE)


@value
def tabular_last_conditional_digits() -> int:
    """Decimal digits of 2**(n-1), the free parameters of the last conditional of n binary pixels."""
    return len(str(2 ** (BINARY_IMAGE_PIXELS - 1)))


@value
def tabular_last_conditional_exponent() -> int:
    """The n - 1 in 2**(n-1) for the binary image."""
    return BINARY_IMAGE_PIXELS - 1


@value
def binary_image_pixels() -> int:
    return BINARY_IMAGE_PIXELS


@value
def float32_underflow_factors() -> int:
    return factors_until_zero(UNDERFLOW_FACTOR, to_float32)


@value
def float64_underflow_factors() -> int:
    return factors_until_zero(UNDERFLOW_FACTOR, float)


@value
def many_probabilities_count() -> int:
    return MANY_PROBABILITIES[1]


@value
def many_probabilities_p() -> float:
    return MANY_PROBABILITIES[0]


@value
def many_probabilities_product() -> float:
    p, n = MANY_PROBABILITIES
    x = 1.0
    for _ in range(n):
        x *= p
    return x


@value
def many_probabilities_log_sum() -> float:
    p, n = MANY_PROBABILITIES
    return math.fsum(math.log(p) for _ in range(n))


@value
def float32_smallest_normal() -> float:
    return float32_bits(0x00800000)


@value
def float32_smallest_subnormal() -> float:
    return float32_bits(0x00000001)


@value
def float64_smallest_normal() -> float:
    return struct.unpack("<d", struct.pack("<Q", 0x0010000000000000))[0]


@value
def float64_smallest_subnormal() -> float:
    return struct.unpack("<d", struct.pack("<Q", 0x0000000000000001))[0]


@value
def float16_smallest_normal() -> float:
    return float16_bits(0x0400)


@value
def float16_smallest_subnormal() -> float:
    return float16_bits(0x0001)


@value
def peeking_sequences() -> int:
    return 2**PEEK_LENGTH


@value
def peeking_length() -> int:
    return PEEK_LENGTH


@value
def peeking_probability() -> float:
    return PEEK_PROBABILITY


@value
def peeking_per_sequence() -> float:
    return PEEK_PROBABILITY**PEEK_LENGTH


@value
def peeking_sum() -> float:
    return peeking_total(PEEK_PROBABILITY, PEEK_LENGTH)


@value
def wavenet_block_rf() -> int:
    return receptive_field(WAVENET_KERNEL, WAVENET_DILATIONS)


@value
def wavenet_max_dilation() -> int:
    return max(WAVENET_DILATIONS)


@value
def wavenet_three_block_rf() -> int:
    return receptive_field(WAVENET_KERNEL, WAVENET_DILATIONS * WAVENET_BLOCKS)


@value
def wavenet_block_dilation_sum() -> int:
    return sum(WAVENET_DILATIONS)


@value
def undilated_rf() -> int:
    return receptive_field(UNDILATED_KERNEL, [1] * UNDILATED_LAYERS)


@value
def undilated_shorthand() -> int:
    return wavenet_shorthand(UNDILATED_KERNEL, UNDILATED_LAYERS)


@value
def figure2_rf() -> int:
    return receptive_field(FIGURE2_KERNEL, [1] * FIGURE2_LAYERS)


@value
def pixelcnn_subpixel_steps() -> int:
    return math.prod(IMAGE_SHAPE)


@value
def pixelcnn_pixel_steps() -> int:
    h, w, _ = IMAGE_SHAPE
    return h * w


@value
def uniform_bits_per_subpixel() -> float:
    return math.log2(PIXEL_LEVELS)


@value
def kv_bytes_per_token_gpt2_small() -> int:
    c = GPT2_SMALL
    return kv_bytes_per_token(c["n_layers"], c["n_kv_heads"], c["d_head"], c["bytes_per_element"])


@value
def kv_bytes_gpt2_small_context() -> int:
    return kv_bytes_per_token_gpt2_small() * GPT2_SMALL["context"]


@value
def kv_mib_gpt2_small_context() -> float:
    return kv_bytes_gpt2_small_context() / 2**20


@value
def gpt2_context() -> int:
    return GPT2_SMALL["context"]


@value
def token_forwards_without_cache() -> int:
    """Generating n tokens without a cache re-runs positions 1..t at step t: n(n+1)/2 in total."""
    n = GPT2_SMALL["context"]
    return sum(range(1, n + 1))


@value
def token_forwards_with_cache() -> int:
    """With a cache each step runs one new position."""
    return GPT2_SMALL["context"]


@value
def gpt2_layers() -> int:
    return GPT2_SMALL["n_layers"]


@value
def gpt2_kv_heads() -> int:
    return GPT2_SMALL["n_kv_heads"]


@value
def gpt2_d_head() -> int:
    return GPT2_SMALL["d_head"]


@value
def gpt2_bytes_per_element() -> int:
    return GPT2_SMALL["bytes_per_element"]


@value
def underflow_factor() -> float:
    return UNDERFLOW_FACTOR


# --- The practice page: the quiz's numeric question -------------------------------------------


@value
def quiz_p1() -> float:
    return QUIZ_EXAMPLE[0]


@value
def quiz_p2() -> float:
    return QUIZ_EXAMPLE[1]


@value
def quiz_p3() -> float:
    return QUIZ_EXAMPLE[2]


@value
def quiz_joint() -> float:
    return joint_probability(QUIZ_EXAMPLE)


@value
def quiz_joint_reciprocal() -> float:
    """The joint written as 1/16."""
    return 1 / joint_probability(QUIZ_EXAMPLE)


@value
def quiz_term1_bits() -> float:
    return nats_to_bits(nll_terms(QUIZ_EXAMPLE)[0])


@value
def quiz_term2_bits() -> float:
    return nats_to_bits(nll_terms(QUIZ_EXAMPLE)[1])


@value
def quiz_term3_bits() -> float:
    return nats_to_bits(nll_terms(QUIZ_EXAMPLE)[2])


@value
def quiz_nll_bits() -> float:
    return nats_to_bits(nll_nats(QUIZ_EXAMPLE))


@value
def quiz_nll_nats() -> float:
    return nll_nats(QUIZ_EXAMPLE)


@value
def quiz_bits_per_token() -> float:
    return nats_to_bits(nll_nats(QUIZ_EXAMPLE)) / len(QUIZ_EXAMPLE)


@value
def ln2() -> float:
    return math.log(2)


# --- Additions after the expert review (issue 12) --------------------------------------------


@value
def float32_last_nonzero_factors() -> int:
    return float32_underflow_factors() - 1


@value
def float32_product_after_45() -> float:
    """The float32 running product of 45 factors of 0.1: the smallest subnormal, not 0."""
    f, x = to_float32(UNDERFLOW_FACTOR), 1.0
    for _ in range(float32_underflow_factors() - 1):
        x = to_float32(x * f)
    return x


@value
def bfloat16_smallest_normal() -> float:
    """bfloat16 is the top half of a float32: same exponent bits, 7 stored mantissa bits."""
    return float32_bits(0x0080 << 16)


@value
def bfloat16_smallest_subnormal() -> float:
    return float32_bits(0x0001 << 16)


@value
def float16_max() -> float:
    return float16_bits(0x7BFF)


@value
def float16_exp_overflow() -> float:
    """exp(z) overflows float16 once z > ln(65504)."""
    return math.log(float16_max())


@value
def fvsbn_parameters() -> int:
    """FVSBN: conditional i is a logistic regression with i parameters (i - 1 weights and a bias)."""
    n = BINARY_IMAGE_PIXELS
    return n * (n + 1) // 2


@value
def mlp_per_conditional_parameters() -> int:
    """One hidden layer of d units per conditional: A_i (d x (i-1)), c_i (d), alpha_i (d), b_i (1)."""
    n, d = BINARY_IMAGE_PIXELS, NADE_HIDDEN
    return sum(d * (i - 1) + d + d + 1 for i in range(1, n + 1))


@value
def nade_parameters() -> int:
    """NADE shares W (d x n) and c (d) across conditionals; alpha_i (d) and b_i stay per conditional."""
    n, d = BINARY_IMAGE_PIXELS, NADE_HIDDEN
    return d * n + d + n * d + n


@value
def nade_hidden() -> int:
    return NADE_HIDDEN


@value
def tabular_joint_digits() -> int:
    """Decimal digits of 2**n - 1, the free parameters of a full table over n binary pixels."""
    return len(str(2**BINARY_IMAGE_PIXELS - 1))


@value
def cifar_dimensions() -> int:
    return math.prod(IMAGE_SHAPE)


@value
def pixelcnn_bits_per_dim() -> float:
    return REPORTED_BITS_PER_DIM["pixelcnn"]


@value
def pixelcnn_pp_bits_per_dim() -> float:
    return REPORTED_BITS_PER_DIM["pixelcnn_pp"]


@value
def pixelcnn_pp_nats_per_image() -> float:
    """Bits per dimension back to nats per image: times D, times ln 2."""
    return REPORTED_BITS_PER_DIM["pixelcnn_pp"] * math.prod(IMAGE_SHAPE) * math.log(2)


@value
def gaussian_sigma() -> float:
    return GAUSSIAN_SIGMA


@value
def gaussian_peak_density() -> float:
    return 1 / (GAUSSIAN_SIGMA * math.sqrt(2 * math.pi))


@value
def gaussian_peak_nll() -> float:
    return -math.log(gaussian_peak_density())


@value
def gpt2_small_parameters() -> int:
    """Token and position embeddings, 12 blocks (2 LayerNorms, qkv, attention out, MLP in and out, all
    with biases), the final LayerNorm; the output head is tied to the token embedding."""
    v, e, n = GPT2_VOCAB, GPT2_EMBED, GPT2_SMALL["context"]
    block = 2 * (2 * e) + (e * 3 * e + 3 * e) + (e * e + e) + (e * 4 * e + 4 * e) + (4 * e * e + e)
    return v * e + n * e + GPT2_SMALL["n_layers"] * block + 2 * e


@value
def gpt2_small_fp16_weight_mib() -> float:
    return gpt2_small_parameters() * GPT2_SMALL["bytes_per_element"] / 2**20


@value
def sequences_cache_exceeds_weights() -> int:
    """The fewest full-context sequences whose fp16 cache outweighs the fp16 weights."""
    return math.floor(gpt2_small_parameters() * GPT2_SMALL["bytes_per_element"] / kv_bytes_gpt2_small_context()) + 1


@value
def calculator_try_p3() -> float:
    return CALCULATOR_TRY_P3


@value
def calculator_try_joint() -> float:
    return joint_probability((*WORKED_EXAMPLE[:2], CALCULATOR_TRY_P3))


@value
def calculator_try_nll_increase() -> float:
    """How much the NLL grows when the third conditional shrinks from 0.6 to 0.06: ln 10."""
    return nll_nats((*WORKED_EXAMPLE[:2], CALCULATOR_TRY_P3)) - nll_nats(WORKED_EXAMPLE)


@value
def worked_tokens() -> int:
    return len(WORKED_EXAMPLE)
