"""clearance - export-control screening from Python, over libclearance.

A thin ctypes layer over the shared library (no compiled extension): the
library does the work, with the GIL released for every call, so that
``Lists.screen_many`` screens on every core.  Results are the dicts of the
``clearance batch`` output's alerts; errors are ``ClearanceError`` carrying
the library's message.  The library is ``libclearance.so.<major>`` found by
the dynamic loader, or the file ``$CLEARANCE_LIB`` names.

    >>> import clearance
    >>> lists = clearance.Lists(["consolidated.csv"])
    >>> [a["entry_id"] for a in lists.screen("Beijing Academy of AI")]
    ['el-ecfr-2026-07-00234']
"""
import ctypes
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

__all__ = ["ClearanceError", "Lists", "compare", "version", "SOVERSION"]

SOVERSION = 0  # the soname's major this module was written for (docs/abi.md)

_LENIENT = 1
_TYPES = ("person", "individual", "entity", "vessel", "aircraft")
_EVIDENCE = ("dob", "nationality", "ids", "imo", "address", "city")
_EVIDENCE_KEYS = frozenset(_EVIDENCE)
_OPTIONS = ("type", "country", "threshold", "jurisdiction")
_DEFAULT_THRESHOLD = 0.80


class ClearanceError(Exception):
    """An error the library reported: .code is its clr_err (negative), the
    message is the library's (file, line and field for bad input)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _load_library():
    path = os.environ.get("CLEARANCE_LIB")
    if path:
        return ctypes.CDLL(path)
    name = "libclearance.so.%d" % SOVERSION
    try:
        return ctypes.CDLL(name)
    except OSError as first:
        # installed under a prefix the loader does not search: the library
        # is in PREFIX/lib beside PREFIX/lib/python3*/*-packages/clearance
        here = os.path.dirname(os.path.abspath(__file__))
        for up in ("../../..", "../../../.."):
            candidate = os.path.normpath(os.path.join(here, up, name))
            if os.path.exists(candidate):
                return ctypes.CDLL(candidate)
        raise first


_lib = _load_library()
# The same library through a handle whose calls keep the GIL: for the calls
# that take microseconds (frees), where handing the GIL to another thread
# and taking it back would cost more than the call.
_lib_gil = ctypes.PyDLL(_lib._name, handle=_lib._handle)

_p = ctypes.c_void_p
_z = ctypes.c_char_p


class _QueryId(ctypes.Structure):
    _fields_ = [("type", _z), ("number", _z), ("country", _z)]


class _ScreenOpts(ctypes.Structure):
    """clr_screen_opts of include/clearance.h (its layout is part of the ABI
    the committed dump pins down)."""
    _fields_ = [
        ("threshold", ctypes.c_double),
        ("type", ctypes.c_int),
        ("country", _z),
        ("exhaustive", ctypes.c_int),
        ("max_alerts", ctypes.c_size_t),
        ("dob", _z),
        ("nationality", _z),
        ("ids", ctypes.POINTER(_QueryId)),
        ("nids", ctypes.c_size_t),
        ("imo", _z),
        ("address", _z),
        ("city", _z),
        ("jurisdictions", _z),  # since 0.2.0, from the reserve
        ("listed_by", _z),
        ("ungrouped", ctypes.c_int),
        ("reserved_", _p * 5),
    ]


class _Alert(ctypes.Structure):  # the leading fields of clr_alert
    _fields_ = [("entry", _p), ("name_index", ctypes.c_size_t), ("score", ctypes.c_double)]


class _Result(ctypes.Structure):  # the leading fields of clr_result
    _fields_ = [("nalerts", ctypes.c_size_t), ("alerts", ctypes.POINTER(_Alert))]


def _fn(name, restype, *argtypes, keep_gil=False):
    f = getattr(_lib_gil if keep_gil else _lib, name)
    f.restype = restype
    f.argtypes = argtypes
    return f


_version = _fn("clr_version", _z)
_strerror = _fn("clr_strerror", _z, ctypes.c_int)
_db_new = _fn("clr_db_new", ctypes.c_int, ctypes.POINTER(_p))
_db_free = _fn("clr_db_free", None, _p)
_db_load = _fn("clr_db_load", ctypes.c_int, _p, _z, ctypes.c_uint)
_db_open_index = _fn("clr_db_open_index", ctypes.c_int, _p, _z)
_db_prepare = _fn("clr_db_prepare", ctypes.c_int, _p)
_db_errmsg = _fn("clr_db_errmsg", _z, _p)
_db_entry_count = _fn("clr_db_entry_count", ctypes.c_size_t, _p)
_db_find = _fn("clr_db_find", _p, _p, _z)
_entry_json = _fn("clr_entry_json", ctypes.c_int, _p, ctypes.POINTER(_p))
_type_parse = _fn("clr_type_parse", ctypes.c_int, _z, keep_gil=True)
_opts_init = _fn("clr_screen_opts_init", None, ctypes.POINTER(_ScreenOpts), keep_gil=True)
_opts_check = _fn("clr_screen_opts_check", ctypes.c_int, ctypes.POINTER(_ScreenOpts),
                  ctypes.c_char_p, ctypes.c_size_t, keep_gil=True)
_screener_new = _fn("clr_screener_new", ctypes.c_int, ctypes.POINTER(_p), _p)
_screener_free = _fn("clr_screener_free", None, _p)
_screener_errmsg = _fn("clr_screener_errmsg", _z, _p)
_screen = _fn("clr_screen", ctypes.c_int, _p, ctypes.POINTER(_ScreenOpts), _z,
              ctypes.POINTER(ctypes.POINTER(_Result)))
_compare = _fn("clr_compare", ctypes.c_int, _p, ctypes.c_int, _z, _z,
               ctypes.POINTER(ctypes.POINTER(_Result)))
_result_free = _fn("clr_result_free", None, ctypes.POINTER(_Result), keep_gil=True)
_alerts_json = _fn("clr_result_alerts_json", ctypes.c_int, ctypes.POINTER(_Result),
                   ctypes.POINTER(_p))
_screen_many = _fn("clr_screen_many_json", ctypes.c_int, _p,
                   ctypes.POINTER(ctypes.POINTER(_ScreenOpts)), ctypes.POINTER(_z),
                   ctypes.c_size_t, ctypes.POINTER(_p), ctypes.POINTER(ctypes.c_size_t))
_explain_json = _fn("clr_alert_explain_json", ctypes.c_int, ctypes.POINTER(_Alert),
                    ctypes.POINTER(_p))
_libc = ctypes.PyDLL(None)
_free = _libc.free
_free.restype = None
_free.argtypes = [_p]


def version():
    """The version of the library loaded (what `clearance --version` says)."""
    return _version().decode()


def _text(what, value):
    if not isinstance(value, str):
        raise TypeError("%s: expected a str, got %s" % (what, type(value).__name__))
    b = value.encode("utf-8")
    if b"\0" in b:
        raise ValueError("%s: contains a NUL character" % what)
    return b


def _take_json(rc, out, errmsg):
    """The JSON document *out the library wrote (then freed), or raises.
    This is the part of a screen that holds the GIL: kept short."""
    if rc < 0:
        raise ClearanceError(rc, errmsg())
    try:
        text = ctypes.string_at(out.value)
        return [] if text == b"[]" else json.loads(text)
    finally:
        _free(out)


class _Query:
    """A screen's options as the library takes them; keeps the bytes alive."""

    def __init__(self, type=None, country=None, threshold=None, jurisdiction=None, **evidence):
        unknown = set(evidence) - set(_EVIDENCE)
        if unknown:
            raise TypeError("unknown argument(s): %s (evidence: %s)"
                            % (", ".join(sorted(unknown)), ", ".join(_EVIDENCE)))
        self.opts = _ScreenOpts()
        self.ref = ctypes.byref(self.opts)
        self.ptr = ctypes.pointer(self.opts)
        _opts_init(self.ref)
        if threshold is not None:
            if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
                    or not 0 < threshold <= 1:
                raise ValueError("threshold: expected a number in (0, 1], got %r" % (threshold,))
            self.opts.threshold = float(threshold)
        if type is not None:
            t = _text("type", type)
            if type.lower() not in _TYPES:
                raise ValueError("type: expected person, entity, vessel or aircraft, got %r"
                                 % (type,))
            self.opts.type = _type_parse(t)
        if country is not None:
            self.opts.country = _text("country", country)
        if jurisdiction is not None:
            if not isinstance(jurisdiction, str):
                jurisdiction = ",".join(jurisdiction)
            self.opts.jurisdictions = _text("jurisdiction", jurisdiction)
        for k in ("dob", "nationality", "imo", "address", "city"):
            if evidence.get(k) is not None:
                setattr(self.opts, k, _text(k, evidence[k]))
        ids = evidence.get("ids")
        if ids:
            if isinstance(ids, (str, dict)):
                ids = [ids]
            arr = (_QueryId * len(ids))()
            for i, q in enumerate(ids):
                if isinstance(q, str):
                    q = {"number": q}
                if not isinstance(q, dict) or "number" not in q:
                    raise TypeError("ids: expected numbers or dicts with a 'number'")
                arr[i].number = _text("ids number", q["number"])
                if q.get("type") is not None:
                    arr[i].type = _text("ids type", q["type"])
                if q.get("country") is not None:
                    arr[i].country = _text("ids country", q["country"])
            self.ids = arr
            self.opts.ids = arr
            self.opts.nids = len(ids)
        if jurisdiction is not None or any(evidence.get(k) is not None for k in _EVIDENCE):
            # what clr_screen would refuse, refused here with its message
            msg = ctypes.create_string_buffer(512)
            rc = _opts_check(ctypes.byref(self.opts), msg, len(msg))
            if rc < 0:
                raise ValueError(msg.value.decode("utf-8", "replace"))


class _Screener:
    """One clr_screener: a thread's scratch space over a prepared db."""

    def __init__(self, db):
        s = _p()
        rc = _screener_new(ctypes.byref(s), db)
        if rc < 0:
            raise ClearanceError(rc, _strerror(rc).decode())
        self.s = s
        # out-parameters reused by every call (a screener is one thread's)
        self.r = ctypes.POINTER(_Result)()
        self.rref = ctypes.byref(self.r)
        self.out = _p()
        self.outref = ctypes.byref(self.out)
        self.failed = ctypes.c_size_t()

    def close(self):
        if self.s:
            _screener_free(self.s)
            self.s = None

    def errmsg(self):
        return _screener_errmsg(self.s).decode("utf-8", "replace")

    def screen(self, name, q):
        b = _text("name", name)
        rc = _screen(self.s, q.ref, b, self.rref)
        if rc < 0:
            raise ClearanceError(rc, "%r: %s" % (name, self.errmsg()))
        try:
            return _take_json(_alerts_json(self.r, self.outref), self.out, self.errmsg)
        finally:
            _result_free(self.r)

    def screen_chunk(self, names, queries):
        """The alerts of each name (bytes) with its _Query, in one library
        call: the interpreter's lock is free while the chunk is screened and
        held once to read the answers."""
        k = len(names)
        rc = _screen_many(self.s, (ctypes.POINTER(_ScreenOpts) * k)(*[q.ptr for q in queries]),
                          (_z * k)(*names), k, self.outref, ctypes.byref(self.failed))
        if rc < 0:
            raise ClearanceError(rc, "%r: %s" % (names[self.failed.value].decode("utf-8"),
                                                 self.errmsg()))
        try:
            return json.loads(ctypes.string_at(self.out.value))
        finally:
            _free(self.out)

    def compare(self, a, b, type=None, threshold=None):
        q = _Query(type=type, threshold=threshold)
        r = ctypes.POINTER(_Result)()
        rc = _compare(self.s, q.opts.type, _text("a", a), _text("b", b), ctypes.byref(r))
        if rc < 0:
            raise ClearanceError(rc, self.errmsg())
        try:
            alert = r.contents.alerts[0]
            out = _p()
            explain = _take_json(_explain_json(ctypes.byref(alert), ctypes.byref(out)), out,
                                 self.errmsg)
            t = q.opts.threshold if q.opts.threshold > 0 else _DEFAULT_THRESHOLD
            # rounded as `clearance compare` prints it
            return {"score": round(alert.score, 4), "match": alert.score + 1e-6 >= t,
                    "explain": explain}
        finally:
            _result_free(r)


class Lists:
    """Screening lists loaded into the library: files or folders of any
    format it reads (CSL CSV/JSON, OFAC CSV, DPL, UN XML), or a compiled
    index (Lists.from_index).  Thread-safe: each thread screens with its own
    screener over the shared, prepared lists."""

    def __init__(self, paths, lenient=False, _index=None):
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = [os.fspath(p) for p in paths]
        if not paths and _index is None:
            raise ValueError("Lists: no list path given")
        db = _p()
        rc = _db_new(ctypes.byref(db))
        if rc < 0:
            raise ClearanceError(rc, _strerror(rc).decode())
        self._db = db
        self._lock = threading.Lock()
        self._screeners = []
        self._idle = []  # screen_many's screeners between calls
        self._local = threading.local()
        try:
            if _index is not None:
                self._check(_db_open_index(db, _text("path", _index)))
            for p in paths:
                self._check(_db_load(db, _text("path", p), _LENIENT if lenient else 0))
            self._check(_db_prepare(db))
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_index(cls, path):
        """Lists from a compiled index file (`clearance index build`)."""
        return cls([], _index=os.fspath(path))

    def _check(self, rc):
        if rc < 0:
            raise ClearanceError(rc, _db_errmsg(self._db).decode("utf-8", "replace"))

    def _new_screener(self):
        with self._lock:
            if not self._db:
                raise ValueError("Lists: closed")
            s = _Screener(self._db)
            self._screeners.append(s)
            return s

    def _screener(self):
        s = getattr(self._local, "s", None)
        if s is None or s.s is None:
            s = self._local.s = self._new_screener()
        return s

    def close(self):
        """Frees the lists and every screener (also done when collected)."""
        with self._lock:
            for s in self._screeners:
                s.close()
            self._screeners = []
            self._idle = []
            if self._db:
                _db_free(self._db)
                self._db = None

    def __del__(self):
        if getattr(self, "_db", None):
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __len__(self):
        return _db_entry_count(self._db) if self._db else 0

    def _require(self):
        if not self._db:
            raise ValueError("Lists: closed")
        return self._db

    def entry(self, entry_id):
        """One listed entry as a dict (as `clearance show` prints it), or None."""
        e = _db_find(self._require(), _text("entry_id", entry_id))
        if not e:
            return None
        out = _p()
        return _take_json(_entry_json(e, ctypes.byref(out)), out, lambda: "entry_json failed")

    def screen(self, name, type=None, country=None, threshold=None, jurisdiction=None,
               **evidence):
        """The alerts for one name, best first: dicts with the keys of the
        batch output's alerts.  jurisdiction: the lists that apply, "US,UK"
        or ["US", "UK"] (US, UN, EU, UK, CA, AU, JP; default every list).
        Evidence: dob, nationality, ids (numbers or {"type", "number",
        "country"} dicts), imo, address, city."""
        q = _Query(type=type, country=country, threshold=threshold,
                   jurisdiction=jurisdiction, **evidence)
        return self._screener().screen(name, q)

    def _prepare(self, item, threshold, shared):
        """A screen_many item as (name bytes, _Query); items without evidence
        that share their options share one _Query."""
        if isinstance(item, str):
            name, key = item, (None, None, threshold, None)
        elif isinstance(item, dict) and "name" in item:
            name = item["name"]
            if not _EVIDENCE_KEYS.isdisjoint(item) and \
                    any(item[k] is not None for k in _EVIDENCE_KEYS.intersection(item)):
                kw = {k: item[k] for k in _OPTIONS + _EVIDENCE if item.get(k) is not None}
                kw.setdefault("threshold", threshold)
                return _text("name", name), _Query(**kw)
            t, j = item.get("threshold"), item.get("jurisdiction")
            key = (item.get("type"), item.get("country"), threshold if t is None else t,
                   j if j is None or isinstance(j, str) else ",".join(j))
        else:
            raise TypeError("screen_many: expected names or dicts with a 'name'")
        q = shared.get(key)
        if q is None:
            q = shared[key] = _Query(type=key[0], country=key[1], threshold=key[2],
                                     jurisdiction=key[3])
        return _text("name", name), q

    def _take_screener(self):
        """An idle screener of these lists, or a new one: a screener keeps
        its scratch space and transliterator between calls."""
        with self._lock:
            if not self._db:
                raise ValueError("Lists: closed")
            if self._idle:
                return self._idle.pop()
        return self._new_screener()

    def _give_screener(self, s):
        with self._lock:
            if s in self._screeners:
                self._idle.append(s)

    def screen_many(self, queries, threads=None, threshold=None):
        """The alerts of each query, in input order, screened on `threads`
        threads (default: every core).  A query is a name or a dict with a
        "name" and any of screen()'s arguments (other keys, such as "id",
        are ignored)."""
        items = queries if isinstance(queries, (list, tuple)) else list(queries)
        n = threads or os.cpu_count() or 1
        if n < 1:
            raise ValueError("threads: expected at least 1")
        n = min(n, max(1, len(items)))
        out = [None] * len(items)
        shared = {}
        # small chunks: a thread that has screened one waits for the lock at
        # most while the other reads the answers of one (about 0.3 ms); each
        # thread prepares its own chunks, beside the other's screening
        chunk = 32
        cursor = iter(range(0, len(items), chunk))
        take = threading.Lock()

        def work():
            s = self._take_screener()
            try:
                while True:
                    with take:
                        start = next(cursor, None)
                    if start is None:
                        return
                    end = min(start + chunk, len(items))
                    prepared = [self._prepare(x, threshold, shared) for x in items[start:end]]
                    out[start:end] = s.screen_chunk([p[0] for p in prepared],
                                                    [p[1] for p in prepared])
            finally:
                self._give_screener(s)

        if n == 1:
            work()
            return out
        with ThreadPoolExecutor(max_workers=n) as pool:
            for f in [pool.submit(work) for _ in range(n)]:
                f.result()
        return out

    def compare(self, a, b, type=None, threshold=None):
        """Two names against each other with these lists' token weights."""
        return self._screener().compare(a, b, type=type, threshold=threshold)


_neutral = threading.local()


def compare(a, b, type=None, threshold=None):
    """Scores two names against each other (built-in weights), as `clearance
    compare` does: {"score", "match", "explain"}."""
    s = getattr(_neutral, "s", None)
    if s is None:
        s = _neutral.s = _Screener(None)
    return s.compare(a, b, type=type, threshold=threshold)
