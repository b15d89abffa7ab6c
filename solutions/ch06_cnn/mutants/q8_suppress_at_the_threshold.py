"""Removes the boxes whose IoU with a kept box is greater than OR EQUAL to the threshold: a box
at exactly the threshold should stay."""
# medl-breaks: q8

import torch


def nms(boxes, scores, iou_threshold):
    order = torch.sort(scores, descending=True, stable=True).indices
    iou = box_iou(boxes, boxes)  # noqa: F821
    alive = torch.ones(len(scores), dtype=torch.bool)
    keep = []
    for i in order.tolist():
        if alive[i]:
            keep.append(i)
            alive &= iou[i] < iou_threshold
    return torch.tensor(keep, dtype=torch.int64)
