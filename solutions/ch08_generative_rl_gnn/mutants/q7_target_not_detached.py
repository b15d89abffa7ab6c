"""Computes y with gradients switched on: right values, but when the online network also
gives the target, the step follows the full gradient of the TD error, not DQN's."""
# medl-breaks: q7

import torch


def dqn_loss(q_values, actions, rewards, next_q_values, dones, gamma):
    y = rewards + gamma * (1 - dones) * next_q_values.max(dim=1).values
    delta = q_values.gather(1, actions[:, None]).squeeze(1) - y
    return torch.where(delta.abs() <= 1, 0.5 * delta**2, delta.abs() - 0.5).mean()
