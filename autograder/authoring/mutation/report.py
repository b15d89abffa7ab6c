"""What ``medl mutate`` prints: survivors as diffs, then one line per question, and the same
as Markdown for docs/test-power.md."""

from __future__ import annotations

from collections import Counter

from autograder.authoring.mutation.run import QuestionReport

__all__ = ["markdown", "print_report"]


def print_report(aid: str, reports: list[QuestionReport]) -> None:
    """Survivors (each as a diff, with its allow-list id), then the closing lines
    ``qN: killed K of N (S survived, E equivalent)``."""
    for r in reports:
        for o in r.outcomes:
            if o.status == "survived":
                print(f"--- {aid} {r.question} survivor: {o.job.function} {o.job.mutant.id}")
                print(o.diff().rstrip())
    total_k = sum(r.count("killed") for r in reports)
    total_n = sum(r.count("killed") + r.count("survived") for r in reports)
    print(f"{aid}: {total_k} of {total_n} non-equivalent mutants killed")
    for r in reports:
        print(r.line)


def markdown(aid: str, reports: list[QuestionReport]) -> str:
    """A table (question, made, killed, survived, equivalent, kill rate, operators of the
    survivors) and every survivor's diff, for docs/test-power.md."""
    lines = [
        f"### {aid}",
        "",
        "| question | mutants | killed | survived | equivalent | kill rate "
        "| survivors by operator |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        ops = Counter(o.job.mutant.operator for o in r.outcomes if o.status == "survived")
        by_op = ", ".join(f"{op} {n}" for op, n in sorted(ops.items())) or "-"
        lines.append(
            f"| {r.question} | {len(r.outcomes)} | {r.count('killed')} | {r.count('survived')} "
            f"| {r.count('equivalent')} | {100 * r.rate:.0f}% | {by_op} |"
        )
    survivors = [(r, o) for r in reports for o in r.outcomes if o.status == "survived"]
    if survivors:
        lines += ["", "Survivors:", ""]
        for r, o in survivors:
            lines += [f"- {r.question} `{o.job.function}` {o.job.mutant.id}", "", "```diff"]
            lines += [o.diff().rstrip(), "```", ""]
    equivalent = [(r, o) for r in reports for o in r.outcomes if o.status == "equivalent"]
    if equivalent:
        lines += ["", "Equivalent (allow-listed in mutation.toml):", ""]
        lines += [
            f"- {r.question} `{o.job.function}` {o.job.mutant.id}: {o.detail}"
            for r, o in equivalent
        ]
    return "\n".join(lines) + "\n"
