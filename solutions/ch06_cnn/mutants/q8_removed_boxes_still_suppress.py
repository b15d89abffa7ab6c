"""A loop-free "NMS": keep a box when no higher-scoring box overlaps it by more than the
threshold, whether that box was kept or not. In a chain A > B > C where A removes B, C is
wrongly removed by B."""
# medl-breaks: q8

import torch


def nms(boxes, scores, iou_threshold):
    order = torch.sort(scores, descending=True, stable=True).indices
    iou = box_iou(boxes[order], boxes[order])  # noqa: F821
    earlier = torch.ones_like(iou, dtype=torch.bool).triu(diagonal=1)  # (j, i): j before i
    hit = ((iou > iou_threshold) & earlier).any(dim=0)
    return order[~hit].to(torch.int64)
