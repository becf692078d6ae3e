import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wardtui.core import search
from wardtui.core.search import initials, matches, normalize

hangul = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=12)
mixed = st.text(
    st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
        st.sampled_from("ㄱㄲㄴㄷㅁㅂㅅㅇㅈㅎㅏ가기길신0123456789 aAß%_'-"),
    ),
    max_size=10,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("신길 4동", "신길4동"),
        ("  SinGil\t\n", "singil"),
        ("Straße", "strasse"),
        ("문래\u200b동\x00\x7f", "문래동"),  # zero-width space (Cf) and control chars (Cc)
        ("신길\u3000로", "신길로"),  # ideographic space
        (unicodedata.normalize("NFD", "신길4동"), "신길4동"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("신길4동", "ㅅㄱ4ㄷ"),
        ("신길로41라길 13-8", "ㅅㄱㄹ41ㄹㄱ13-8"),
        ("까치 빵집", "ㄲㅊㅃㅈ"),
        ("힣가", "ㅎㄱ"),
        (unicodedata.normalize("NFD", "문래동"), "ㅁㄹㄷ"),
        ("ABC ㄱㅏ", "abcㄱㅏ"),
    ],
)
def test_initials(text: str, expected: str) -> None:
    assert initials(text) == expected


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("ㅅㄱ4", ("신길4동",)),
        ("ㅁㄹ", ("문래동",)),
        ("ㅁㄹ", ("문래동자치회관",)),
        ("신길 4", ("신길4동",)),
        ("SINGIL", ("singil",)),
        ("로61", ("신길로61길 17",)),
        ("문래동", ("도림로141가길 16", "문래동자치회관")),
        ("신기", ("신길",)),  # typing in progress: final consonant not yet entered
        ("신ㄱ", ("신길4동",)),
        ("ㄱ4", ("신길4동",)),
        ("자치회", ("문래동자치회관",)),
        ("ㅈㅊㅎ관", ("문래동자치회관",)),
        ("", ("아무거나",)),
        ("   ", ()),
        ("", ()),
        ("ㄱ", ("ㄱ자 도로",)),  # a literal jamo still matches itself
        ("%", ("100% 달성",)),
        ("_", ("a_b",)),
        ("'20", ("'20. 3.",)),
        ("문래", (None, "", "문래동")),
        (unicodedata.normalize("NFD", "신길"), ("신길4동",)),
        ("신길", (unicodedata.normalize("NFD", "신길4동"),)),
        ("ㅎ", ("힣",)),
        ("ㄲ", ("꿈",)),
        ("하", ("핳",)),
    ],
)
def test_matches(query: str, fields: tuple[str | None, ...]) -> None:
    assert matches(query, *fields)


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("ㅅㄱ4", ("신길5동",)),
        ("ㅅㄱ4", ("신길로41라길 13-8",)),  # initials ㅅㄱㄹ41…: ㄹ sits between
        ("ㅁㄹ", ("도림로141가길 16",)),
        ("신기", ("신가",)),
        ("시기", ("신길",)),  # only the LAST syllable may lack its final consonant
        ("길", ("기",)),  # a final consonant in the query must be there
        ("ㄱ", ("ㄲ",)),  # tense consonants are distinct initials
        ("ㄱ", ("까",)),
        ("가", ("ㄱ",)),
        ("문래", (None, "")),
        ("문래", ()),
        ("%", ("100 달성",)),
        ("_", ("ab",)),
        ("'", ("ab",)),
        (".", ("ab",)),  # not a regex wildcard
        ("[ㄱ]", ("가",)),
        ("ㅅㄱ44", ("신길4동",)),
        ("ㄴ", ("ㄳ",)),
    ],
)
def test_does_not_match(query: str, fields: tuple[str | None, ...]) -> None:
    assert not matches(query, *fields)


def test_long_inputs_never_take_a_quadratic_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A regular expression is only built for a query of at most 64 characters, and it is a
    fixed row of one-character atoms (no quantifier, so at most len(query) steps per start);
    a longer query goes through the linear Shift-And. This holds on any machine; how fast
    it is, is `python -m bench`'s to show.
    """
    cases = [
        ("ㄱ" * 5000 + "x", "가" * 10_000, False),
        ("ㄱ" * 5000 + "x", "가" * 9_999 + "x", True),
        ("ㄱ" * 60 + "x", "가" * 9_999 + "x", True),
        ("ㄱ" * 70 + "x", "abc" + "가" * 80 + "xyz", True),  # long query: Shift-And path
        ("ㄱ" * 70 + "기", "abc" + "가" * 80 + "깋", True),
        ("ㄱ" * 70 + "기", "abc" + "가" * 80 + "각", False),
        ("가" * 4999 + "각", "가" * 10_000, False),
        ("a" * 5000 + "b", "a" * 10_000, False),
        ("x" * 10_000, "신길", False),
        ("ㅅ", "x" * 10_000, False),
        ("\x00" * 10_000, "a", True),  # normalises to the empty query
        ("%_'" * 3000, "%_'" * 3400, True),
    ]
    compiled: list[str] = []
    shifted: list[str] = []
    compile_, shift_and = search._compile, search._shift_and

    def watched_compile(needle: str) -> re.Pattern[str]:
        compiled.append(needle)
        return compile_(needle)

    def watched_shift_and(needle: str, hay: str) -> bool:
        shifted.append(needle)
        return shift_and(needle, hay)

    monkeypatch.setattr(search, "_compile", watched_compile)
    monkeypatch.setattr(search, "_shift_and", watched_shift_and)
    for query, field, expected in cases:
        compiled.clear()
        shifted.clear()
        assert matches(query, field) is expected, query[:10]
        assert all(len(n) <= REGEX_MAX_QUERY for n in compiled), query[:10]
        for n in compiled:
            atoms = ONE_CHARACTER_ATOM.findall(compile_(n).pattern)
            assert "".join(atoms) == compile_(n).pattern and len(atoms) == len(n), compile_(n).pattern[:40]
    # Both paths were taken above: the checks are not vacuous.
    for query, field, _ in cases[2:6]:
        compiled.clear()
        shifted.clear()
        matches(query, field)
        long = len(normalize(query)) > REGEX_MAX_QUERY
        assert (compiled, shifted) == (([], [normalize(query)]) if long else ([normalize(query)], [])), query[:10]


#: The longest query a regular expression is built for: its search costs at most this many
#: steps per character of the field.
REGEX_MAX_QUERY = 64
#: One character of the haystack: a class like [ㅅ사-싷], an escaped character, or a plain one.
ONE_CHARACTER_ATOM = re.compile(r"\[[^\]]+\]|\\.|[^\\\[\]*+?{}()|.^$]")


def test_a_query_is_compiled_once_however_often_it_is_matched() -> None:
    """Typing the same query over many fields reuses its pattern (how fast that is, is
    `python -m bench`'s case 2 to show)."""
    fields = ["신길로61길 17", "문래동자치회관", "02-2670-1234", "도림로141가길 16", None] * 5
    matches("ㅅㄱ9", *fields)
    before = search._compile.cache_info()
    for _ in range(200):
        assert not matches("ㅅㄱ9", *fields)
    after = search._compile.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 200


@settings(max_examples=200, deadline=None)
@given(x=hangul, data=st.data())
def test_initials_slice_matches(x: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(x) - 1))
    j = data.draw(st.integers(i + 1, len(x)))
    assert matches(initials(x)[i:j], x)


@settings(max_examples=200, deadline=None)
@given(x=hangul, data=st.data())
def test_substring_and_prefix_syllable_match(x: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(x) - 1))
    j = data.draw(st.integers(i + 1, len(x)))
    assert matches(x[i:j], x)
    last = ord(x[j - 1])
    open_last = chr(last - (last - 0xAC00) % 28)  # the syllable before its final consonant
    assert matches(x[i : j - 1] + open_last, x)


@settings(max_examples=200, deadline=None)
@given(query=mixed, field=mixed)
def test_nfd_and_nfc_give_same_answer(query: str, field: str) -> None:
    expected = matches(query, field)
    assert matches(unicodedata.normalize("NFD", query), field) is expected
    assert matches(query, unicodedata.normalize("NFD", field)) is expected


@settings(max_examples=200, deadline=None)
@given(query=mixed.filter(lambda q: normalize(q)), field=mixed)
def test_regex_and_shift_and_agree(query: str, field: str) -> None:
    needle, hay = normalize(query), normalize(field)
    assert (search._compile(needle).search(hay) is not None) is search._shift_and(needle, hay)


@pytest.mark.parametrize("module", ["wardtui.core.search", "wardtui.core.dates", "wardtui.core.money"])
def test_core_modules_import_stdlib_only(module: str) -> None:
    import ast
    import importlib
    import inspect
    import sys

    tree = ast.parse(inspect.getsource(importlib.import_module(module)))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name.split(".")[0] for name in names} <= set(sys.stdlib_module_names)
