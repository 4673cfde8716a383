"""Stand-ins for the actions the workflows pin: same inputs, outputs and documented
semantics, run locally. An action without a stand-in, or an input a stand-in does not
know, raises ``Unsupported``: a new ``uses:`` in a workflow needs a stand-in first.

What they do not emulate is listed in docs/rehearsal.md.
"""

from __future__ import annotations

import base64
import fnmatch
import shutil
import site
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from expressions import Unsupported
from runner import Annotation, Job, runner_env

Outcome = tuple[bool, dict[str, str], str]


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise _Failed(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


class _Failed(Exception):
    """The action failed, as the real one would (the step's outcome is failure)."""


def checkout(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    run, platform = job.run, job.platform
    if inputs.get("repository", platform.repo) != platform.repo:
        raise Unsupported("checkout of another repository is not rehearsed")
    depth = int(inputs.get("fetch-depth", "1"))
    persist = inputs.get("persist-credentials", "true") == "true"
    ref = inputs.get("ref", "")
    target = job.workspace / inputs.get("path", ".")
    env = runner_env(job)
    _git(target, "init", "-q", env=env)
    _git(target, "remote", "add", "origin", platform.checkout_url, env=env)
    header = base64.b64encode(f"x-access-token:{inputs.get('token') or job.token}".encode())
    auth = f"AUTHORIZATION: basic {header.decode()}"
    # checkout fetches with the token whatever persist-credentials says; false removes it
    # from .git/config afterwards. Here it is given to the fetches only.
    env = {
        **env,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"http.{platform.server_url}/.extraheader",
        "GIT_CONFIG_VALUE_0": auth,
    }
    shallow = [f"--depth={depth}"] if depth > 0 else []
    if depth == 0:
        # fetch-depth 0: every branch and tag, as actions/checkout documents.
        _git(
            target,
            "fetch",
            "-q",
            "--prune",
            "origin",
            "+refs/heads/*:refs/remotes/origin/*",
            "+refs/tags/*:refs/tags/*",
            env=env,
        )
    if not ref:
        sha, ref = run.sha, run.ref
    elif len(ref) == 40 and all(c in "0123456789abcdef" for c in ref):
        sha = ref
    else:
        sha = platform.rev(ref if ref.startswith("refs/") else f"refs/heads/{ref}")
        ref = ref if ref.startswith("refs/") else f"refs/heads/{ref}"
    if ref.startswith("refs/heads/"):
        # As actions/checkout: the event's commit fetched as the remote branch, and a
        # local branch of that name created on it (not a detached HEAD).
        local = f"refs/remotes/origin/{ref.removeprefix('refs/heads/')}"
        _git(target, "fetch", "-q", *shallow, "origin", f"+{sha}:{local}", env=env)
        _git(
            target,
            "checkout",
            "-q",
            "--force",
            "-B",
            ref.removeprefix("refs/heads/"),
            local,
            env=env,
        )
    else:
        local = (
            ref.replace("refs/pull/", "refs/remotes/pull/") if ref.startswith("refs/pull/") else ""
        )
        _git(
            target, "fetch", "-q", *shallow, "origin", f"+{sha}:{local}" if local else sha, env=env
        )
        _git(target, "checkout", "-q", "--force", sha, env=env)
    if persist:
        _git(target, "config", "--local", f"http.{platform.server_url}/.extraheader", auth, env=env)
    return {"ref": ref, "commit": sha}


def setup_python(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    """The machine's own Python, in a fresh virtual environment per job. It sees the test
    environment's packages (installed from requirements/bot.txt by dev.py), and pip has
    no index, so installs resolve offline against exactly those."""
    wanted = inputs.get("python-version", "")
    have = f"{sys.version_info.major}.{sys.version_info.minor}"
    if wanted and wanted != have:
        raise _Failed(
            f"The version '{wanted}' with architecture 'x64' was not found"
            f" (this machine has {have})"
        )
    if inputs.get("cache", "") not in ("", "pip"):
        raise Unsupported(f"setup-python cache {inputs['cache']!r}")
    venv = job.tool_cache / "Python" / have
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    packages = next((venv / "lib").glob("python*/site-packages"))
    host = [p for p in site.getsitepackages() if p.startswith(sys.prefix)]
    (packages / "_rehearsal_host.pth").write_text("\n".join(host) + "\n", encoding="utf-8")
    python = venv / "bin" / "python"
    if inputs.get("update-environment", "true") == "true":
        job.path_dirs.insert(0, str(venv / "bin"))
        job.env_file_vars["pythonLocation"] = str(venv)
    return {"python-version": have, "python-path": str(python), "cache-hit": "false"}


def setup_node(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    node = shutil.which("node")
    if node is None:
        raise _Failed("no Node.js on this machine")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    job.path_dirs.insert(0, str(Path(node).parent))
    return {"node-version": version.stdout.strip(), "cache-hit": "false"}


def _scopes(job: Job) -> list[str]:
    """Where a run may restore from: its own ref, then its base branch, then the default
    branch (GitHub's cache isolation). Never another pull request's ref."""
    run, platform = job.run, job.platform
    scopes = [run.ref]
    if run.base_ref:
        scopes.append(f"refs/heads/{run.base_ref}")
    scopes.append(f"refs/heads/{platform.default_branch}")
    return list(dict.fromkeys(scopes))


def _cache_path(job: Job, inputs: dict[str, str]) -> Path:
    path = Path(inputs["path"].strip())
    return path if path.is_absolute() else job.workspace / path


def cache_restore(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    """actions/cache/restore: the newest entry under the key, else under a restore key,
    in the first scope that has one."""
    key, path = inputs["key"], _cache_path(job, inputs)
    restore_keys = [k.strip() for k in inputs.get("restore-keys", "").splitlines() if k.strip()]
    store = job.platform.caches
    hit: tuple[str, str, Path] | None = None
    for scope in _scopes(job):
        saved = [c for c in reversed(store) if c[0] == scope]  # newest first
        hit = next((c for c in saved if c[1] == key), None) or next(
            (c for k in restore_keys for c in saved if c[1].startswith(k)), None
        )
        if hit:
            break
    if hit:
        shutil.copytree(hit[2], path, dirs_exist_ok=True)
    job.platform.cache_log.append(
        (job.run.ref, "restore", hit[1] if hit else None, hit[0] if hit else None)
    )
    exact = bool(hit and hit[1] == key)
    return {"cache-hit": "true" if exact else "false", "cache-matched-key": hit[1] if hit else ""}


def cache_save(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    """actions/cache/save: an entry of the run's own ref; a key already there is kept
    (GitHub never overwrites one). GitHub's caches API lists it from then on."""
    key, path = inputs["key"], _cache_path(job, inputs)
    store = job.platform.caches
    if not path.exists():  # the real action warns and saves nothing
        return {}
    if any(c[0] == job.run.ref and c[1] == key for c in store):
        return {}
    copy = job.platform.root / "caches" / f"{len(store)}"
    shutil.copytree(path, copy)
    store.append((job.run.ref, key, copy))
    job.platform.fake.add_cache(job.run.ref, key)
    job.platform.cache_log.append((job.run.ref, "save", key, job.run.ref))
    return {}


def cache(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    outputs = cache_restore(job, inputs)

    def save() -> None:
        # actions/cache saves in its post step, only when the job succeeded and the key
        # missed; the entry belongs to the run's own ref.
        if not job.failed and outputs["cache-hit"] != "true" and _cache_path(job, inputs).exists():
            cache_save(job, inputs)

    job.posts.append(save)
    return outputs


def upload_artifact(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    name = inputs.get("name", "artifact")
    source = Path(inputs["path"].strip())
    source = source if source.is_absolute() else job.workspace / source
    stored = job.platform.artifacts.setdefault(job.run.run_id, {})
    if name in stored:
        raise _Failed(
            "Failed to CreateArtifact: an artifact with this name already exists"
            f" on the workflow run: {name}"
        )
    if not source.exists() or (source.is_dir() and not any(source.iterdir())):
        mode = inputs.get("if-no-files-found", "warn")
        message = (
            f"No files were found with the provided path: {inputs['path']}."
            " No artifacts will be uploaded."
        )
        if mode == "error":
            raise _Failed(message)
        if mode == "warn":
            job.result.annotations.append(Annotation("warning", message, {}))
        return {}
    target = job.platform.root / "artifacts" / str(job.run.run_id) / name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)
        shutil.copy2(source, target / source.name)
    stored[name] = target
    return {
        "artifact-id": str(len(stored)),
        "artifact-url": f"{job.platform.server_url}/artifacts/{name}",
    }


def download_artifact(job: Job, inputs: dict[str, str]) -> dict[str, str]:
    run_id = int(inputs.get("run-id") or job.run.run_id)
    if run_id != job.run.run_id and not inputs.get("github-token"):
        raise _Failed("run-id needs github-token (an artifact of another run)")
    if run_id != job.run.run_id and inputs.get("github-token") != job.token:
        raise _Failed("Bad credentials")
    stored = job.platform.artifacts.get(run_id, {})
    path = Path(inputs.get("path", "").strip() or str(job.workspace))
    path = path if path.is_absolute() else job.workspace / path
    if inputs.get("name"):
        if inputs["name"] not in stored:
            raise _Failed(
                f"Unable to download artifact(s): Artifact not found for name: {inputs['name']}"
            )
        shutil.copytree(stored[inputs["name"]], path, dirs_exist_ok=True)
        return {"download-path": str(path)}
    names = [n for n in stored if fnmatch.fnmatchcase(n, inputs.get("pattern", "*"))]
    merge = inputs.get("merge-multiple", "false") == "true"
    for name in names:
        shutil.copytree(stored[name], path if merge else path / name, dirs_exist_ok=True)
    return {"download-path": str(path)}


# action (owner/name) -> (stand-in, the inputs the real action declares)
STANDINS: dict[str, tuple[Callable[[Job, dict[str, str]], dict[str, str]], set[str]]] = {
    "actions/checkout": (
        checkout,
        {"repository", "ref", "token", "fetch-depth", "persist-credentials", "path"},
    ),
    "actions/setup-python": (
        setup_python,
        {"python-version", "cache", "cache-dependency-path", "update-environment"},
    ),
    "actions/setup-node": (setup_node, {"node-version", "cache", "cache-dependency-path"}),
    "actions/cache": (cache, {"path", "key", "restore-keys"}),
    "actions/cache/restore": (cache_restore, {"path", "key", "restore-keys"}),
    "actions/cache/save": (cache_save, {"path", "key"}),
    "actions/upload-artifact": (
        upload_artifact,
        {"name", "path", "if-no-files-found", "retention-days"},
    ),
    "actions/download-artifact": (
        download_artifact,
        {"name", "pattern", "path", "run-id", "github-token", "merge-multiple"},
    ),
}


def run_action(job: Job, uses: str, inputs: dict[str, str], env: dict[str, Any]) -> Outcome:
    action = uses.partition("@")[0]
    if action not in STANDINS:
        raise Unsupported(f"no stand-in for {uses}: write one in tests/rehearsal/standins.py")
    standin, known = STANDINS[action]
    unknown = set(inputs) - known
    if unknown:
        raise Unsupported(f"{action}: inputs the stand-in does not know: {sorted(unknown)}")
    try:
        return True, standin(job, inputs), ""
    except _Failed as failure:
        job.result.annotations.append(Annotation("error", str(failure), {}))
        return False, {}, str(failure)
