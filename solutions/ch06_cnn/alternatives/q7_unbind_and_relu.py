"""IoU from the four coordinate columns (unbind), the overlaps clamped with relu, the union
from the intersection-over-areas identity."""
# medl-alternative: q7

import torch


def box_iou(boxes_a, boxes_b):
    ax1, ay1, ax2, ay2 = (c[:, None] for c in boxes_a.unbind(dim=1))  # (M, 1) each
    bx1, by1, bx2, by2 = (c[None, :] for c in boxes_b.unbind(dim=1))  # (1, K) each
    w = torch.relu(torch.minimum(ax2, bx2) - torch.maximum(ax1, bx1))
    h = torch.relu(torch.minimum(ay2, by2) - torch.maximum(ay1, by1))
    inter = w * h
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return inter / union
