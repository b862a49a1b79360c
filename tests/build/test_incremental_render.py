"""An incremental ``generate`` renders only the pages a change touches, and its docs dir equals a
from-scratch full generation (byte for byte, except pages whose only difference is their
"data as of" stamp, which an incremental build keeps on untouched pages).

A small synthetic archive goes through a random series of changes — referater added to an existing
udvalg and to a new one, decisions edited, journalnumre changed so sager gain and lose meetings,
referater deleted, udvalg.yml renames and kommune names changed, attachment files added, changed
and removed, no-op rewrites — and after each one the incremental docs dir is compared with a fresh
full generation of the same content."""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from referatarkiv.build.generate import generate
from referatarkiv.build.outputs import MANIFEST, same_but_stamp
from referatarkiv.build.incremental import RenderState
from referatarkiv.slugs import slugify
from referatarkiv.dev.synth import generate_archive

ITEMS = 200
CASE_LINE = re.compile(r"^(\d\d\.\d\d\.\d\d-[A-Z0-9-]+|\d\d/\d+)$", re.M)
BILAG_LINE = re.compile(r"^(Bilag \d+) - (.+)$", re.M)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name != MANIFEST}


def _assert_equal_trees(inc: Path, full: Path, step: str) -> None:
    a, b = _tree(inc), _tree(full)
    assert sorted(a) == sorted(b), (step, sorted(set(a) ^ set(b))[:10])
    differ = [k for k in a if a[k] != b[k] and not (k.endswith(".md") and same_but_stamp(a[k], b[k]))]
    assert differ == [], (step, differ[:10])


class Archive:
    """The content folder and the changes the test makes to it."""

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng
        self.aside = root.parent / "aside"
        self.aside.mkdir()
        self.n = 0

    def referater(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.txt") if not any(x.endswith(".bilag") for x in p.parts))

    def pick(self) -> Path:
        return self.rng.choice(self.referater())

    def hold_back(self) -> None:
        """Before the first build: set aside the newest referat of two udvalg with 2+ meetings."""
        by_folder: dict[Path, list[Path]] = {}
        for p in self.referater():
            by_folder.setdefault(p.parent, []).append(p)
        folders = [f for f, ps in sorted(by_folder.items()) if len(ps) >= 2]
        for f in self.rng.sample(folders, min(2, len(folders))):
            p = sorted(by_folder[f])[-1]
            dest = self.aside / str(len(list(self.aside.iterdir())))
            dest.mkdir()
            shutil.move(str(p), str(dest / p.name))
            (dest / "where").write_text(str(p), encoding="utf-8")

    # -- changes ----------------------------------------------------------------------------

    def add_existing(self) -> str:
        held = sorted(d for d in self.aside.iterdir() if (d / "where").is_file())
        if not held:
            return self.add_new_udvalg()
        d = held[0]
        target = Path((d / "where").read_text(encoding="utf-8"))
        shutil.move(str(d / target.name), str(target))
        shutil.rmtree(d)
        return f"add {target.relative_to(self.root)}"

    def add_new_udvalg(self) -> str:
        src = self.pick()
        self.n += 1
        folder = src.parent.parent / f"testudvalg-{self.n}"
        folder.mkdir()
        dst = folder / src.name
        shutil.copy(src, dst)
        dst.with_suffix(".yml").write_text(f'committee: "Testudvalget nr. {self.n}"\n', encoding="utf-8")
        return f"add new udvalg {dst.relative_to(self.root)}"

    def edit_decision(self) -> str:
        p = self.pick()
        text = p.read_text(encoding="utf-8")
        spots = [m.end() for m in re.finditer(r"\nBeslutning\n\n", text)]
        if not spots:
            return "no decision to edit"
        at = self.rng.choice(spots)
        self.n += 1
        p.write_text(text[:at] + f"Ændret ved test {self.n}. " + text[at:], encoding="utf-8")
        return f"edit decision {p.relative_to(self.root)}"

    def edit_case_number(self) -> str:
        p = self.pick()
        text = p.read_text(encoding="utf-8")
        spots = list(CASE_LINE.finditer(text))
        if not spots:
            return "no journalnummer"
        m = self.rng.choice(spots)
        if self.rng.random() < 0.6:
            # Another referat's journalnummer in the same kommune: that sag gains a meeting.
            kommune = p.relative_to(self.root).parts[0]
            others = [q for q in self.referater() if q != p and q.relative_to(self.root).parts[0] == kommune]
            pool = [x.group(1) for q in others for x in CASE_LINE.finditer(q.read_text(encoding="utf-8"))]
            new = self.rng.choice(pool) if pool else "99.99.99-P00-1-22"
        else:
            self.n += 1
            new = f"99.99.{self.n:02d}-P00-{self.n}-22"  # a new sag; the old one loses a meeting
        p.write_text(text[:m.start(1)] + new + text[m.end(1):], encoding="utf-8")
        return f"journalnummer {m.group(1)} -> {new} in {p.relative_to(self.root)}"

    def delete(self) -> str:
        p = self.pick()
        p.unlink()
        for extra in (p.with_suffix(".yml"), p.with_name(p.stem + ".bilag")):
            if extra.is_dir():
                shutil.rmtree(extra)
            elif extra.exists():
                extra.unlink()
        return f"delete {p.relative_to(self.root)}"

    def renames(self) -> str:
        f = self.root / "udvalg.yml"
        text = f.read_text(encoding="utf-8") if f.exists() else "renames:\n"
        entries = re.findall(r"  - kommune: .*\n    from: .*\n    to: .*\n", text)
        if entries and self.rng.random() < 0.5:
            gone = self.rng.choice(entries)
            f.write_text(text.replace(gone, "", 1), encoding="utf-8")
            return "udvalg.yml: rename removed"
        # A rename between two udvalg of one kommune (links their pages, widens references).
        kdir = self.rng.choice(sorted(d for d in self.root.iterdir() if d.is_dir()))
        names = []
        for p in sorted(kdir.rglob("*.txt")):
            m = re.search(r"^(?:# \*\*)?REFERAT (.+?)(?:[_ ]\d{4}-\d\d)? d\. ", p.read_text(encoding="utf-8"), re.M)
            if m and m.group(1) not in names:
                names.append(m.group(1))
        if len(names) < 2:
            return "no rename possible"
        a, b = self.rng.sample(names, 2)
        f.write_text(text + f'  - kommune: {kdir.name}\n    from: "{a} 2018-21"\n    to: "{b} 2022-25"\n',
                     encoding="utf-8")
        return f"udvalg.yml: rename {a} -> {b}"

    def kommune_name(self) -> str:
        kdir = self.rng.choice(sorted(d for d in self.root.iterdir() if d.is_dir()))
        self.n += 1
        (kdir / "kommune.yml").write_text(f'name: "Test Kommune {self.n}"\n', encoding="utf-8")
        return f"kommune name {kdir.name}"

    def _bilag_candidates(self) -> list[tuple[Path, str]]:
        out = []
        for p in self.referater():
            for m in BILAG_LINE.finditer(p.read_text(encoding="utf-8")):
                if not m.group(2).endswith("lukket"):
                    out.append((p, f"{m.group(1)} {m.group(2)}"))
        return out

    def attachment(self) -> str:
        existing = sorted(self.root.rglob("*.bilag/*"))
        r = self.rng.random()
        if existing and r < 0.35:
            f = self.rng.choice(existing)
            f.unlink()
            return f"remove attachment {f.relative_to(self.root)}"
        if existing and r < 0.6:
            f = self.rng.choice(existing)
            f.write_text(f.read_text(encoding="utf-8") + "Mere tekst.\n" * self.rng.randint(1, 400), encoding="utf-8")
            return f"change attachment {f.relative_to(self.root)}"
        cands = self._bilag_candidates()
        if not cands:
            return "no attachment"
        p, name = self.rng.choice(cands)
        d = p.with_name(p.stem + ".bilag")
        d.mkdir(exist_ok=True)
        f = d / f"{slugify(name)}.txt"
        f.write_text("Bilagets tekst.\n" * self.rng.randint(1, 300), encoding="utf-8")
        return f"add attachment {f.relative_to(self.root)}"

    def noop(self) -> str:
        p = self.pick()
        p.write_bytes(p.read_bytes())
        return f"rewrite unchanged {p.relative_to(self.root)}"


CHANGES = ["add_existing", "add_new_udvalg", "edit_decision", "edit_case_number", "edit_case_number", "delete",
           "renames", "attachment", "attachment", "attachment", "noop", "kommune_name", "add_existing"]


@pytest.mark.parametrize("seed", [29])
def test_incremental_generation_equals_full_generation(tmp_path, seed, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    rng = random.Random(seed)
    content = tmp_path / "w" / "content"
    generate_archive(content, ITEMS, seed=seed)
    arc = Archive(content, rng)
    arc.hold_back()
    inc, inc_cache, full_cache = tmp_path / "inc" / "docs", tmp_path / "inc-cache", tmp_path / "full-cache"
    assert _counts(content, inc, cache_dir=inc_cache)[1] == 0
    steps = CHANGES[:]
    rng.shuffle(steps)
    steps.insert(0, "noop")
    rendered_share = []
    for i, change in enumerate(steps):
        what = getattr(arc, change)()
        rendered, reused = _counts(content, inc, cache_dir=inc_cache, keep_stamps=True)
        full_out = tmp_path / f"full-{i}" / "docs"
        total, _ = _counts(content, full_out, cache_dir=full_cache)
        assert rendered + reused == total, what
        _assert_equal_trees(inc, full_out, f"{i} {what}")
        listings = _listings(full_out)
        shutil.rmtree(full_out.parent)
        if change != "kommune_name":  # a kommune's new name is on every one of its pages
            assert reused > 0, what
            # Every run renders the listings (home, kommune, udvalg, sager lists, parties: about a
            # fifth of this small archive's pages, a few per cent of a large one's); of the pages of
            # meetings, punkter, bilag and sager, only those the change touches.
            assert rendered - listings < (total - listings) / 3, (what, rendered, listings, total)
        rendered_share.append((rendered - listings) / (total - listings))
    assert sorted(rendered_share)[len(rendered_share) // 2] < 0.1, rendered_share


# Pages of one meeting, punkt, bilag or sag; every other page is a listing.
_OWN_PAGE = re.compile(r"/\d{4}-\d\d-\d\d/(?:[^/]+/(?:[^/]+/)?)?index\.md$|/sager/[^/]+/index\.md$")


def _listings(docs: Path) -> int:
    return sum(1 for p in docs.rglob("*.md") if not _OWN_PAGE.search("/" + p.relative_to(docs).as_posix()))


def _counts(*args, **kwargs) -> tuple[int, int]:
    """(pages rendered, pages left alone) of one generate run (plain numbers: a failing assert
    never prints the report and its archive)."""
    r = generate(*args, **kwargs)
    assert not r.errors
    return r.rendered, r.reused


def test_untrusted_state_renders_everything(tmp_path, monkeypatch):
    """No skipping in a full build, after an unfinished run, after another cache's run wrote other
    content into the docs dir, for missing files, or without a parse cache."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "content"
    generate_archive(content, 60, seed=3)
    out, cache = tmp_path / "docs", tmp_path / "cache"
    total, _ = _counts(content, out, cache_dir=cache)
    assert _counts(content, out, cache_dir=cache, keep_stamps=True)[1] > 0
    # a full (non-incremental) build renders every page
    assert _counts(content, out, cache_dir=cache) == (total, 0)
    # a run that did not finish leaves no state: the next run renders everything
    RenderState(cache, out).path.unlink()
    assert _counts(content, out, cache_dir=cache, keep_stamps=True) == (total, 0)
    # another cache's run wrote other content into the docs dir; back to the first content, the
    # first cache's state no longer matches the manifest
    src = sorted(content.rglob("*.txt"))[0]
    original = src.read_bytes()
    src.write_bytes(original.replace(b"\nBeslutning\n\n", b"\nBeslutning\n\nAndet indhold. ", 1))
    _counts(content, out, cache_dir=tmp_path / "other", keep_stamps=True)
    src.write_bytes(original)
    assert _counts(content, out, cache_dir=cache, keep_stamps=True) == (total, 0)
    # a page deleted from the docs dir is rendered again, alone with the listings
    page = sorted(out.rglob("punkt-*/index.md"))[0]
    page.unlink()
    rendered, reused = _counts(content, out, cache_dir=cache, keep_stamps=True)
    assert page.is_file() and 0 < rendered < total and reused == total - rendered
    # no parse cache: nothing to fingerprint by, everything rendered, and the next run too
    assert _counts(content, out, use_cache=False, keep_stamps=True) == (total, 0)
    assert _counts(content, out, cache_dir=cache, keep_stamps=True) == (total, 0)
