"""`plan check` says which limit a valid JSON file broke, and keeps long values short in messages."""
from __future__ import annotations

import json
import sys

import pytest

from tests.cli.test_plan_check import _check_exit_2, run_runner
from tests.conftest import EXAMPLE_PLAN


@pytest.fixture(scope="module")
def flask_app():
    from app import create_app
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def check(flask_app, tmp_path, text: str):
    path = tmp_path / "plan.json"
    path.write_text(text)
    return str(path), run_runner(flask_app, [str(path)])


def example_with(path_in_plan: str, raw_json_value: str) -> str:
    """The example plan with one value replaced by raw JSON text (which json.dumps could not write)."""
    document = json.loads(EXAMPLE_PLAN.read_text())
    marker = "__VALUE__"
    section, key = path_in_plan.split(".")
    document[section][key] = marker
    return json.dumps(document).replace(f'"{marker}"', raw_json_value)


def test_a_number_of_5000_digits_is_valid_json_and_the_message_says_which_limit(flask_app, tmp_path):
    path, outcome = check(flask_app, tmp_path, example_with("exchange.service_pack", "7" * 5000))
    _check_exit_2(outcome, path, "5,000 digits")
    line = outcome.stderr
    assert "not valid JSON" not in line
    assert f"{sys.get_int_max_str_digits():,}" in line and "whole number" in line
    assert "7" * 100 not in line


def test_a_deeply_nested_document_is_valid_json_and_the_message_says_which_limit(flask_app, tmp_path):
    path, outcome = check(flask_app, tmp_path, example_with("cluster.name", "[" * 100_000 + "]" * 100_000))
    _check_exit_2(outcome, path, "nested")
    assert "not valid JSON" not in outcome.stderr and "levels" in outcome.stderr
    assert len(outcome.stderr) < 400


def test_a_number_of_400_digits_is_shortened_in_the_message(flask_app, tmp_path):
    path, outcome = check(flask_app, tmp_path, example_with("exchange.service_pack", "9" * 400))
    _check_exit_2(outcome, path, "exchange.service_pack")
    assert "9" * 100 not in outcome.stderr
    assert "is outside 0-3" in outcome.stderr and len(outcome.stderr) < 300


def test_a_value_nested_deeply_inside_a_known_key_is_shown_short(flask_app, tmp_path):
    path, outcome = check(flask_app, tmp_path, example_with("cluster.name", "[" * 900 + "]" * 900))
    _check_exit_2(outcome, path, "cluster.name")
    assert "is not a string" in outcome.stderr and len(outcome.stderr) < 300


def test_invalid_json_is_still_called_invalid_json_with_its_place(flask_app, tmp_path):
    path, outcome = check(flask_app, tmp_path, '{"format": ')
    _check_exit_2(outcome, path, "not valid JSON (line 1, column")
