"""NMS as the classic while loop: take the head of the sorted list, keep it, filter the rest
by its IoU with the head; the IoU of the head with the rest only, computed as needed."""
# medl-alternative: q8

import torch


def nms(boxes, scores, iou_threshold):
    rest = torch.argsort(scores, descending=True, stable=True)
    keep = []
    while rest.numel() > 0:
        head, rest = rest[0], rest[1:]
        keep.append(int(head))
        if rest.numel():
            rest = rest[box_iou(boxes[head][None], boxes[rest])[0] <= iou_threshold]  # noqa: F821
    return torch.tensor(keep, dtype=torch.long)
