"""The hub's parts without a running hub: names, accounts, the address rule, limits, settings, pages."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rumbo.apps.hub import accounts, config, limits, pages
from rumbo.apps.hub.cli import check_address
from rumbo.apps.hub.state import Hub, HubSettings, UNIX_NAME_RE, check_settings, open_hub, unix_name
from rumbo.apps.cli import main
from rumbo.core.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[1]


# --- names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("learner_id", ["ana-garcia", "j.nunez", "x_1", "a" * 64, "ñandú", "9lives"])
def test_unix_names_are_valid_prefixed_and_short(learner_id):
    name = unix_name("alumno-", learner_id.lower())
    assert name.startswith("alumno-")
    assert len(name) <= 32 and UNIX_NAME_RE.match(name) and not name.endswith(("-", "."))


def test_unix_names_of_different_ids_differ_even_when_shortened():
    long_a, long_b = "a" * 40 + "x", "a" * 40 + "y"
    assert unix_name("alumno-", long_a) != unix_name("alumno-", long_b)
    assert unix_name("alumno-", "ana") == "alumno-ana"


def test_a_learner_called_jaula_does_not_collide_with_the_grading_user():
    assert unix_name("alumno-", "jaula") != "rumbo-jaula"


@pytest.fixture
def small_class(tmp_path, monkeypatch):
    from rumbo.classroom.folder import ClassFolder, write_class
    from rumbo.classroom.roster import parse_roster, write_roster

    cls = ClassFolder(tmp_path / "clase", ROOT)
    write_class(cls)
    write_roster(parse_roster("id,nombre,apellidos,email,negocio\nAna.G,Ana,García,a@e.es,Panadería\n"
                              "formador,Fede,Ruiz,f@e.es,Ferretería\n"), cls.path / "alumnos.csv")
    monkeypatch.setenv("RUMBO_HUB_ROOT", str(tmp_path / "srv"))
    return cls


def test_the_trainer_name_cannot_be_a_learners_id(small_class):
    with pytest.raises(InvalidInputError, match="coincide con un alumno"):
        open_hub(small_class)
    hub = open_hub(small_class, trainer="profe")
    assert hub.hub_names() == ["profe", "ana.g", "formador"]
    assert hub.learner("ANA.G").id == "Ana.G"


@pytest.mark.parametrize("change,message", [({"prefix": "Alumno"}, "prefijo"), ({"memory_mb": 100}, "256 MB"),
                                            ({"idle_minutes": 0}, "inactividad")])
def test_bad_settings_are_explained(small_class, change, message):
    settings = HubSettings(trainer="profe", **change)
    with pytest.raises(InvalidInputError, match=message):
        check_settings(settings, small_class)


def test_settings_are_kept_between_starts(small_class):
    hub = open_hub(small_class, trainer="profe", prefix="getxo-", memory_mb=2048)
    hub.save()
    again = open_hub(small_class)
    assert (again.settings.prefix, again.settings.memory_mb, again.settings.trainer) == ("getxo-", 2048, "profe")
    assert again.system_dir.parent.name == "srv"
    assert again.unix_name("ana.g") == "getxo-ana.g"


# --- accounts --------------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    return accounts.Accounts(tmp_path / "cuentas.sqlite")


def test_a_code_opens_the_account_once_and_sets_the_password(store):
    code = store.issue_codes(["ana"])["ana"]
    assert accounts.CODE_ALPHABET.find("0") == -1 and len(code) == 9
    assert store.sign_in("ana", code.upper().replace("-", " "), "una-clave-larga")  # typed loosely
    assert not store.sign_in("ana", code, "otra-clave-larga")  # used: now only the password opens it
    assert store.sign_in("ana", "una-clave-larga")
    assert not store.sign_in("ana", "una-clave-larg")


def test_first_sign_in_explains_what_is_missing(store):
    code = store.issue_codes(["ana"])["ana"]
    with pytest.raises(accounts.SignInRefused, match="primera vez"):
        store.sign_in("ana", code)
    with pytest.raises(accounts.SignInRefused, match="demasiado corta"):
        store.sign_in("ana", code, "corta")
    assert not store.has_password("ana")


def test_unknown_accounts_and_wrong_codes_are_refused_alike(store):
    store.issue_codes(["ana"])
    assert not store.sign_in("nadie", "abcd-efgh", "una-clave-larga")
    assert not store.sign_in("ana", "abcd-efgh", "una-clave-larga")


def test_codes_skip_accounts_with_a_password_unless_reset(store):
    code = store.issue_codes(["ana", "beto"])["ana"]
    store.sign_in("ana", code, "una-clave-larga")
    assert set(store.issue_codes(["ana", "beto"])) == {"beto"}
    fresh = store.issue_codes(["ana"], reset=True)["ana"]
    assert not store.sign_in("ana", "una-clave-larga")  # a reset removes the forgotten password
    assert store.sign_in("ana", fresh, "nueva-clave-larga")


def test_secrets_are_stored_hashed(store):
    code = store.issue_codes(["ana"])["ana"]
    store.sign_in("ana", code, "una-clave-larga")
    raw = store.path.read_bytes()
    assert b"una-clave-larga" not in raw and code.encode() not in raw
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"


# --- the address rule ------------------------------------------------------------------------------------


def test_loopback_needs_nothing_else():
    check_address("127.0.0.1", None, None, False)


def test_other_addresses_need_tls_or_an_explicit_choice():
    with pytest.raises(InvalidInputError, match="cifrar"):
        check_address("0.0.0.0", None, None, False)
    check_address("0.0.0.0", "cert.pem", "key.pem", False)
    check_address("0.0.0.0", None, None, True)
    with pytest.raises(InvalidInputError, match="las dos cosas"):
        check_address("0.0.0.0", "cert.pem", None, False)


def test_the_command_refuses_an_open_address_in_spanish(capsys, small_class):
    assert main(["hub", "start", str(small_class.path), "--ip", "0.0.0.0"]) == 1
    err = capsys.readouterr().err
    assert "--certificado" in err and "Traceback" not in err


def test_codes_command_prints_a_code_per_account(capsys, small_class):
    import re

    assert main(["hub", "codes", str(small_class.path)]) == 1  # the trainer's default name is a learner's id
    assert "coincide con un alumno" in capsys.readouterr().err
    open_hub(small_class, trainer="profe").save()
    assert main(["hub", "codes", str(small_class.path)]) == 0
    printed = dict(re.findall(r"^  (\S+)\s+([a-z2-9]{4}-[a-z2-9]{4})", capsys.readouterr().out, re.M))
    assert set(printed) == {"profe", "ana.g", "formador"}
    assert main(["hub", "codes", str(small_class.path), "--solo", "Ana.G"]) == 0
    again = dict(re.findall(r"^  (\S+)\s+([a-z2-9]{4}-[a-z2-9]{4})", capsys.readouterr().out, re.M))
    assert set(again) == {"ana.g"} and again["ana.g"] != printed["ana.g"]
    assert main(["hub", "codes", str(small_class.path), "--solo", "nadie"]) == 1
    assert "no están en la clase" in capsys.readouterr().err


# --- limits ---------------------------------------------------------------------------------------------


def fake_cgroup_v2(root: Path) -> Path:
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (root / "cgroup.subtree_control").write_text("")
    return root


def test_cgroup_v2_group_gets_the_memory_cap_and_an_equal_cpu_weight(tmp_path):
    root = fake_cgroup_v2(tmp_path / "cg")
    group = limits.group_for("alumno-ana", 1024, root)
    folder = root / limits.PARENT / "alumno-ana"
    assert group.memory_limit() == 1024 * 1024 * 1024
    assert (folder / "memory.swap.max").read_text() == "0"
    assert (folder / "cpu.weight").read_text() == str(limits.CPU_WEIGHT_V2)
    assert set((root / "cgroup.subtree_control").read_text().split()) == {"+cpu", "+memory"}
    (folder / "cgroup.procs").write_text("")
    group.join(4242)
    assert group.pids() == {4242}


def test_cgroup_v1_group_gets_memory_and_cpu_shares(tmp_path):
    root = tmp_path / "cg"
    (root / "memory").mkdir(parents=True)
    (root / "memory" / "memory.limit_in_bytes").write_text("9223372036854771712")
    (root / "cpu").mkdir()
    group = limits.group_for("alumno-ana", 512, root)
    assert limits.version(root) == 1
    assert group.memory_limit() == 512 * 1024 * 1024
    assert (root / "cpu" / limits.PARENT / "alumno-ana" / "cpu.shares").read_text() == "1024"


def test_no_cgroups_is_reported(tmp_path):
    ok, why = limits.available(tmp_path)
    assert not ok and why


# --- settings and pages ------------------------------------------------------------------------------------


def test_learners_settings_name_the_private_exchange_and_hide_the_trainer_tools(small_class, tmp_path):
    hub = Hub(small_class, HubSettings(trainer="profe", system_dir=str(tmp_path / "sys")))
    hub.path.mkdir()
    config.write_jupyter_settings(hub)
    folder = hub.jupyter_config / "alumnos"
    nbgrader = (folder / "nbgrader_config.py").read_text()
    assert f"c.Exchange.root = {str(hub.exchange)!r}" in nbgrader
    assert "rumbo.apps.hub.exchange.PrivateSubmit" in nbgrader and "RUMBO_ALUMNO" in nbgrader
    server = (folder / "jupyter_server_config.py").read_text()
    assert "terminals_enabled = False" in server and "'nbgrader.server_extensions.formgrader': False" in server
    hidden = json.loads((folder / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert hidden["@jupyter/nbgrader:formgrader"] is True
    trainer = (hub.path / "jupyter-formador" / "nbgrader_config.py").read_text()
    assert "TrainerCollect" in trainer and "TrainerReleaseAssignment" in trainer
    assert oct((hub.path / "jupyter-formador").stat().st_mode & 0o777) == "0o700"
    assert oct(folder.stat().st_mode & 0o777) == "0o755"


def test_the_culler_follows_the_idle_setting(small_class):
    hub = Hub(small_class, HubSettings(trainer="profe", idle_minutes=0.5))
    command = config.culler_service(hub)["command"]
    assert "--timeout=30" in command and "--cull-every=15" in command
    hub.settings.idle_minutes = 120
    assert "--cull-every=300" in config.culler_service(hub)["command"]


def test_every_hub_page_word_is_translated_and_templates_use_only_known_words():
    from rumbo.core.i18n import set_language

    spanish = pages.strings()
    set_language("en")
    english = pages.strings()
    set_language("es")
    assert spanish["lang"] == "es" and english["lang"] == "en"
    assert english["sign_in"] != spanish["sign_in"]
    import re

    used = set()
    for template in pages.TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\.(\w+)", template.read_text()))
    assert used <= set(spanish), used - set(spanish)


def test_templates_render_in_spanish():
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader

    import jupyterhub

    original = Path(jupyterhub.__file__).resolve().parents[3] / "share" / "jupyterhub" / "templates"
    if not original.exists():
        import sys

        original = Path(sys.prefix) / "share" / "jupyterhub" / "templates"
    env = Environment(loader=ChoiceLoader([PrefixLoader({"templates": FileSystemLoader(str(original))}, "/"),
                                           FileSystemLoader(str(pages.TEMPLATES))]), autoescape=True)
    html = env.get_template("login.html").render(
        t=pages.strings(), static_url=lambda *a, **k: "", base_url="/hub/", authenticator_login_url="/hub/login",
        xsrf="x", login_error="Invalid username or password", username="ana", parsed_scopes=set())
    assert '<html lang="es">' in html
    assert "Usuario o contraseña incorrectos" in html and "Invalid username" not in html
    assert 'name="new_password"' in html


def test_nbgrader_accepts_every_exchange_class_the_settings_name():
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config

    from rumbo.apps.hub import exchange

    for classes in (exchange.LEARNER_CLASSES, exchange.TRAINER_CLASSES):
        c = Config()
        for kind, cls in classes.items():
            setattr(c.ExchangeFactory, kind, f"{cls.__module__}.{cls.__qualname__}")
        factory = ExchangeFactory(config=c)
        for kind, cls in classes.items():
            assert getattr(factory, kind) is cls


@pytest.mark.notebooks
def test_workbooks_of_another_business_are_run_once_and_name_their_learner(small_class, tmp_path, monkeypatch):
    from rumbo.apps.hub import workbooks

    first = sorted((ROOT / "course").glob("00_*.ipynb"))
    monkeypatch.setattr(workbooks, "course_notebooks", lambda hub: first)
    hub = Hub(small_class, HubSettings(trainer="profe", system_dir=str(tmp_path / "sys")))
    assert workbooks.default_business(first[0]) == "panaderia"
    assert workbooks.prepare_businesses(hub, {"panaderia", "ferreteria"}, workers=1) == []
    run = hub.workbooks / "ferreteria" / first[0].name
    assert run.exists() and not (hub.workbooks / "panaderia").exists()  # the course's own is used as it is
    stamp = run.stat().st_mtime
    assert workbooks.prepare_businesses(hub, {"ferreteria"}) == [] and run.stat().st_mtime == stamp
    files = workbooks.workbooks_for(hub, hub.learner("formador"))  # Fede's business is a hardware shop
    nb = json.loads(files[f"{workbooks.HOME_COURSE}/{first[0].name}"])
    assert nb["metadata"]["rumbo"] == {"alumno": "formador", "negocio": "ferreteria"}
    assert "Cuaderno de Fede Ruiz" in nb["cells"][0]["source"] and workbooks.APP_URL in nb["cells"][0]["source"]
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and 'business = "ferreteria"' in "".join(injected[0]["source"])
    assert {f"{workbooks.HOME_APP}/index.ipynb"} <= set(files)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_the_trainers_settings_belong_to_the_class_folders_owner(small_class, tmp_path):
    import pwd

    nobody = pwd.getpwnam("nobody")
    os.chown(small_class.path, nobody.pw_uid, nobody.pw_gid)
    hub = Hub(small_class, HubSettings(trainer="profe", system_dir=str(tmp_path / "sys")))
    hub.save()
    config.write_jupyter_settings(hub)
    assert hub.trainer_unix_name() == "nobody"
    for path in (hub.path, hub.path / "jupyter-formador", hub.path / "jupyter-formador" / "nbgrader_config.py"):
        assert path.stat().st_uid == nobody.pw_uid, path
    assert (hub.jupyter_config / "alumnos" / "nbgrader_config.py").stat().st_uid == 0
