"""Returns alpha_t = 1 - beta_t where the running product alpha_bar_t is needed."""
# medl-breaks: q4


def alpha_bar_schedule(betas):
    return 1 - betas
