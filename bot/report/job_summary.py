"""The Markdown report as a job summary: within the size GitHub accepts.

GitHub refuses a step summary over 1 MiB (and shows none of it), so a run with
many findings writes the first ones, cut between whole lines (a finding, a table
row and a heading are one line each, so nothing is cut inside a code span or a
tag), and says how many it left out.
"""

from __future__ import annotations

from bot.model.diagnostics import Result
from bot.report.formats import markdown

MAX_SUMMARY_BYTES = 1024 * 1024
# Room for the note and for what other steps of the job append to the same file.
_ROOM = MAX_SUMMARY_BYTES - 16 * 1024


def job_summary(result: Result, room: int = _ROOM) -> str:
    full = markdown(result)
    if len(full.encode()) <= room:
        return full
    lines = full.splitlines()
    kept: list[str] = []
    used = 0
    for line in lines:
        used += len(line.encode()) + 1
        if used > room:
            break
        kept.append(line)
    shown = sum(line.startswith("- ") and "**not run**" not in line for line in kept)
    total = sum(result.summary().values())
    note = (
        f"_The job summary stops here: GitHub shows at most 1 MiB of it. It lists {shown} "
        f"of the {total} findings; the step's log (or `paperbot check` run locally) lists "
        "every one._"
    )
    return "\n".join([*kept, "", note]) + "\n"
