"""Runs one workflow file, job by job and step by step, as a GitHub runner would.

``run:`` steps run in bash (``--noprofile --norc -eo pipefail``) with the variables
GitHub sets; ``uses:`` steps run the stand-ins in ``standins``. What the run leaves
(conclusions, step outcomes, annotations, job summaries) is returned as a ``RunResult``
for the scenarios to assert on. Keys the runner does not know raise ``Unsupported``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from expressions import EMBEDDED, Evaluator, StrictMap, Unsupported

if TYPE_CHECKING:
    from hosting import Platform

JOB_KEYS = {
    "name",
    "if",
    "needs",
    "runs-on",
    "timeout-minutes",
    "permissions",
    "steps",
    "env",
    "strategy",
    "outputs",
    "concurrency",
}
STEP_KEYS = {
    "name",
    "id",
    "if",
    "uses",
    "run",
    "with",
    "env",
    "shell",
    "working-directory",
    "continue-on-error",
    "timeout-minutes",
}
COMMAND = re.compile(r"^::(\w[\w-]*)(?: ([^:]*))?::(.*)$")
SHELLS = {
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"],
    "sh": ["sh", "-e"],
    "python": ["python"],
}


@dataclass(frozen=True)
class Annotation:
    level: str  # error | warning | notice
    message: str
    properties: dict[str, str]


@dataclass
class StepResult:
    name: str
    outcome: str  # success | failure | skipped
    conclusion: str
    outputs: dict[str, str] = field(default_factory=dict)
    log: str = ""


@dataclass
class JobResult:
    name: str
    result: str  # success | failure | skipped
    steps: list[StepResult] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    summary: str = ""

    def step(self, name: str) -> StepResult:
        found = [s for s in self.steps if s.name == name]
        assert found, f"job {self.name!r} has no step {name!r}: {[s.name for s in self.steps]}"
        return found[0]


@dataclass
class RunResult:
    workflow: str
    run_id: int
    event: str
    jobs: dict[str, JobResult]

    @property
    def conclusion(self) -> str:
        results = {j.result for j in self.jobs.values()}
        if "failure" in results:
            return "failure"
        return "success" if "success" in results else "skipped"

    @property
    def annotations(self) -> list[Annotation]:
        return [a for j in self.jobs.values() for a in j.annotations]


@dataclass
class Job:
    """One job (one matrix combination) on its own machine: workspace, temp, env files."""

    platform: Platform
    run: RunContext
    key: str
    spec: dict[str, Any]
    matrix: dict[str, Any]
    root: Path
    result: JobResult = field(init=False)
    env_file_vars: dict[str, str] = field(default_factory=dict)
    path_dirs: list[str] = field(default_factory=list)
    posts: list[Any] = field(default_factory=list)
    masks: list[str] = field(default_factory=list)
    failed: bool = False

    def __post_init__(self) -> None:
        self.workspace = self.root / "work"
        self.temp = self.root / "temp"
        self.tool_cache = self.root / "tool-cache"
        for folder in (self.workspace, self.temp, self.tool_cache):
            folder.mkdir(parents=True)
        self.token = f"ghs_rehearsal_{self.key}_{uuid.uuid4().hex[:8]}"
        self.permissions = self.spec.get("permissions", self.run.workflow.get("permissions"))

    def can_write(self, scope: str) -> bool:
        perms = self.permissions
        return isinstance(perms, dict) and perms.get(scope) == "write"


@dataclass
class RunContext:
    workflow_name: str
    workflow: dict[str, Any]
    event_name: str
    payload: dict[str, Any]
    sha: str
    ref: str
    base_ref: str
    head_ref: str
    run_id: int
    event_path: Path


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    # YAML 1.1 reads the key ``on`` as True.
    if True in data:
        data["on"] = data.pop(True)
    return dict(data)


def run_workflow(platform: Platform, name: str, text: str, ctx_args: dict[str, Any]) -> RunResult:
    *_, (_, result) = run_jobs(platform, name, text, ctx_args)
    return result


def run_jobs(
    platform: Platform, name: str, text: str, ctx_args: dict[str, Any]
) -> Iterator[tuple[str, RunResult]]:
    """``run_workflow`` one job at a time: yields each job's key and the run so far after
    the job ends, so that a scenario can interleave the jobs of two runs."""
    workflow = _load(text)
    root = platform.root / f"run-{ctx_args['run_id']}-{name}"
    root.mkdir(parents=True)
    event_path = root / "event.json"
    event_path.write_text(json.dumps(ctx_args["payload"]), encoding="utf-8")
    run = RunContext(
        workflow_name=workflow.get("name", name),
        workflow=workflow,
        event_path=event_path,
        **ctx_args,
    )
    _evaluate_concurrency(platform, run, workflow.get("concurrency"))
    jobs: dict[str, JobResult] = {}
    result = RunResult(name, run.run_id, run.event_name, jobs)
    specs: dict[str, dict[str, Any]] = workflow["jobs"]
    for key in _order(specs):
        spec = specs[key]
        unknown = set(spec) - JOB_KEYS
        if unknown:
            raise Unsupported(f"job {key}: keys the rehearsal does not know: {sorted(unknown)}")
        needs = [spec["needs"]] if isinstance(spec.get("needs"), str) else spec.get("needs", [])
        combos = _matrix(spec)
        results = []
        for index, matrix in enumerate(combos):
            job = Job(platform, run, key, spec, matrix, root / f"{key}-{index}")
            results.append(_run_job(job, {n: jobs[n] for n in needs}))
        # A matrix job's result (for ``needs``) is the worst of its combinations.
        merged = results[0]
        for other in results[1:]:
            merged.steps += other.steps
            merged.annotations += other.annotations
            merged.summary += other.summary
            if other.result == "failure" or merged.result == "skipped":
                merged.result = other.result
        jobs[key] = merged
        yield key, result


def _evaluate_concurrency(platform: Platform, run: RunContext, spec: Any) -> None:
    # Concurrency is not emulated (runs here are sequential), but its group expression
    # is evaluated so that a mistake in it is caught.
    if isinstance(spec, dict):
        Evaluator(_base_contexts(platform, run, None), {}).substitute(str(spec["group"]))


def _order(specs: dict[str, dict[str, Any]]) -> list[str]:
    done: list[str] = []
    while len(done) < len(specs):
        ready = [k for k, s in specs.items() if k not in done and all(n in done for n in _needs(s))]
        if not ready:
            raise Unsupported(f"jobs with unknown or circular needs: {set(specs) - set(done)}")
        done += ready
    return done


def _needs(spec: dict[str, Any]) -> list[str]:
    needs = spec.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def _matrix(spec: dict[str, Any]) -> list[dict[str, Any]]:
    strategy = spec.get("strategy") or {}
    unknown = set(strategy) - {"matrix", "fail-fast"}
    matrix = strategy.get("matrix") or {}
    if unknown or any(k in matrix for k in ("include", "exclude")):
        raise Unsupported(f"strategy keys the rehearsal does not know: {strategy}")
    names = list(matrix)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*matrix.values())]


def _base_contexts(platform: Platform, run: RunContext, job: Job | None) -> dict[str, Any]:
    github = {
        "event": run.payload,
        "event_name": run.event_name,
        "sha": run.sha,
        "ref": run.ref,
        "ref_name": run.ref.split("/", 2)[-1] if run.ref.startswith("refs/heads/") else run.ref,
        "base_ref": run.base_ref,
        "head_ref": run.head_ref,
        "repository": platform.repo,
        "repository_owner": platform.repo.split("/")[0],
        "run_id": str(run.run_id),
        "run_attempt": "1",
        "workflow": run.workflow_name,
        "server_url": platform.server_url,
        "api_url": platform.api_url,
        "token": job.token if job else "",
        "workspace": str(job.workspace) if job else "",
        "job": job.key if job else "",
    }
    contexts: dict[str, Any] = {"github": github, "env": {}, "secrets": {}}
    if job is not None:
        contexts["runner"] = {
            "temp": str(job.temp),
            "os": "Linux",
            "arch": "X64",
            "tool_cache": str(job.tool_cache),
        }
        contexts["matrix"] = job.matrix
    return contexts


def _run_job(job: Job, needs: dict[str, JobResult]) -> JobResult:
    spec, run = job.spec, job.run
    title = spec.get("name", job.key)
    contexts = _base_contexts(job.platform, run, job)
    contexts["needs"] = StrictMap(
        {k: {"result": v.result, "outputs": v.outputs} for k, v in needs.items()}
    )
    needs_ok = all(n.result == "success" for n in needs.values())
    status = {
        "success": lambda: needs_ok,
        "failure": lambda: any(n.result == "failure" for n in needs.values()),
        "always": lambda: True,
        "cancelled": lambda: False,
    }
    evaluator = Evaluator(contexts, status)
    job.result = JobResult(evaluator.substitute(str(title)), "skipped")
    if not _condition(evaluator, spec.get("if"), needs_ok):
        return job.result
    env = {**_env(evaluator, run.workflow.get("env")), **_env(evaluator, spec.get("env"))}
    contexts["env"] = env
    steps_ctx = StrictMap()
    contexts["steps"] = steps_ctx
    job.platform.on_job_start(job)
    try:
        for index, step in enumerate(spec["steps"]):
            _run_step(job, evaluator, env, steps_ctx, step, index)
        for post in reversed(job.posts):
            post()
    finally:
        job.platform.on_job_end(job)
    job.result.result = "failure" if job.failed else "success"
    outputs = spec.get("outputs") or {}
    job.result.outputs = {k: evaluator.substitute(str(v)) for k, v in outputs.items()}
    return job.result


def _condition(evaluator: Evaluator, text: Any, default: bool) -> bool:
    if text is None:
        return default
    text = str(text).strip()
    match = EMBEDDED.fullmatch(text)
    expression = match.group(1) if match else text
    uses_status = re.search(r"\b(always|success|failure|cancelled)\s*\(", expression)
    # GitHub adds ``success() &&`` to a condition that names no status function.
    return bool(evaluator.evaluate(expression if uses_status else f"success() && ({expression})"))


def _env(evaluator: Evaluator, spec: Any) -> dict[str, str]:
    return {str(k): evaluator.substitute(str(v)) for k, v in (spec or {}).items()}


def _run_step(
    job: Job,
    evaluator: Evaluator,
    job_env: dict[str, str],
    steps_ctx: StrictMap,
    step: dict[str, Any],
    index: int,
) -> None:
    unknown = set(step) - STEP_KEYS
    if unknown:
        raise Unsupported(f"step keys the rehearsal does not know: {sorted(unknown)}")
    step_id = step.get("id", f"__step{index}")
    status = {
        "success": lambda: not job.failed,
        "failure": lambda: job.failed,
        "always": lambda: True,
        "cancelled": lambda: False,
    }
    evaluator.functions.update(status)
    name = str(step.get("name") or step.get("uses") or step.get("run", "")[:40])
    name = evaluator.substitute(name)
    if not _condition(evaluator, step.get("if"), not job.failed):
        job.result.steps.append(StepResult(name, "skipped", "skipped"))
        steps_ctx[step_id] = {"outcome": "skipped", "conclusion": "skipped", "outputs": {}}
        return
    env = {**job_env, **job.env_file_vars, **_env(evaluator, step.get("env"))}
    ok, outputs, log = False, {}, ""
    if "run" in step:
        ok, outputs, log = _shell(job, step, evaluator.substitute(str(step["run"])), env)
    else:
        from standins import run_action

        inputs = {str(k): evaluator.substitute(str(v)) for k, v in (step.get("with") or {}).items()}
        ok, outputs, log = run_action(job, str(step["uses"]), inputs, env)
    outcome = "success" if ok else "failure"
    tolerate = bool(step.get("continue-on-error", False))
    conclusion = "success" if ok or tolerate else "failure"
    if conclusion == "failure":
        job.failed = True
    job.result.steps.append(StepResult(name, outcome, conclusion, outputs, log))
    steps_ctx[step_id] = {"outcome": outcome, "conclusion": conclusion, "outputs": outputs}


def runner_env(job: Job) -> dict[str, str]:
    """The variables every step sees: GitHub's defaults (not the test's environment)."""
    run, platform = job.run, job.platform
    ctx = _base_contexts(platform, run, job)["github"]
    env = {
        "PATH": os.pathsep.join([*job.path_dirs, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(job.root / "home"),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": run.event_name,
        "GITHUB_EVENT_PATH": str(run.event_path),
        "GITHUB_SHA": run.sha,
        "GITHUB_REF": run.ref,
        "GITHUB_REF_NAME": ctx["ref_name"],
        "GITHUB_BASE_REF": run.base_ref,
        "GITHUB_HEAD_REF": run.head_ref,
        "GITHUB_REPOSITORY": platform.repo,
        "GITHUB_REPOSITORY_OWNER": platform.repo.split("/")[0],
        "GITHUB_RUN_ID": str(run.run_id),
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_WORKFLOW": run.workflow_name,
        "GITHUB_JOB": job.key,
        "GITHUB_WORKSPACE": str(job.workspace),
        "GITHUB_SERVER_URL": platform.server_url,
        "GITHUB_API_URL": platform.api_url,
        "RUNNER_TEMP": str(job.temp),
        "RUNNER_TOOL_CACHE": str(job.tool_cache),
        "RUNNER_OS": "Linux",
        # A runner has no terminal: git wanting a password fails at once, never waits.
        "GIT_TERMINAL_PROMPT": "0",
        # Nothing leaves loopback: pip gets no index (standins.setup_python).
        "PIP_NO_INDEX": "1",
        "PIP_CONFIG_FILE": os.devnull,
        # With no index, an isolated build could not fetch setuptools: builds use the
        # locked one the environment has (pip reads "0" here as "no isolation").
        "PIP_NO_BUILD_ISOLATION": "0",
    }
    env.update(platform.runner_extra_env)
    (job.root / "home").mkdir(exist_ok=True)
    return env


def _shell(
    job: Job, step: dict[str, Any], script: str, step_env: dict[str, str]
) -> tuple[bool, dict[str, str], str]:
    shell = str(step.get("shell", "bash"))
    if shell not in SHELLS:
        raise Unsupported(f"shell {shell!r} is not rehearsed")
    files = {
        n: job.temp / f"_{n.lower()}_{uuid.uuid4().hex[:6]}"
        for n in (
            "GITHUB_OUTPUT",
            "GITHUB_ENV",
            "GITHUB_STEP_SUMMARY",
            "GITHUB_PATH",
            "GITHUB_STATE",
        )
    }
    for path in files.values():
        path.touch()
    script_path = job.temp / f"_step_{uuid.uuid4().hex[:8]}"
    script_path.write_text(script, encoding="utf-8")
    env = {**runner_env(job), **step_env, **{n: str(p) for n, p in files.items()}}
    cwd = job.workspace / str(step.get("working-directory", "."))
    done = subprocess.run(
        [*SHELLS[shell], str(script_path)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    log = done.stdout
    _commands(job, log)
    outputs = _key_values(files["GITHUB_OUTPUT"].read_text(encoding="utf-8"))
    job.env_file_vars.update(_key_values(files["GITHUB_ENV"].read_text(encoding="utf-8")))
    job.path_dirs[:0] = files["GITHUB_PATH"].read_text(encoding="utf-8").split()
    job.result.summary += files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
    return done.returncode == 0, outputs, log


def _commands(job: Job, log: str) -> None:
    for line in log.splitlines():
        match = COMMAND.match(line)
        if not match:
            continue
        command, props, message = match.groups()
        if command == "add-mask":
            job.masks.append(message)
        elif command in ("error", "warning", "notice"):
            properties = dict(p.split("=", 1) for p in (props or "").split(",") if "=" in p)
            job.result.annotations.append(Annotation(command, _unescape(message), properties))


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def _key_values(text: str) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIM`` blocks, as GITHUB_OUTPUT/GITHUB_ENV hold."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            body = list(itertools.takewhile(delimiter.__ne__, lines))
            values[key] = "\n".join(body)
        elif "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
        elif line.strip():
            raise Unsupported(f"a line GitHub would refuse in an env/output file: {line!r}")
    return values


def describe(result: RunResult) -> str:
    """A run as GitHub's checks page would list it, with each step's log (for failures)."""
    lines = [f"{result.workflow} #{result.run_id} ({result.event}): {result.conclusion}"]
    for key, job in result.jobs.items():
        lines.append(f"  job {key} ({job.name}): {job.result}")
        for step in job.steps:
            lines.append(f"    {step.outcome:8} {step.name}")
            lines += [f"      | {line}" for line in step.log.splitlines()[-15:]]
        lines += [f"  {a.level}: {a.properties} {a.message}" for a in job.annotations]
    return "\n".join(lines)
