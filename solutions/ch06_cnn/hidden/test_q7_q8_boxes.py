"""q7 intersection over union (eq. IoU); q8 greedy non-maximum suppression.

The answer key is written here, pair by pair in plain Python (IoU) and as the greedy loop of
steps 1-4 (NMS), independently of the notebook. Boundary cases use integer corners and
dyadic IoU values (1/2, 1/4), which every floating-point formula computes exactly.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close, named_mistake

# --------------------------------------------------------------------------- answer keys


def iou_pairs(a, b, *, plus_one=0.0, clamp="each", union="sum minus"):
    """IoU of every pair of rows of a (M, 4) and b (K, 4), one pair at a time. The keywords
    give the usual wrong versions (for the messages): plus_one=1 (pixel areas), clamp
    "none" / "product", union "sum" (the intersection counted twice)."""
    out = np.zeros((len(a), len(b)))
    for m, (ax1, ay1, ax2, ay2) in enumerate(np.asarray(a, dtype=float)):
        for k, (bx1, by1, bx2, by2) in enumerate(np.asarray(b, dtype=float)):
            w = min(ax2, bx2) - max(ax1, bx1) + plus_one
            h = min(ay2, by2) - max(ay1, by1) + plus_one
            if clamp == "each":
                w, h = max(w, 0.0), max(h, 0.0)
            inter = w * h if clamp != "product" else max(w * h, 0.0)
            area_a = (ax2 - ax1 + plus_one) * (ay2 - ay1 + plus_one)
            area_b = (bx2 - bx1 + plus_one) * (by2 - by1 + plus_one)
            out[m, k] = inter / (area_a + area_b - (inter if union == "sum minus" else 0.0))
    return out


def greedy_nms(boxes, scores, t, *, strict=True, ties="lower first", greedy=True, order="score"):
    """Steps 1-4 of the notebook as a plain loop. The keywords give known wrong versions:
    strict False (IoU >= t removes), ties "higher first", greedy False (removed boxes still
    remove others), order "input" (no sort)."""
    scores = np.asarray(scores, dtype=float)
    iou = iou_pairs(boxes, boxes)
    idx = list(range(len(scores)))
    if order == "score":
        sign = 1 if ties == "lower first" else -1
        idx.sort(key=lambda i: (-scores[i], sign * i))
    kept, removed = [], set()
    for pos, i in enumerate(idx):
        if i in removed:
            continue
        if not greedy and any(iou[j, i] > t for j in idx[:pos]):  # any earlier box, kept or not
            continue
        kept.append(i)
        for j in idx[pos + 1 :]:
            if iou[i, j] > t or (not strict and iou[i, j] >= t):
                removed.add(j)
    return kept


def random_boxes(rng, n, span=20.0):
    """n boxes with corners in [0, span], widths and heights 1 to span / 3."""
    xy = rng.uniform(0, span * 2 / 3, size=(n, 2))
    wh = rng.uniform(1.0, span / 3, size=(n, 2))
    return np.concatenate([xy, xy + wh], axis=1)


def clustered_boxes(rng):
    """A few objects with jittered duplicate boxes each, and some lone boxes."""
    centres = random_boxes(rng, int(rng.integers(2, 5)), span=40.0)
    groups = [c + rng.normal(scale=1.5, size=(int(rng.integers(2, 7)), 4)) for c in centres]
    boxes = np.concatenate([*groups, random_boxes(rng, 3, span=40.0)])
    boxes[:, 2:] = np.maximum(boxes[:, 2:], boxes[:, :2] + 0.5)  # keep x1 < x2, y1 < y2
    return boxes[rng.permutation(len(boxes))]


def _t(a, dtype=torch.float64):
    return torch.as_tensor(np.asarray(a), dtype=dtype)


# --------------------------------------------------------------------------- q7 IoU


def _iou_mistakes(a, b):
    return [
        (
            "the intersection's width and height are not clamped at 0: boxes apart in one "
            "direction get a negative IoU, apart in both a positive one; clamp each side, "
            "max(0, min(x2, x2') - max(x1, x1'))",
            lambda: iou_pairs(a, b, clamp="none"),
        ),
        (
            "the product w*h is clamped at 0, not w and h separately: two negative sides give a "
            "positive 'intersection'",
            lambda: iou_pairs(a, b, clamp="product"),
        ),
        (
            "this counts pixels, (x2 - x1 + 1)(y2 - y1 + 1): the corners are continuous "
            "coordinates, the area is (x2 - x1)(y2 - y1)",
            lambda: iou_pairs(a, b, plus_one=1.0),
        ),
        (
            "the union is |A| + |B|: subtract the intersection, which both areas contain",
            lambda: iou_pairs(a, b, union="sum"),
        ),
    ]


@question("q7", points=1)
def test_box_iou_matches_the_pairwise_formula(student, rng):
    """Is box_iou(A, B) the (M, K) matrix of eq. (IoU) for random, often overlapping boxes,
    in float64 and in float32?"""
    for M, K, dtype, tol in (
        (7, 5, torch.float64, 1e-12),
        (1, 9, torch.float64, 1e-12),
        (12, 12, torch.float32, 1e-5),
    ):
        a, b = random_boxes(rng, M), random_boxes(rng, K)
        if dtype == torch.float32:
            a, b = a.astype(np.float32).astype(float), b.astype(np.float32).astype(float)
        close(
            student.box_iou(_t(a, dtype), _t(b, dtype)),
            iou_pairs(a, b),
            rtol=tol,
            atol=tol,
            what=f"box_iou(A, B) with A ({M}, 4) and B ({K}, 4), {str(dtype)[6:]}",
            mistakes=_iou_mistakes(a, b),
        )


@question("q7", points=1)
def test_box_iou_of_touching_apart_identical_and_nested_boxes(student, rng):
    """With integer corners: is IoU 0 for boxes that touch or lie apart (in x, in y, in
    both), 1 for a box with itself, and the ratio of the areas for nested boxes?"""
    x, y = (int(v) for v in rng.integers(-5, 6, size=2))
    base = np.array([[x, y, x + 4, y + 4]], dtype=float)
    others = np.array(
        [
            [x + 4, y, x + 7, y + 4],  # touches the right edge
            [x, y + 4, x + 4, y + 6],  # touches the bottom edge
            [x + 4, y + 4, x + 6, y + 6],  # touches a corner
            [x + 6, y + 1, x + 8, y + 3],  # apart in x only
            [x + 1, y - 5, x + 3, y - 1],  # apart in y only
            [x + 6, y + 6, x + 9, y + 8],  # apart in x and in y
            [x - 9, y - 7, x - 6, y - 5],  # apart in x and in y, on the other side
            [x, y, x + 4, y + 4],  # the same box
            [x + 1, y + 1, x + 3, y + 3],  # inside: 4 / 16
            [x - 4, y - 4, x + 8, y + 8],  # around it: 16 / 144
        ],
        dtype=float,
    )
    want = np.array([[0, 0, 0, 0, 0, 0, 0, 1, 0.25, 16 / 144]])
    close(
        student.box_iou(_t(base), _t(others)),
        want,
        rtol=1e-12,
        atol=1e-12,
        what=f"box_iou([{x}, {y}, {x + 4}, {y + 4}], ten boxes that touch it, lie apart, "
        "equal it or nest with it)",
        mistakes=_iou_mistakes(base, others),
    )


# --------------------------------------------------------------------------- q8 NMS


def _ranks(kept, M):
    """Fixed-length code of a kept list: r[i] = position of box i in it, or -1."""
    r = np.full(M, -1.0)
    r[np.asarray(kept, dtype=int)] = np.arange(len(kept))
    return r


def check_kept(got, want, M, what, mistakes=()):
    """Assert the student's kept indices are exactly ``want`` (in order); name the mistake
    when they are the kept list of a known wrong recipe."""
    g = as_array(got, what).ravel()
    if g.size and not np.all(g == np.round(g)):
        raise AssertionError(f"{what}: the result should be box indices (integers), got {g[:5]}")
    kept = [int(v) for v in g]
    if kept == list(want):
        return
    if any(not 0 <= i < M for i in kept) or len(set(kept)) != len(kept):
        raise AssertionError(
            f"{what}: kept {kept}, expected {list(want)}; indices must be distinct, in 0..{M - 1}"
        )
    hint = named_mistake(_ranks(kept, M), [(h, lambda v=v: _ranks(v(), M)) for h, v in mistakes])
    raise AssertionError(
        f"{what}: kept {kept}, expected {list(want)}" + (f" ({hint})" if hint else "")
    )


def _nms_mistakes(boxes, scores, t):
    return [
        (
            "a removed box still removes the boxes after it; only kept boxes remove others",
            lambda: greedy_nms(boxes, scores, t, greedy=False),
        ),
        (
            "the boxes are visited in input order: sort by decreasing score first",
            lambda: greedy_nms(boxes, scores, t, order="input"),
        ),
        (
            "a box with IoU equal to the threshold is removed; only IoU > threshold removes",
            lambda: greedy_nms(boxes, scores, t, strict=False),
        ),
        (
            "equal scores are visited higher index first; the lower index goes first",
            lambda: greedy_nms(boxes, scores, t, ties="higher first"),
        ),
    ]


@question("q8", points=1)
def test_nms_matches_greedy_suppression_on_clustered_boxes(student, rng):
    """On random clusters of duplicate boxes with distinct scores, does nms keep exactly the
    boxes of steps 1-4, in the order they are kept, for thresholds 0.3, 0.5 and 0.7?"""
    for t in (0.3, 0.5, 0.7):
        boxes = clustered_boxes(rng)
        scores = rng.permutation(len(boxes)) / len(boxes) + 0.01  # distinct
        check_kept(
            student.nms(_t(boxes), _t(scores), t),
            greedy_nms(boxes, scores, t),
            len(boxes),
            f"nms(boxes, scores, {t}) on {len(boxes)} boxes in clusters",
            _nms_mistakes(boxes, scores, t),
        )


def _placed(rng, boxes, scores):
    """The same configuration moved by an integer offset, scaled by a power of two (IoU and
    its exactness unchanged) and listed in a random order."""
    scale = 2.0 ** int(rng.integers(-1, 3))
    boxes = (
        np.asarray(boxes, dtype=float) + rng.integers(-8, 9, size=2).repeat(2)[[0, 2, 1, 3]]
    ) * scale
    perm = rng.permutation(len(boxes))
    return boxes[perm], np.asarray(scores, dtype=float)[perm], np.argsort(perm)


@question("q8", points=0.5)
def test_nms_keeps_a_box_whose_iou_equals_the_threshold(student, rng):
    """A box B inside A with IoU(A, B) = 1/2 and C inside B with IoU(A, C) = 1/4 and
    IoU(B, C) = 1/2: are the boxes at exactly the threshold kept (only IoU > t removes)?"""
    boxes = [[0, 0, 4, 4], [0, 0, 4, 2], [0, 0, 4, 1]]  # A, B, C
    for t, want_abc in ((0.5, [0, 1, 2]), (0.25, [0, 2])):
        placed, scores, where = _placed(rng, boxes, [0.9, 0.8, 0.7])
        want = [int(where[i]) for i in want_abc]
        check_kept(
            student.nms(_t(placed), _t(scores), t),
            want,
            3,
            f"nms on boxes with IoU exactly {t} (boxes {placed.tolist()}, scores "
            f"{scores.tolist()}, iou_threshold={t})",
            _nms_mistakes(placed, scores, t),
        )


def _twin_sites(rng, sites=12):
    """Two boxes with IoU 0.6 at each of ``sites`` places 10 apart, both with the site's
    score, one of 0.5, 0.7 and 0.9: 2 * sites boxes, every score shared by several."""
    boxes, scores = [], []
    for k in range(sites):
        x, y, score = 10 * (k % 4), 10 * (k // 4), float(rng.choice([0.5, 0.7, 0.9]))
        boxes += [[x, y, x + 4, y + 4], [x + 1, y, x + 5, y + 4]]
        scores += [score, score]
    return boxes, scores


@question("q8", points=0.5)
def test_nms_visits_equal_scores_lower_index_first(student, rng):
    """With tied scores, is the lower index visited first: it survives its overlapping twin,
    and tied boxes that both survive are listed lower index first? Also with 24 boxes, where
    torch.sort without stable=True may reorder equal scores."""
    few = (
        [[0, 0, 4, 4], [1, 0, 5, 4], [10, 0, 14, 4], [20, 0, 24, 4], [10, 1, 14, 5]],
        [0.5, 0.5, 0.5, 0.5, 0.9],  # twins 0/1 (IoU 0.6); 2 and 4 overlap (IoU 0.6)
    )
    for boxes, scores in (few, _twin_sites(rng)):
        placed, s, _ = _placed(rng, boxes, scores)
        check_kept(
            student.nms(_t(placed), _t(s), 0.5),
            greedy_nms(placed, s, 0.5),
            len(s),
            f"nms(boxes, scores, 0.5) with boxes {placed.tolist()} and tied scores {s.tolist()}"
            if len(s) < 10
            else f"nms(boxes, scores, 0.5) on {len(s)} boxes, 12 pairs of twins (IoU 0.6) with "
            f"tied scores {s.tolist()}",
            [
                *_nms_mistakes(placed, s, 0.5),
                (
                    "equal scores are not visited in index order: sort with stable=True "
                    "(torch.sort without it may reorder equal scores once there are more "
                    "than 16)",
                    lambda placed=placed, s=s: _visited_in(
                        torch.sort(_t(s), descending=True, stable=False).indices, placed, s
                    ),
                ),
            ],
        )


def _visited_in(order, boxes, scores):
    """The kept list of steps 1-4 when the boxes are visited in ``order``."""
    order = np.asarray(order)
    kept = greedy_nms(np.asarray(boxes)[order], np.asarray(scores)[order], 0.5, order="input")
    return [int(order[i]) for i in kept]


@question("q8", points=0.5)
def test_nms_removed_boxes_remove_nothing_and_edge_sizes(student, rng):
    """In a chain A > B > C where B overlaps both and A, C are apart, does C survive (B was
    removed by A)? And do one box and no box at all work?"""
    boxes = [[0, 0, 4, 4], [2, 0, 6, 4], [4, 0, 8, 4]]  # IoU(A, B) = IoU(B, C) = 1/3
    placed, scores, where = _placed(rng, boxes, [0.9, 0.8, 0.7])
    check_kept(
        student.nms(_t(placed), _t(scores), 0.3),
        [int(where[0]), int(where[2])],
        3,
        f"nms(boxes, scores, 0.3) on the chain {placed.tolist()}, scores {scores.tolist()}",
        _nms_mistakes(placed, scores, 0.3),
    )
    one = student.nms(_t([[1.0, 2.0, 3.0, 5.0]]), _t([0.3]), 0.5)
    check_kept(one, [0], 1, "nms on a single box")
    none = as_array(
        student.nms(
            torch.zeros((0, 4), dtype=torch.float64), torch.zeros(0, dtype=torch.float64), 0.5
        ),
        "nms on no box",
    )
    if none.size != 0:
        raise AssertionError(f"nms on no box (M = 0) should return an empty tensor, got {none}")
