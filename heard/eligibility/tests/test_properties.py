"""Property tests: any valid answers give the contract's shape, and more
information never reopens a ``not_eligible`` decision."""

from __future__ import annotations

import copy
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from heard.eligibility import InvalidAnswers, assess, validate
from heard.eligibility.answers import FIELDS, SCHEMA, Choice, Flag, Group, Whole
from heard.eligibility.rules import TYPES

SETTINGS = settings(max_examples=300, deadline=None)

# Values either side of every threshold in the rules, plus anything else.
AGES = st.one_of(st.sampled_from([0, 15, 16, 17, 18, 25, 26, 130]), st.integers(0, 130))
DAYS = st.one_of(st.sampled_from([0, 28, 29, 56, 57, 84, 85]), st.integers(0, 10_000))


def value_strategy(name: str, spec) -> st.SearchStrategy:
    if isinstance(spec, Choice):
        return st.sampled_from(spec.values)
    if isinstance(spec, Flag):
        return st.booleans()
    if isinstance(spec, Whole):
        return AGES if name == "age" else DAYS
    raise TypeError(spec)


def leaf_spec(dotted: str):
    top, _, inner = dotted.partition(".")
    spec = SCHEMA[top]
    return spec.fields[inner] if inner else spec


def leaf_values(dotted: str) -> st.SearchStrategy:
    return value_strategy(dotted.rpartition(".")[2], leaf_spec(dotted))


def answers_strategy() -> st.SearchStrategy[dict]:
    """Valid answers: each field absent, null or a valid value; groups likewise."""
    optional = {}
    for name, spec in SCHEMA.items():
        if isinstance(spec, Group):
            inner = {k: st.none() | value_strategy(k, v) for k, v in spec.fields.items()}
            optional[name] = st.none() | st.fixed_dictionaries({}, optional=inner)
        else:
            optional[name] = st.none() | value_strategy(name, spec)
    optional["as_of"] = st.none() | st.dates(date(1999, 1, 1), date(2035, 12, 31)).map(
        date.isoformat
    )
    optional["some_extra_field"] = st.text(max_size=5)
    return st.fixed_dictionaries({}, optional=optional)


def known(answers: dict, dotted: str) -> bool:
    top, _, inner = dotted.partition(".")
    value = answers.get(top)
    if inner:
        return isinstance(value, dict) and value.get(inner) is not None
    return value is not None


def set_field(answers: dict, dotted: str, value) -> dict:
    result = copy.deepcopy(answers)
    top, _, inner = dotted.partition(".")
    if inner:
        if not isinstance(result.get(top), dict):
            result[top] = {}
        result[top][inner] = value
    else:
        result[top] = value
    return result


@SETTINGS
@given(answers_strategy())
def test_valid_answers_never_crash_and_keep_the_contract(answers):
    assert validate(answers) == []
    out = assess(answers)
    assert list(out) == ["rules_version", "as_of", "results"]
    assert out["rules_version"] == "2026.1"
    date.fromisoformat(out["as_of"])
    assert [r["type"] for r in out["results"]] == list(TYPES)
    for res in out["results"]:
        assert list(res) == ["type", "decision", "duty", "reasons", "citations", "missing"]
        assert res["reasons"]
        if res["decision"] == "eligible":
            assert res["duty"] in {"must", "may"}
            assert res["citations"]
            assert res["missing"] == []
        elif res["decision"] == "not_eligible":
            assert res["duty"] == "none"
            assert res["missing"] == []
        else:
            assert res["decision"] == "need_more_information"
            assert res["duty"] == "none"
            assert res["missing"]
        assert len(set(res["missing"])) == len(res["missing"])
        assert res["missing"] == sorted(res["missing"], key=FIELDS.index)
    json.dumps(out)  # serialisable as-is


@SETTINGS
@given(answers_strategy(), st.data())
def test_adding_information_never_reopens_not_eligible(answers, data):
    answers = {k: v for k, v in answers.items() if k != "as_of"}
    answers["as_of"] = "2026-01-05"
    unknown = [f for f in FIELDS if not known(answers, f)]
    if not unknown:
        return
    field = data.draw(st.sampled_from(unknown), label="field")
    more = set_field(answers, field, data.draw(leaf_values(field), label="value"))
    before = {r["type"]: r["decision"] for r in assess(answers)["results"]}
    after = {r["type"]: r["decision"] for r in assess(more)["results"]}
    for type_code in TYPES:
        if before[type_code] == "not_eligible":
            assert after[type_code] != "need_more_information", (type_code, field)


@SETTINGS
@given(answers_strategy(), st.data())
def test_answering_a_missing_field_is_progress(answers, data):
    """Each field named in ``missing`` matters: some value for it changes something."""
    answers["as_of"] = "2026-01-05"
    results = {r["type"]: r for r in assess(answers)["results"]}
    open_types = [t for t in TYPES if results[t]["missing"]]
    if not open_types:
        return
    type_code = data.draw(st.sampled_from(open_types), label="type")
    field = data.draw(st.sampled_from(results[type_code]["missing"]), label="field")
    assert not known(answers, field)
    spec = leaf_spec(field)
    candidates = (
        list(spec.values)
        if isinstance(spec, Choice)
        else [True, False]
        if isinstance(spec, Flag)
        else [0, 15, 16, 17, 18, 25, 26, 28, 29, 56, 57, 84, 85, 130]
    )
    changed = False
    for value in candidates:
        res = next(
            r for r in assess(set_field(answers, field, value))["results"] if r["type"] == type_code
        )
        if (res["decision"], res["missing"]) != (
            results[type_code]["decision"],
            results[type_code]["missing"],
        ):
            changed = True
            break
    assert changed, (type_code, field)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
FIELD_NAMES = st.sampled_from([*SCHEMA, "as_of"])


@SETTINGS
@given(
    st.one_of(
        JSON,
        st.dictionaries(FIELD_NAMES, JSON, max_size=6),
        st.dictionaries(
            FIELD_NAMES,
            st.dictionaries(
                st.sampled_from(["stage", "rpr", "status", "setting", "expected_stay_days"]),
                JSON,
            ),
            max_size=4,
        ),
    )
)
def test_any_json_is_either_assessed_or_rejected_cleanly(value):
    errors = validate(value)
    try:
        assess(value)
    except InvalidAnswers as invalid:
        assert invalid.errors == errors
        assert errors
        for error in errors:
            assert list(error) == ["field", "message"]
            assert error["message"]
    else:
        assert errors == []
