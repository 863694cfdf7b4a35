"""``rumbo plan render`` and ``rumbo plan example``, next to ``path`` and ``show``."""

from __future__ import annotations

import json

import pytest

from rumbo.data import plan as plan_file
from rumbo.apps.cli import main


def test_example_writes_a_complete_plan(tmp_path, capsys):
    out = tmp_path / "demo" / "plan.json"
    assert main(["plan", "example", "cosmetica", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    saved = plan_file.load_plan(out)
    assert set(plan_file.SECTIONS) <= set(saved)
    assert saved["profile"]["name"] == "Ilargi Cosmética Natural"


def test_example_in_english(tmp_path):
    out = tmp_path / "plan.json"
    assert main(["plan", "example", "panaderia", "--out", str(out), "--lang", "en"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["language"] == "en"


def test_example_of_an_unknown_business_is_a_message(tmp_path, capsys):
    assert main(["plan", "example", "zapateria", "--out", str(tmp_path / "p.json")]) == 1
    assert "No existe el negocio" in capsys.readouterr().err
    assert not (tmp_path / "p.json").exists()


@pytest.mark.parametrize("to", ["html", "md", "pdf"])
def test_render_each_format_with_the_calendar(tmp_path, capsys, to):
    plan = tmp_path / "plan.json"
    main(["plan", "example", "ferreteria", "--out", str(plan)])
    capsys.readouterr()
    assert main(["plan", "render", str(plan), "--to", to, "--out", str(tmp_path / "doc")]) == 0
    printed = capsys.readouterr().out.split()
    document = tmp_path / "doc" / f"mi_plan.{to}"
    assert printed == [str(document), str(tmp_path / "doc" / "mi_rutina.ics")]
    content = document.read_bytes()
    assert content.startswith(b"%PDF") if to == "pdf" else "Ferretería El Tornillo".encode() in content


def test_render_in_english_without_calendar(tmp_path, capsys):
    plan = tmp_path / "plan.json"
    main(["plan", "example", "panaderia", "--out", str(plan)])
    capsys.readouterr()
    assert main(["plan", "render", str(plan), "--to", "md", "--out", str(tmp_path),
                 "--lang", "en", "--no-calendar"]) == 0
    assert "# Social media plan" in (tmp_path / "mi_plan.md").read_text(encoding="utf-8")
    assert not (tmp_path / "mi_rutina.ics").exists()


def test_render_a_plan_from_an_older_schema(tmp_path):
    old = tmp_path / "viejo.json"
    old.write_text(json.dumps({"name": "Zapatería Íñigo", "hours_per_week": 2, "currency": "EUR"}),
                   encoding="utf-8")
    assert main(["plan", "render", str(old), "--to", "html", "--out", str(tmp_path)]) == 0
    html = (tmp_path / "mi_plan.html").read_text(encoding="utf-8")
    assert "Zapatería Íñigo" in html and "Por hacer (módulo 1)" in html


def test_render_a_corrupt_plan_sets_it_aside(tmp_path, capsys):
    bad = tmp_path / "mi_plan.json"
    bad.write_text("{no es json", encoding="utf-8")
    assert main(["plan", "render", str(bad), "--out", str(tmp_path / "doc")]) == 1
    err = capsys.readouterr().err
    assert "dañado" in err and "mi_plan.json.corrupt-1" in err
    assert (tmp_path / "mi_plan.json.corrupt-1").read_text(encoding="utf-8") == "{no es json"
    assert not (tmp_path / "doc").exists()


def test_render_a_missing_plan_is_a_message(tmp_path, capsys):
    assert main(["plan", "render", str(tmp_path / "nada.json")]) == 1
    assert "No encuentro el plan" in capsys.readouterr().err


def test_render_refuses_an_unknown_format(tmp_path):
    with pytest.raises(SystemExit):
        main(["plan", "render", str(tmp_path / "p.json"), "--to", "docx"])


def test_path_and_show_still_work(tmp_path, capsys, monkeypatch):
    target = tmp_path / "x" / "mi_plan.json"
    monkeypatch.setenv("RUMBO_PLAN", str(target))
    assert main(["plan", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    plan_file.update_section("profile", {"name": "Ñ"}, target)
    assert main(["plan", "show"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"]["name"] == "Ñ"


@pytest.mark.parametrize("command", [["show"], ["render", "--to", "md", "--no-calendar"]])
def test_a_section_of_the_wrong_type_is_named_on_stderr(tmp_path, capsys, command):
    plan = tmp_path / "plan.json"
    main(["plan", "example", "panaderia", "--out", str(plan)])
    saved = json.loads(plan.read_text(encoding="utf-8"))
    plan.write_text(json.dumps({**saved, "profile": 5}), encoding="utf-8")
    capsys.readouterr()
    name, *options = command
    extra = ["--out", str(tmp_path / "doc")] if name == "render" else []
    assert main(["plan", name, str(plan), *options, *extra]) == 0
    out = capsys.readouterr()
    assert "«profile»" in out.err and "Traceback" not in out.err
    if name == "show":
        assert "profile" not in json.loads(out.out)
