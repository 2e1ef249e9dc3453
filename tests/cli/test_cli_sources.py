"""Pack sources: a published text is named by url and sha256, not copied into the pack.

The pack here is the mini pack with its text taken out and named as published:
``check`` works from the spans the pack records; loading verifies the quotes
wherever the text is at hand (``--sources DIR``, ``GOVRULES_SOURCES``, the
cache); a file with another sha256 is skipped and ``validate`` says so;
``sources fetch`` fills the cache from the url (a server on 127.0.0.1 here);
``sources record`` writes the spans and keeps the file's comments.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from _support import MINI, copy_pack, edit
from cli.cli_support import SCENARIOS, CliFn
from govrules.pack import load_pack

TEXT = (MINI / "seeds" / "mini" / "source.txt").read_bytes()
SHA256 = hashlib.sha256(TEXT).hexdigest()
PUBLISHED = (
    "    repository: example/governance\n"
    "    path: docs/source.txt\n"
    "    commit: 0123456789abcdef0123456789abcdef01234567\n"
    "    url: {url}\n"
)
Make = Callable[..., Path]
GOVRULES = [sys.executable, "-m", "govrules"]


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    """A sources directory holding the text as DIR/PACK/FILE."""
    (tmp_path / "texts" / "mini").mkdir(parents=True)
    (tmp_path / "texts" / "mini" / "source.txt").write_bytes(TEXT)
    return tmp_path / "texts"


@pytest.fixture
def make(tmp_path: Path) -> Make:
    """``make(url=..., sha256=...)``: the mini pack with its text published, not kept."""

    def build(url: str = "https://example.invalid/docs/source.txt", sha256: str = SHA256) -> Path:
        root = copy_pack(MINI, tmp_path / f"pack-{len(list(tmp_path.glob('pack-*')))}")
        (root / "seeds" / "mini" / "source.txt").unlink()
        pack_yaml = root / "seeds" / "mini" / "pack.yaml"
        edit(pack_yaml, "    file: source.txt\n", PUBLISHED.format(url=url))
        edit(pack_yaml, SHA256, sha256)
        return root

    return build


@pytest.fixture
def recorded(cli: CliFn, make: Make, texts: Path) -> Path:
    """The published pack, its spans recorded from the text."""
    pack = make()
    run = cli("sources", "record", "--pack", str(pack), "--sources", str(texts))
    assert run.code == 0, run.stderr
    return pack


def _evidence(pack: Path) -> list[dict[str, object]]:
    facts = YAML(typ="safe").load((pack / "seeds/mini/facts.yaml").read_text(encoding="utf-8"))
    return [e for f in facts["facts"] for e in f["evidence"]]


# -- record -------------------------------------------------------------------------


def _commented(pack: Path) -> Path:
    facts = pack / "seeds/mini/facts.yaml"
    edit(facts, "    body: board\n", "    body: board  # the only body\n")
    edit(facts, "  - id: contributors\n", "  # a figure no rule uses\n  - id: contributors\n")
    return facts


def _kept(before: list[str], facts: Path) -> bool:
    """Whether every line but the quotes is still there, in order."""
    after = iter(facts.read_text(encoding="utf-8").splitlines())
    kept = [line for line in before if not line.startswith("      - ")]
    return all(any(line == other for other in after) for line in kept)


def test_record_writes_each_span_and_keeps_the_rest_of_the_file(
    cli: CliFn, make: Make, texts: Path, cache: Path
) -> None:
    pack = make()
    facts = _commented(pack)
    before = facts.read_text(encoding="utf-8").splitlines()
    # A process of its own, as `govrules sources record` runs (see the test below).
    run = subprocess.run(
        [*GOVRULES, "sources", "record", "--pack", str(pack), "--sources", str(texts)],
        capture_output=True,
        text=True,
        env={**os.environ, "GOVRULES_CACHE": str(cache)},
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "7 span(s) recorded, 0 already right\n"
    text = TEXT.decode("utf-8")
    for evidence in _evidence(pack):
        assert isinstance(evidence, dict)
        start, end, line = evidence["start"], evidence["end"], evidence["line"]
        assert isinstance(start, int)
        assert isinstance(end, int)
        assert text[start:end] == evidence["quote"]
        assert text.count("\n", 0, start) + 1 == line
    assert _kept(before, facts), "lines lost or moved"
    again = cli("sources", "record", "--pack", str(pack), "--sources", str(texts))
    assert again.stdout == "0 span(s) recorded, 7 already right\n"


def test_record_keeps_the_dates_as_written_in_a_process_that_read_lines(
    cli: CliFn, make: Make, texts: Path
) -> None:
    load_pack(str(MINI))  # looks up the lines of facts and rules
    pack = make()
    facts = _commented(pack)
    before = facts.read_text(encoding="utf-8").splitlines()
    run = cli("sources", "record", "--pack", str(pack), "--sources", str(texts))
    assert run.code == 0, run.stderr
    assert _kept(before, facts), facts.read_text(encoding="utf-8")


def test_record_without_the_text_locates_nothing_and_exits_1(cli: CliFn, make: Make) -> None:
    pack = make()
    before = (pack / "seeds/mini/facts.yaml").read_bytes()
    run = cli("sources", "record", "--pack", str(pack))
    assert run.code == 1
    assert run.stdout == "0 span(s) recorded, 0 already right\n"
    assert "not located: transfer: the text of `announcement` is not at hand" in run.stderr
    assert (pack / "seeds/mini/facts.yaml").read_bytes() == before


def test_record_names_a_quote_not_in_the_text(cli: CliFn, make: Make, texts: Path) -> None:
    pack = make()
    edit(
        pack / "seeds/mini/facts.yaml",
        "Decisions will be made in the open",
        "Decisions will be made in the dark",
    )
    run = cli("sources", "record", "--pack", str(pack), "--sources", str(texts))
    assert run.code == 1
    assert run.stdout == "6 span(s) recorded, 0 already right\n"
    assert "not located: balanced-board: quote not found in `announcement`" in run.stderr


# -- check and validate without the text ------------------------------------------------


def test_check_cites_the_recorded_spans_without_the_text(cli: CliFn, recorded: Path) -> None:
    published = cli("check", "--pack", str(recorded), "--format", "json", SCENARIOS)
    kept = cli("check", "--pack", str(MINI), "--format", "json", SCENARIOS)
    assert published.code == kept.code == 1, published.stderr
    mine, theirs = json.loads(published.stdout), json.loads(kept.stdout)
    assert mine["scenarios"] == theirs["scenarios"]
    (source,) = mine["packs"][0]["sources"]
    assert source["url"] == "https://example.invalid/docs/source.txt"
    assert source["file"] == "source.txt"


def test_check_without_recorded_spans_or_text_quotes_without_a_place(
    cli: CliFn, make: Make
) -> None:
    run = cli("check", "--pack", str(make()), "--format", "json", f"{SCENARIOS}/breaks.yaml")
    assert run.code == 1
    quotes = [
        q
        for f in json.loads(run.stdout)["scenarios"][0]["findings"]
        for s in f["evidence"]
        for q in s["quotes"]
    ]
    assert quotes
    assert {(q["start"], q["end"], q["line"]) for q in quotes} == {(None, None, None)}


def test_validate_without_the_text_warns_that_it_verified_nothing(
    cli: CliFn, recorded: Path
) -> None:
    run = cli("validate", "--pack", str(recorded))
    assert run.code == 0
    assert (
        "warning[unverified-source]: the text of source `announcement` was not found,"
        " so its quotes were not verified" in run.stdout
    )
    assert "not verified source `announcement` (text not found)" in run.stdout
    assert cli("validate", "--pack", str(recorded), "--strict").code == 1


# -- where texts are found ---------------------------------------------------------------


@pytest.mark.parametrize("where", ["sources-pack", "sources-flat", "environment", "cache"])
def test_the_text_is_found_and_the_quotes_verified(
    cli: CliFn,
    recorded: Path,
    texts: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    args: list[str] = []
    found = texts / "mini" / "source.txt"
    if where == "sources-pack":
        args = ["--sources", str(texts)]
    elif where == "sources-flat":
        found.rename(texts / "source.txt")
        found = texts / "source.txt"
        args = ["--sources", str(texts)]
    elif where == "environment":
        monkeypatch.setenv("GOVRULES_SOURCES", str(texts))
    else:
        (cache / "sources").mkdir()
        found = found.rename(cache / "sources" / SHA256)
    run = cli("validate", "--pack", str(recorded), "--format", "json", *args)
    data = json.loads(run.stdout)
    (source,) = data["sources"]
    assert source == {
        "id": "announcement",
        "verified": True,
        "found_at": str(found),
        "mismatches": [],
    }
    assert [p["code"] for p in data["problems"]] == ["unused-fact"]  # the mini pack's warning
    # A quote the text does not hold is an error, now that the text is at hand.
    edit(
        recorded / "seeds/mini/facts.yaml",
        "Decisions will be made in the open",
        "Decisions will be made in the dark",
    )
    broken = cli("validate", "--pack", str(recorded), *args)
    assert broken.code == 1
    assert "the quote of fact `balanced-board` is not in the source `announcement`" in (
        broken.stdout
    )


def test_a_file_with_another_sha256_is_skipped_and_validate_says_so(
    cli: CliFn, recorded: Path, texts: Path, cache: Path
) -> None:
    wrong = texts / "mini" / "source.txt"
    wrong.write_bytes(TEXT.replace(b"balanced", b"partial"))
    run = cli("validate", "--pack", str(recorded), "--sources", str(texts))
    assert run.code == 0, run.stdout  # the quotes were not checked against it
    assert f"files with another sha256: {wrong}" in run.stdout
    # With the right text in the cache, that one is used, and the other still named.
    (cache / "sources").mkdir()
    (cache / "sources" / SHA256).write_bytes(TEXT)
    data = json.loads(
        cli("validate", "--pack", str(recorded), "--sources", str(texts), "--format", "json").stdout
    )
    (source,) = data["sources"]
    assert source["verified"] is True
    assert source["found_at"] == str(cache / "sources" / SHA256)
    assert source["mismatches"] == [str(wrong)]


def test_sources_list_says_where_each_text_is(cli: CliFn, recorded: Path, texts: Path) -> None:
    missing = cli("sources", "list", "--pack", str(recorded))
    assert missing.code == 0
    assert missing.stdout == (
        "announcement: The Example Project moves to the Example Foundation (2024-01-15)\n"
        "  published: https://example.invalid/docs/source.txt\n"
        f"  sha256: {SHA256}\n"
        "  text: not found\n"
    )
    found = cli("sources", "list", "--pack", str(recorded), "--sources", str(texts))
    assert found.stdout.endswith(f"  text: {texts / 'mini' / 'source.txt'}\n")
    kept = cli("sources", "list", "--pack", str(MINI))
    assert "  published: source.txt (in the pack)\n" in kept.stdout


# -- fetch ------------------------------------------------------------------------------


class _Server:
    def __init__(self, root: Path) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

            def do_GET(self) -> None:
                requests.append(self.path)
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output clean

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)


@pytest.fixture
def server(texts: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    """An HTTP server on 127.0.0.1 serving the texts directory, reached without a proxy."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    running = _Server(texts)
    running.thread.start()
    try:
        yield running
    finally:
        running.httpd.shutdown()
        running.httpd.server_close()
        running.thread.join(timeout=10)


def test_fetch_fills_the_cache_and_then_the_quotes_are_verified(
    cli: CliFn, make: Make, server: _Server, cache: Path
) -> None:
    pack = make(url=f"{server.url}/mini/source.txt")
    run = cli("sources", "fetch", "--pack", str(pack))
    assert run.code == 0, run.stderr
    cached = cache / "sources" / SHA256
    assert run.stdout == f"announcement: {cached}\n"
    assert cached.read_bytes() == TEXT
    assert server.requests == ["/mini/source.txt"]
    data = json.loads(cli("validate", "--pack", str(pack), "--format", "json").stdout)
    assert data["sources"][0]["found_at"] == str(cached)
    # A text already in the cache is not fetched again.
    assert cli("sources", "fetch", "--pack", str(pack)).code == 0
    assert server.requests == ["/mini/source.txt"]


def test_fetch_refuses_a_text_with_another_sha256(
    cli: CliFn, make: Make, server: _Server, cache: Path
) -> None:
    other = hashlib.sha256(b"another text").hexdigest()
    pack = make(url=f"{server.url}/mini/source.txt", sha256=other)
    run = cli("sources", "fetch", "--pack", str(pack))
    assert run.code == 2
    assert run.stdout == ""
    assert (
        f"error: `{server.url}/mini/source.txt` is not the text the pack quotes: its sha256 is"
        f" {SHA256}, the pack names {other}" in run.stderr
    )
    assert "help: source `announcement`" in run.stderr
    assert not (cache / "sources").exists() or list((cache / "sources").iterdir()) == []


def test_fetch_of_a_missing_text_exits_2(cli: CliFn, make: Make, server: _Server) -> None:
    pack = make(url=f"{server.url}/nowhere.txt")
    run = cli("sources", "fetch", "--pack", str(pack))
    assert run.code == 2
    assert f"error: cannot fetch `{server.url}/nowhere.txt`: " in run.stderr
    assert "help: source `announcement`" in run.stderr


def test_fetch_leaves_a_text_kept_in_the_pack_alone(cli: CliFn, cache: Path) -> None:
    run = cli("sources", "fetch", "--pack", str(MINI))
    assert run.code == 0
    assert run.stdout == "announcement: kept in the pack\n"
    assert list(cache.iterdir()) == []
