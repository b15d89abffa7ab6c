"""Sorts the scores in increasing order and reverses the result: the order by score is right,
but among equal scores the higher index comes first (the docstring: the lower)."""
# medl-breaks: q8

import torch


def nms(boxes, scores, iou_threshold):
    order = torch.sort(scores, stable=True).indices.flip(0)
    iou = box_iou(boxes, boxes)  # noqa: F821
    alive = torch.ones(len(scores), dtype=torch.bool)
    keep = []
    for i in order.tolist():
        if alive[i]:
            keep.append(i)
            alive &= iou[i] <= iou_threshold
    return torch.tensor(keep, dtype=torch.int64)
