"""Packaging: a plain `pip install .` ships every package and data file the code needs."""

import configparser

from conftest import ROOT


def _options():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config


def test_every_package_is_listed_in_setup_cfg():
    listed = set(_options()["options"]["packages"].split())
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "budsjett_cli").rglob("__init__.py")
    }
    assert found <= listed, f"add to setup.cfg packages: {sorted(found - listed)}"


def test_the_bundled_data_and_schemas_are_package_data():
    data = _options()["options.package_data"]
    assert "*.json" in data["budsjett_cli"]
    assert "*.yaml" in data["budsjett_cli.bundled"]
    assert (ROOT / "data" / "chapters.yaml").is_file()
    assert _options()["options"]["package_dir"].split() == ["budsjett_cli.bundled", "=", "data"]


def test_ci_runs_the_test_command_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if "pip install '.[test]'" in line)
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme.splitlines()[4].strip().endswith("pip install . && budsjett check")


def test_pytest_tests_the_source_tree_not_an_installed_copy():
    import budsjett_cli

    assert _options()["tool:pytest"]["pythonpath"].split()[0] == "."  # tests/ holds the shared helpers
    assert budsjett_cli.__file__ == str(ROOT / "budsjett_cli" / "__init__.py")


def test_ci_installs_chromium_for_the_browser_test_when_missing():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "command -v chromium" in script and "apt-get install" in script and "chromium" in script
    assert script.index("apt-get install") < script.index("pytest")


def test_the_report_template_is_package_data():
    data = _options()["options.package_data"]
    assert "templates/*.j2" in data["budsjett_cli.render"]
    assert (ROOT / "budsjett_cli" / "render" / "templates" / "report.html.j2").is_file()
