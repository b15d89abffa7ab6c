"""No hinge: the mean of d_ap - d_an + m, negative when the negatives are far. Minimizing it
would push negatives away without limit."""
# medl-breaks: q9


def triplet_loss(anchor, positive, negative, margin=0.2):
    d_ap = ((anchor - positive) ** 2).sum(dim=1)
    d_an = ((anchor - negative) ** 2).sum(dim=1)
    return (d_ap - d_an + margin).mean()
