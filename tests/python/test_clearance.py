"""The Python module over libclearance (python/clearance): the same alerts as
the CLI's batch output, compiled indexes, compare, threads, and errors that
raise instead of crashing.  ctest sets CLEARANCE_LIB (the built library),
CLEARANCE_BIN (the CLI) and CLEARANCE_SHARED (../shared/data, whose tests
skip when it is absent)."""
import json
import os
import subprocess
import threading

import pytest

import clearance

BIN = os.environ["CLEARANCE_BIN"]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(REPO, "data", "sample", "lists")
SHARED = os.environ.get("CLEARANCE_SHARED", os.path.join(REPO, "..", "shared", "data"))
DEV_LISTS = [os.path.join(SHARED, "lists", "csl", f)
             for f in ("consolidated-2022-04.csv", "entity-list-2026-07.csv")]
DEV_QUERIES = os.path.join(SHARED, "eval", "dev-queries.jsonl")


def cli(*args, stdin=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, check=False)


def batch(lists, records):
    args = ["batch", "-q"]
    for path in lists:
        args += ["--list", path]
    text = "".join(json.dumps(r) + "\n" for r in records).encode()
    p = cli(*args, stdin=text)
    assert p.returncode == 0, p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()]


@pytest.fixture(scope="module")
def sample():
    with clearance.Lists([SAMPLE]) as lists:
        yield lists


@pytest.fixture(scope="module")
def dev():
    if not all(os.path.exists(p) for p in DEV_LISTS + [DEV_QUERIES]):
        pytest.skip("%s absent: the development queries are not screened" % SHARED)
    with clearance.Lists(DEV_LISTS) as lists:
        yield lists


def test_version_is_the_cli_s():
    p = cli("--version")
    assert p.stdout.decode().split() == ["clearance", clearance.version()]


def test_screen_finds_the_listed_entry(sample):
    alerts = sample.screen("Beijing Academy of AI", type="entity", country="CN")
    assert alerts[0]["entry_id"] == "sample-el-0001"
    assert alerts[0]["score"] >= 0.8
    assert sample.screen("Entirely Unrelated Bakery") == []
    assert sample.entry("sample-el-0001")["id"] == "sample-el-0001"
    assert sample.entry("no-such-id") is None


def test_screen_equals_batch_on_the_sample(sample):
    records = [{"id": "a", "name": "Beijing Academy of AI", "type": "entity", "country": "CN"},
               {"id": "b", "name": "Netrix Information Industry", "dob": "1970"},
               {"id": "c", "name": "Nobody At All"}]
    want = batch([SAMPLE], records)
    for rec, line in zip(records, want):
        kw = {k: v for k, v in rec.items() if k not in ("id", "name")}
        got = sample.screen(rec["name"], **kw)
        assert got == line["alerts"]
        if got:
            assert set(got[0]) == set(line["alerts"][0])


def test_development_queries_equal_the_cli_batch(dev):
    queries = [json.loads(line) for line in open(DEV_QUERIES, encoding="utf-8")]
    want = [line["alerts"] for line in batch(DEV_LISTS, queries)]
    got = dev.screen_many(queries, threads=2)
    assert len(got) == len(want) == len(queries)
    assert sum(1 for a in want if a) > 100  # positives among them
    for q, g, w in zip(queries, got, want):
        assert g == w, q["id"]
    # one by one as screen_many does them
    for q, w in list(zip(queries, want))[:50]:
        assert dev.screen(q["name"], type=q.get("type")) == w


def test_screen_many_keeps_input_order_on_any_thread_count(sample):
    names = ["Beijing Academy of AI", "Nobody", "Nettrix Information Industry"] * 70
    one = sample.screen_many(names, threads=1)
    assert one == sample.screen_many(names, threads=3)
    assert one == [sample.screen(n) for n in names]
    assert sample.screen_many([]) == []


def test_screen_many_mixes_options_and_evidence_per_item(sample):
    items = ["Beijing Acadmy of AI",
             {"id": "a", "name": "Beijing Acadmy of AI", "country": "US"},
             {"id": "b", "name": "Beijing Acadmy of AI", "threshold": 0.99},
             {"id": "c", "name": "Nettrix Information Industry", "country": "CN",
              "dob": None},
             {"id": "d", "name": "Beijing Academy of AI", "ids": ["X1234567"]}] * 20
    got = sample.screen_many(items, threads=2)
    for item, g in zip(items, got):
        if isinstance(item, str):
            assert g == sample.screen(item)
        else:
            kw = {k: v for k, v in item.items() if k not in ("id", "name") and v is not None}
            assert g == sample.screen(item["name"], **kw), item["id"]
    # the options differ between items and count: another country scores
    # lower, a higher threshold drops the alert
    assert got[0] and got[0] == got[5] and got[1] and got[1] != got[0] and got[2] == []


def test_screen_many_names_the_item_the_library_refused(sample):
    names = ["Nobody"] * 40 + ["x" * 100000] + ["Nobody"] * 40
    with pytest.raises(clearance.ClearanceError) as e:
        sample.screen_many(names, threads=2)
    assert "length limit" in str(e.value) and "xxxx" in str(e.value)
    assert e.value.code < 0


def test_threads_share_the_lists(sample):
    want = sample.screen("Beijing Academy of AI")
    bad = []

    def run():
        for _ in range(50):
            if sample.screen("Beijing Academy of AI") != want:
                bad.append(1)

    ts = [threading.Thread(target=run) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not bad and want


def test_from_index_gives_the_same_alerts(sample, tmp_path):
    clx = str(tmp_path / "sample.clx")
    p = cli("index", "build", "-q", "--list", SAMPLE, "-o", clx)
    assert p.returncode == 0, p.stderr
    with clearance.Lists.from_index(clx) as idx:
        assert len(idx) == len(sample)
        for name in ("Beijing Academy of AI", "Nettrix Information Industry", "Nobody"):
            assert idx.screen(name) == sample.screen(name)


def test_compare_equals_the_cli():
    p = cli("compare", "SMITH, John", "John Smith")
    assert p.returncode == 0
    assert clearance.compare("SMITH, John", "John Smith") == json.loads(p.stdout)
    assert clearance.compare("John Smith", "Maria Garcia")["match"] is False


def test_bad_paths_raise(tmp_path):
    with pytest.raises(clearance.ClearanceError) as e:
        clearance.Lists([str(tmp_path / "absent.csv")])
    assert "absent.csv" in str(e.value) and e.value.code < 0
    bad = tmp_path / "bad.csv"
    bad.write_text("_id,source,name\nx1,EL,Fine Name\nx2,EL,\"unterminated\n")
    with pytest.raises(clearance.ClearanceError) as e:
        clearance.Lists([str(bad)])
    assert "bad.csv" in str(e.value)
    with pytest.raises(clearance.ClearanceError):
        clearance.Lists.from_index(str(bad))
    with pytest.raises(clearance.ClearanceError):
        clearance.Lists.from_index(str(tmp_path / "absent.clx"))
    with pytest.raises(ValueError):
        clearance.Lists([])


def test_bad_arguments_raise(sample):
    with pytest.raises(ValueError):
        sample.screen("x", type="planet")
    with pytest.raises(ValueError):
        sample.screen("x", threshold=1.5)
    with pytest.raises(ValueError):
        sample.screen("x", threshold=0)
    with pytest.raises(TypeError):
        sample.screen(None)
    with pytest.raises(TypeError):
        sample.screen(42)
    with pytest.raises(ValueError):
        sample.screen("a\0b")
    with pytest.raises(TypeError):
        sample.screen("x", colour="blue")
    with pytest.raises(ValueError) as e:
        sample.screen("x", dob="31 Feb 1962")
    assert "dob" in str(e.value)
    with pytest.raises(TypeError):
        sample.screen_many([{"nom": "x"}])
    with pytest.raises(ValueError):
        sample.screen_many(["x"], threads=-1)
    with pytest.raises(TypeError):
        clearance.compare("a", None)


def test_evidence_reaches_the_scores(sample):
    plain = sample.screen("Beijing Academy of AI")
    ids = sample.screen("Beijing Academy of AI", ids=[{"type": "passport", "number": "X1234567"}])
    assert [a["entry_id"] for a in plain] == [a["entry_id"] for a in ids]


def test_closed_lists_raise(tmp_path):
    lists = clearance.Lists([SAMPLE])
    lists.close()
    with pytest.raises(ValueError):
        lists.screen("Beijing Academy of AI")
    with pytest.raises(ValueError):
        lists.entry("sample-el-0001")
    lists.close()  # twice is harmless


def test_the_module_asks_for_the_built_soname():
    p = subprocess.run(["readelf", "-d", os.environ["CLEARANCE_LIB"]], capture_output=True,
                       text=True, check=True)
    assert "[libclearance.so.%d]" % clearance.SOVERSION in p.stdout


def test_jurisdiction_picks_the_lists(sample):
    eu = os.path.join(REPO, "tests", "fixtures", "eu", "fsf.xml")
    with clearance.Lists([SAMPLE, eu]) as lists:
        every = lists.screen("Ibrahim al-Asiri")
        assert [a["jurisdiction"] for a in every] == ["EU"]
        assert lists.screen("Ibrahim al-Asiri", jurisdiction="US") == []
        assert lists.screen("Ibrahim al-Asiri", jurisdiction=["us", "EU"]) == every
        got = lists.screen_many(["Ibrahim al-Asiri",
                                 {"name": "Ibrahim al-Asiri", "jurisdiction": "US"},
                                 {"name": "Banco Nacional de Cuba", "jurisdiction": ["US"]}])
        assert got[0] == every and got[1] == [] and got[2][0]["jurisdiction"] == "US"
        with pytest.raises(ValueError) as e:
            lists.screen("x", jurisdiction="US,XX")
        assert "'XX'" in str(e.value)
