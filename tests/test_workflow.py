""".github/workflows/pages.yml: valid against the GitHub workflow JSON Schema (check-jsonschema's
vendored copy), shaped for Pages (build on PR with --strict, deploy on push to main only), and its
build job's run: steps work: they are run here in a temporary copy of the repo, with the GitHub
expressions evaluated for a pull request and $GITHUB_ENV honoured between steps."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
SITE_URL = "https://example.github.io/referatarkiv/"
# The GitHub contexts of a pull request to example/referatarkiv.
PR_CONTEXT = {
    "github": {
        "event_name": "pull_request",
        "ref": "refs/pull/1/merge",
        "repository_owner": "example",
        "repository": "example/referatarkiv",
        "event": {"repository": {"name": "referatarkiv"}},
    },
    "steps": {},
    "vars": {"REFERATARKIV_ENGINE": ""},  # a repository variable that is not set reads as ''
}


def load() -> dict:
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    if True in wf:  # PyYAML reads the key `on` as a boolean
        wf["on"] = wf.pop(True)
    return wf


# --------------------------------------------------------------------------------------------
# a small evaluator for the ${{ }} expressions the workflow uses

_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<num>\d+)|"
                    r"(?P<name>[A-Za-z_][\w\-]*(?:\.[A-Za-z_][\w\-]*)*))")


def evaluate(expr: str, ctx: dict):
    tokens, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read expression at {expr[pos:]!r}")
        pos = m.end()
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
    i = 0

    def peek():
        return tokens[i][1] if i < len(tokens) else None

    def take():
        nonlocal i
        i += 1
        return tokens[i - 1]

    def primary():
        kind, val = take()
        if val == "(":
            v = or_()
            assert take()[1] == ")"
            return v
        if val == "!":
            return not truthy(primary())
        if kind == "str":
            return val[1:-1].replace("''", "'")
        if kind == "num":
            return int(val)
        if val in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[val]
        cur = ctx
        for part in val.split("."):
            if not isinstance(cur, dict) or part not in cur:
                raise KeyError(f"unknown context value {val}")
            cur = cur[part]
        return cur

    def cmp():
        v = primary()
        while peek() in ("==", "!="):
            op = take()[1]
            w = primary()
            v = (v == w) if op == "==" else (v != w)
        return v

    def and_():
        v = cmp()
        while peek() == "&&":
            take()
            w = cmp()
            v = w if truthy(v) else v
        return v

    def or_():
        v = and_()
        while peek() == "||":
            take()
            w = and_()
            v = v if truthy(v) else w
        return v

    value = or_()
    assert i == len(tokens), f"unread tokens in {expr!r}"
    return value


def truthy(v) -> bool:
    return v not in (None, False, 0, "")


def interpolate(text, ctx: dict) -> str:
    if not isinstance(text, str):
        return str(text).lower() if isinstance(text, bool) else str(text)
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m[1], ctx)), text)


def condition(step: dict, ctx: dict) -> bool:
    if "if" not in step:
        return True
    expr = str(step["if"]).strip()
    if expr.startswith("${{") and expr.endswith("}}"):
        expr = expr[3:-2]
    return truthy(evaluate(expr, ctx))


# --------------------------------------------------------------------------------------------
# static checks

def test_expression_evaluator():
    ctx = PR_CONTEXT
    assert evaluate("github.event_name == 'pull_request' && '--strict' || ''", ctx) == "--strict"
    push = {"github": dict(ctx["github"], event_name="push")}
    assert evaluate("github.event_name == 'pull_request' && '--strict' || ''", push) == ""
    assert evaluate("github.event_name != 'pull_request'", ctx) is False
    assert interpolate("https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/", ctx) == SITE_URL


def test_workflow_matches_the_github_workflow_schema():
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (test extra) not installed")
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path):
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (test extra) not installed")
    broken = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    (tmp_path / "broken.yml").write_text(broken, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(tmp_path / "broken.yml")], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0


def test_workflow_builds_on_pull_requests_and_deploys_main_only():
    wf = load()
    assert wf["on"]["push"]["branches"] == ["main"] and "pull_request" in wf["on"]
    assert wf["permissions"] == {"contents": "read"}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    uses = {s["uses"].split("@")[0]: s for s in build["steps"] if "uses" in s}
    assert "actions/checkout" in uses
    assert str(uses["actions/setup-python"]["with"]["python-version"]) == "3.11"
    upload = uses["actions/upload-pages-artifact"]
    assert upload["with"]["path"] == "site" and "pull_request" in upload["if"]
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert any(re.search(r"pip install \.(\s|$)", r) for r in runs), "installs from pyproject.toml"
    assert any('referatarkiv.cli build --site --engine "$ENGINE" $STRICT' in r for r in runs)
    assert build["env"]["ENGINE"] == "${{ vars.REFERATARKIV_ENGINE || 'mkdocs' }}"
    assert "SITE_URL" in build["env"] and "github.io" in build["env"]["SITE_URL"]
    # Deploy: after build, not on pull requests, with the Pages permissions and environment.
    assert deploy["needs"] == "build" and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    # Every action pinned to a version; every steps.<id> referenced exists in its job.
    for name, job in wf["jobs"].items():
        ids = {s.get("id") for s in job["steps"]}
        text = yaml.safe_dump(job)
        for ref in re.findall(r"steps\.([\w-]+)\.", text):
            assert ref in ids, f"job {name} refers to steps.{ref}, which has no step"
        for s in job["steps"]:
            if "uses" in s:
                assert re.search(r"@v\d+$", s["uses"]), s["uses"]
            assert ("uses" in s) != ("run" in s)
    # mkdocs.yml takes the site's address from $SITE_URL.
    assert re.search(r"(?m)^site_url: !ENV \[SITE_URL\b", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# the build job, run here

def copy_repo(dest: Path) -> Path:
    """The working tree's files (tracked and new, not ignored) in ``dest``, committed as one commit
    dated 2026-11-22 12:00 UTC (the workflow takes the build date from the commit)."""
    files = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for f in filter(None, files):
        src = REPO / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    stamp = "2026-11-22T12:00:00+00:00"
    env = dict(os.environ, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp, GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(cmd, cwd=dest, env=env, check=True, capture_output=True)
    return dest


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_build_job_run_steps_work_locally(tmp_path, engine):
    """The build job's run: steps of a pull request, with each engine the repository variable can
    choose (README "Engines")."""
    if engine == "zensical":
        pytest.importorskip("zensical", reason="Zensical is the [zensical] extra: pip install -e '.[zensical]'")
    wf = load()
    job = wf["jobs"]["build"]
    repo = copy_repo(tmp_path / "repo")
    ctx = dict(PR_CONTEXT, vars={"REFERATARKIV_ENGINE": "" if engine == "mkdocs" else engine})
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH", "REFERATARKIV_CONTENT")}
    env.update({k: interpolate(v, ctx) for k, v in (job.get("env") or {}).items()})
    assert env["SITE_URL"] == SITE_URL and env["STRICT"] == "--strict" and env["ENGINE"] == engine
    github_env = tmp_path / "github_env"
    ran, skipped = [], []
    for step in job["steps"]:
        name = step.get("name") or step.get("uses") or step.get("run", "")[:40]
        if not condition(step, ctx) or "uses" in step:
            skipped.append(name)
            continue
        if re.match(r"python -m pip install (\.|'\.\[zensical\]')\s*$", step["run"].strip()):
            skipped.append(name)  # the package is installed already (editable) in this environment
            continue
        github_env.write_text("", encoding="utf-8")
        step_env = dict(env, GITHUB_ENV=str(github_env))
        step_env.update({k: interpolate(v, ctx) for k, v in (step.get("env") or {}).items()})
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                              env=step_env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"step {name!r} failed:\n{proc.stdout}\n{proc.stderr}"
        for line in github_env.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        ran.append(name)
    assert any("Build" in r for r in ran) and any("pip install" in str(s) or "Install" in s for s in skipped)
    assert env["SOURCE_DATE_EPOCH"] == str(int(datetime(2026, 11, 22, 12, tzinfo=timezone.utc).timestamp()))
    site = repo / "site"
    assert (site / "index.html").is_file()
    # The site's address from $SITE_URL: sitemap, canonical links and feeds use it; build date from the commit.
    assert SITE_URL + "havbjerg/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{SITE_URL}' in feed and "xml:base" not in feed
    assert json.loads((site / "data" / "build.json").read_text())["built"] == "2026-11-22"
    assert "bygget <time datetime=\"2026-11-22\">22. november 2026</time>" in (site / "index.html").read_text(encoding="utf-8")
