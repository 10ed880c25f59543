"""The live dashboard (``pingou app``, :mod:`sim.app`).

The model and chart functions are tested directly; then a real headless browser (Debian's
``chromium``, driven through its ``chromium-driver`` by Selenium) loads the page served by
``pingou app``, moves a slider, resets the model with it, steps it and checks that every chart
changed. The browser comes from apt, not from a test tool's download: when it is missing and the
tests run as root, the session installs it; otherwise the browser test is skipped with the
reason (set ``PINGOU_REQUIRE_BROWSER=1`` to make that a failure, as CI should).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import app
from sim.commands.app import command
from sim.outputs.tree import TREE_CAP

CHROMIUM = Path("/usr/bin/chromium")
#: every member reads the whole scheme's newcomers (the rule before the network), so that a
#: small town with an outside stall ends in the operator's exit within the run
EVERYONE = 'behaviour.newcomers_watched="everyone"'
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")
FIGURES = 4  # the page's images: members, cash against promises, shares behind, the tree


def png_bytes(fig) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


# -- the model behind the page -------------------------------------------------------------------


def test_sliders_reach_the_scenario():
    m = app.DashboardModel(group_size=8, winners=2, cost_ratio=0.45, conversion=0.35,
                           stall_day=30, fee_rate=0.1, participants=500, days=50)
    sc = m.scenario
    assert (sc.draw.group_size, sc.draw.winners, sc.draw.cost_ratio) == (8, 2, 0.45)
    assert (sc.recruitment.conversion, sc.recruitment.stall_day) == (0.35, 30)
    assert sc.withdrawal.fee_rate == 0.1
    assert (sc.run.participants, sc.run.days) == (500, 50)
    assert m.params.group_size == 8 and m.params.winners == 2


def test_slider_values_that_would_be_invalid_are_made_valid():
    # more winners than seats, a float slider's rounding noise, a stall beyond the last day
    m = app.DashboardModel(group_size=4, winners=9, cost_ratio=0.1 + 0.2, stall_day=50, days=50,
                           participants=200)
    assert m.scenario.draw.winners == 4
    assert m.scenario.draw.cost_ratio == 0.3
    assert m.scenario.recruitment.stall_day is None


def test_every_slider_is_a_model_argument():
    import inspect

    names = set(inspect.signature(app.DashboardModel.__init__).parameters)
    assert set(app.model_params) <= names
    sliders = {k for k, v in app.model_params.items() if hasattr(v, "label")}
    assert sliders == set(app.SLIDER_FIELDS)
    # each slider sets the scenario field it says, and its starting value is the default's
    default = sim.load("quanmin-pingou")
    for name, dotted in app.SLIDER_FIELDS.items():
        section, field = dotted.split(".")
        value = getattr(getattr(default, section), field)
        if name == "stall_day" and value is None:  # no outside stall: the slider's last day
            value = app.DASHBOARD_DAYS
        assert app.model_params[name].value == value, name
        moved = app.model_params[name].max
        settings = {name: moved, "participants": 100, "days": 400}
        if name == "winners":  # as many winners as seats needs groups that large
            settings["group_size"] = moved
        model = app.DashboardModel(**settings)
        assert getattr(getattr(model.scenario, section), field) == moved, name
    # each choice sets its field, starts from the default's value and offers allowed values
    choices = {k for k, v in app.model_params.items() if isinstance(v, dict)}
    assert choices == set(app.CHOICE_FIELDS)
    for name, dotted in app.CHOICE_FIELDS.items():
        section, field = dotted.split(".")
        control = app.model_params[name]
        assert control["type"] == "Select"
        assert control["value"] == getattr(getattr(default, section), field), name
        for value in control["values"]:
            model = app.DashboardModel(**{name: value, "participants": 100, "days": 400})
            assert getattr(getattr(model.scenario, section), field) == value, (name, value)


def test_network_controls_offer_what_the_field_allows():
    """The network's choices are the kinds the scenario field allows (read from the field's
    own type) but 'file', which needs a path; every one of them, at both ends of the contacts
    slider, builds a valid model at the dashboard's own population, and the status line says
    which network the run has, with its mean number of contacts counted from its links."""
    import typing

    from sim.scheme.fields import Network

    allowed = typing.get_args(Network.model_fields["kind"].annotation)
    assert "file" in allowed
    assert app.model_params["network_kind"]["values"] == [k for k in allowed if k != "file"]
    contacts = app.model_params["mean_contacts"]
    assert (contacts.min, contacts.max, contacts.step) == (2, 50, 2)
    with pytest.raises(ValueError, match="network_kind = 'file'"):
        app.DashboardModel(network_kind="file", participants=100, days=10)
    for kind in app.model_params["network_kind"]["values"]:
        for mean in (contacts.min, contacts.max):
            m = app.DashboardModel(network_kind=kind, mean_contacts=mean, days=5)
            assert (m.scenario.network.kind, m.scenario.network.mean_contacts) == (kind, mean)
            net = m.network
            if kind == "well-mixed":
                assert "no network (well-mixed" in app.status_text(m)
                continue
            degrees = np.diff(net.offsets)  # each link listed once at each of its two ends
            assert degrees.size == app.DASHBOARD_PARTICIPANTS
            said = f"a {kind} network with {degrees.mean():.1f} contacts a person on average"
            assert said in app.status_text(m), (kind, mean)
            if kind in ("small-world", "scale-free"):  # the slider's even means are kept
                assert degrees.mean() == pytest.approx(mean, rel=0.01)  # (B-A: m(n - m) links)


def test_choosing_a_network_on_the_page_rebuilds_the_model_with_it(monkeypatch):
    """The page itself, rendered in-process (the sidebar inside solara's AppLayout, as
    ``pingou app`` serves it): choose 'random' in the network list and press Reset, and Mesa
    rebuilds the model through the page's own factory (the class of the page's model, with
    the controls' values) with network.kind = 'random'; press Step, and the tree drawing (the
    page's last image) and its caption are redrawn."""
    import ipyvuetify as v
    import ipywidgets
    import solara

    made = []

    class Recording(app.DashboardModel):
        def __init__(self, **kwargs):  # Mesa takes keyword arguments only
            super().__init__(**kwargs)
            made.append(self)

    monkeypatch.setattr(app, "DashboardModel", Recording)

    @solara.component
    def Served():
        with solara.AppLayout():
            app.Page()

    box, rc = solara.render(Served(), handle_error=False)
    try:
        assert len(made) == 1 and made[0].scenario.network.kind == app.DEFAULT_NETWORK_KIND
        choice = rc.find(v.Select, label="Social network").widget
        assert choice.items == list(app.NETWORK_CHOICES)
        choice.v_model = "random"
        rc.find(v.Btn, children=["Reset"]).widget.click()
        assert len(made) == 2
        model = made[-1]
        assert model.scenario.network.kind == "random" and model.network.kind == "random"
        assert model.settings["network_kind"] == "random"
        assert model.scenario.network.mean_contacts == app.DEFAULT_MEAN_CONTACTS

        def tree_image():
            images = rc.find(ipywidgets.Image).widgets
            assert len(images) == len(app.COMPONENTS) - 1  # one per figure; Status has none
            return bytes(images[-1].value)

        before = tree_image()
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert model.day >= 1 and len(made) == 2  # stepped, not rebuilt
        assert tree_image() != before
        page_text = " ".join(str(getattr(w, "template", "")) for w in
                             rc.find(v.VuetifyTemplate).widgets)
        assert f"Against a shop on day {model.day - 1}," in page_text
        assert "a random network with" in page_text
    finally:
        rc.close()


def test_shares_are_recorded_each_day_and_match_the_participants_table():
    """Every day's three shares, recomputed from the participants table: behind as the scheme
    tells it is net cash (the ledger's tallies) + goods at sticker price + every balance at face
    value (wallet, shopping gold, waiting withdrawals, queued stakes), before and after the exit
    alike; behind against a shop is net cash + goods at market price + the walk-away value,
    which is nothing once payouts are frozen; behind in cash is net cash alone. The run grows,
    stalls on day 40 and ends in the operator's exit, so both sides of the exit are checked."""
    from sim.analysis.who_lost import participants_table

    days = 150
    m = app.DashboardModel(participants=800, days=days, stall_day=40, conversion=0.5,
                           overrides=[EVERYONE])
    assert m.scenario.points.consumption_point_value_yuan == 0  # points count as nothing told
    assert not (m.scenario.hidden.privilege_after_wins or m.scenario.hidden.streak_wins)
    for day in range(days):
        m.step()
        t = participants_table(m)
        net = t["net_cash_fen"].to_numpy()
        told = net + t["goods_sticker_fen"].to_numpy() + t["promised_fen"].to_numpy()
        shop = net + t["goods_market_fen"].to_numpy() + t["walk_away_fen"].to_numpy()
        if m.collapsed:
            assert (t["walk_away_fen"] == 0).all(), day
        assert m.losing[-1] == (day, pytest.approx(float(np.mean(shop < 0)), abs=5e-7),
                                pytest.approx(float(np.mean(told < 0)), abs=5e-7),
                                pytest.approx(float(np.mean(net < 0)), abs=5e-7)), day
    assert [row[0] for row in m.losing] == list(range(days))
    assert m.collapsed and 40 < m.collapse_day < days - 1
    # the three measures tell different stories in this run: none is a copy of another
    shop, told, cash = (np.array([row[k] for row in m.losing]) for k in (1, 2, 3))
    assert (shop != told).any() and (shop != cash).any() and (told != cash).any()


def test_dashboard_shares_are_daily_csv_shares_of_the_same_run(tmp_path):
    """The dashboard's shares behind against a shop and as told, day by day, are the
    ``share_losing_shop`` and ``share_losing_told`` columns of ``daily.csv`` written by
    ``pingou run`` with the same settings and seed."""
    import pandas as pd
    from conftest import pingou

    days = 120
    m = app.DashboardModel(participants=700, days=days, stall_day=35, conversion=0.45, seed=3,
                           overrides=[EVERYONE])
    for _ in range(days):
        m.step()
    args = ["run", "--participants", "700", "--days", str(days), "--seed", "3", "--quiet",
            "--out", str(tmp_path / "out")]
    for item in m.overrides:
        args += ["--set", item]
    done = pingou(*args)
    assert done.returncode == 0, done.stderr
    daily = pd.read_csv(tmp_path / "out" / "daily.csv")
    assert daily["day"].tolist() == [row[0] for row in m.losing]
    assert daily["share_losing_shop"].tolist() == [row[1] for row in m.losing]
    assert daily["share_losing_told"].tolist() == [row[2] for row in m.losing]
    assert m.collapsed and daily["collapsed"].iloc[-1] == 1  # the exit is inside the run
    assert daily["share_losing_shop"].nunique() > 10  # a changing share, not a constant


def test_share_losing_by_hand():
    """``shares_losing`` on six members with balances put there by hand (fen, P = 100 yuan;
    the withdrawal minimum is 100 yuan, the fee 6.5%, the goods' market price their cost with
    a 20% margin: cost / 0.8):

    ==  ==========================================  ======  =====  ===========  ==========
        member                                        cash   told  shop, pays   shop, exit
    ==  ==========================================  ======  =====  ===========  ==========
    A   paid 10000, nothing back                    -10000  -      -10000       -10000
    B   paid 10000, goods of cost 8000, sticker     -10000  0      0            0
        10000 (market 8000 / 0.8 = 10000)
    C   paid 10000, 5000 of gold, 6000 in wallet    -10000  +1000  -10000       -10000
        (under the minimum: nothing to walk away)
    D   got 500 more than it paid                   +500    +500   +500         +500
    E   paid 10000, 11000 waiting to be withdrawn   -10000  +1000  +285         -10000
        (11000 less its fee of 715 = 10285)
    F   paid one 100-yuan stake still in the queue  -10000  0      -10000       -10000
    ==  ==========================================  ======  =====  ===========  ==========

    Behind in cash: 5 of 6. As told (the same before and after the exit: the scheme shows the
    balances at face value either way): only A, 1 of 6. Against a shop while the platform pays:
    A, C and F, 3 of 6; after the exit nothing can be walked away with, so E too: 4 of 6."""
    from conftest import controlled_model, fund_platform, give

    model = controlled_model([-1] * 6, trust=[0, 0, 0, 0, 0, 1], overrides=[
        "behaviour.withdraw_propensity=1"])
    sc = model.scenario
    assert (sc.withdrawal.min_yuan, sc.withdrawal.fee_rate, sc.valuation.retail_margin) == (
        100, 0.065, 0.2)
    led = model.ledger
    for who in (0, 1, 2, 4):
        fund_platform(model, who, 10_000)
    led.move("withdrawn", "platform_cash", "pocket", np.array([500]), dst_who=np.array([3]))
    led.move("extraction", "platform_cash", "operator", led["platform_cash"])  # nothing to pay
    model.members.goods_sticker[1] = 10_000
    model.members.goods_cost[1] = 8_000
    give(model, "shopping_gold", {2: 5_000})
    give(model, "wallet", {2: 6_000, 4: 11_000})  # C is under the 100-yuan minimum, E asks
    model.step()  # F's seat waits for a full group; E's request waits for cash
    assert led.pocket[:6].tolist() == [-10_000] * 3 + [500] + [-10_000] * 2
    assert led["withdrawals_waiting"] == 11_000 and led["stakes_held"] == 10_000
    assert app.shares_losing(model) == (0.5, pytest.approx(1 / 6, abs=5e-7),
                                        pytest.approx(5 / 6, abs=5e-7))
    assert app.shares_losing(model).shop == 0.5
    model.collapsed = True
    assert app.shares_losing(model) == (pytest.approx(4 / 6, abs=5e-7),
                                        pytest.approx(1 / 6, abs=5e-7),
                                        pytest.approx(5 / 6, abs=5e-7))


def test_charts_and_status_follow_the_model():
    m = app.DashboardModel(participants=600, days=80)
    before = [png_bytes(f(m)) for f in (app.members_figure, app.cash_figure, app.losing_figure)]
    assert "Day 0" in app.status_text(m)
    for _ in range(40):
        m.step()
    after = [png_bytes(f(m)) for f in (app.members_figure, app.cash_figure, app.losing_figure)]
    assert all(a != b for a, b in zip(before, after))
    text = app.status_text(m)
    joined = sum(r["new_members"] for r in m.rows)  # counted day by day, not the model's total
    assert joined > 1 and f"Day 39: {joined:,} members" in text
    assert "groups of 10, 3 winners" in text


def test_app_command_is_local_offline_and_quiet():
    cmd = command("127.0.0.1", 8765, open_browser=False)
    assert cmd[:5] == [sys.executable, "-m", "solara", "run", "sim.app"]
    assert {"--production", "--no-check-version", "--no-open"} <= set(cmd)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"


def test_page_displays_as_a_widget_in_jupyter(tmp_path, monkeypatch):
    # the kernel inherits this environment: a fresh solara home, and no sign of pytest (solara
    # skips its call home under pytest, which would make the last check pass vacuously)
    monkeypatch.setenv("SOLARA_HOME", str(tmp_path / "solara-home"))
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    nbclient = pytest.importorskip("nbclient")
    from nbformat.v4 import new_code_cell, new_notebook

    book = new_notebook(cells=[new_code_cell("from sim.app import page\npage")],
                        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                 "language": "python"}})
    nbclient.NotebookClient(book, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = book.cells[0].outputs
    assert any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in outputs)
    assert not any(out.get("output_type") == "error" for out in outputs)
    assert "solara.dev" not in str(outputs)  # no call home from the reader's browser


# -- the page in a real browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium and chromedriver, installed with apt-get when missing (as root)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        reason = ("the browser test needs Debian's chromium and chromium-driver at /usr/bin: "
                  "run the tests as root (they install them with apt-get) or run "
                  "'apt-get install chromium chromium-driver'")
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            if os.environ.get("PINGOU_REQUIRE_BROWSER") == "1":
                pytest.fail(reason)
            pytest.skip(reason)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (["apt-get", "update"],
                    ["apt-get", "install", "-y", "--no-install-recommends", "chromium",
                     "chromium-driver"]):
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
            if done.returncode != 0:
                pytest.fail(f"{' '.join(cmd)} failed:\n{done.stdout[-1500:]}\n"
                            f"{done.stderr[-1500:]}")
    return CHROMIUM, CHROMEDRIVER


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard_url(chromium):
    """``pingou app`` on a free local port, stopped (with its children) after the tests."""
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, "-m", "sim", "app", "--port", str(port),
                               "--no-open"], stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as page:
                    if page.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                output = log.read().decode(errors="replace")[-3000:]
                pytest.fail(f"pingou app did not start:\n{output}")
            time.sleep(0.5)
        yield url
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
        except ProcessLookupError:
            pass
        log.close()


@pytest.fixture()
def browser(chromium):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never download a driver
    profile = tempfile.mkdtemp(prefix="pingou-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium[0])
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(chromium[1])))
    driver.set_page_load_timeout(90)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(what: str, check, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


_FETCH = """
const done = arguments[arguments.length - 1];
Promise.all(Array.from(document.querySelectorAll("img[src^='blob:']")).map(
  img => fetch(img.src).then(r => r.arrayBuffer()).then(b => {
    const bytes = new Uint8Array(b); let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }))).then(done, e => done("error: " + e));
"""


def _charts(driver) -> list[str]:
    """A digest of the PNG bytes of every chart on the page, in page order."""
    images = driver.execute_async_script(_FETCH)
    assert isinstance(images, list), images
    return [hashlib.sha256(data.encode()).hexdigest() for data in images]


def _slider(driver, label: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//label[contains(., {label!r})]/ancestor::div"
                                         "[contains(@class, 'v-input')][1]//*[@role='slider']")


def _button(driver, text: str):
    from selenium.webdriver.common.by import By

    for button in driver.find_elements(By.TAG_NAME, "button"):
        if button.text.strip().upper() == text:
            return button
    raise AssertionError(f"no {text} button on the page")


def _choose(driver, label: str, value: str) -> None:
    """Open the drop-down list labelled ``label`` and click its item ``value``."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.XPATH, f"//label[contains(., {label!r})]/ancestor::div"
                                  "[@aria-haspopup='listbox'][1]").click()
    item = _wait(f"the item {value!r} of {label!r}", lambda: next(
        (e for e in driver.find_elements(By.CSS_SELECTOR, ".menuable__content__active "
                                                          ".v-list-item")
         if e.text.strip() == value), None), 20)
    item.click()


def _status(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def test_dashboard_in_a_browser_slider_reset_step_changes_charts(browser, dashboard_url):
    from selenium.webdriver.common.keys import Keys

    started = time.monotonic()
    browser.get(dashboard_url)
    _wait("the four charts", lambda: len(_charts(browser)) == FIGURES)
    body = _status(browser)
    for label in [p.label for p in app.model_params.values() if hasattr(p, "label")]:
        assert label in body, f"no slider {label!r} on the page"
    assert app.DEFAULT_STALL_DAY == app.DASHBOARD_DAYS  # the default: no outside stall
    assert "no outside stall" in body
    assert "Social network" in body and app.DEFAULT_NETWORK_KIND in body

    # move the stall-day slider to 40 with the keyboard: to its start, then 8 steps of 5
    stall = _slider(browser, "Outside stall on day")
    assert stall.get_attribute("aria-valuenow") == str(app.DASHBOARD_DAYS)
    stall.send_keys(Keys.HOME)
    _wait("the slider to reach 0", lambda: stall.get_attribute("aria-valuenow") == "0", 20)
    for _ in range(8):
        stall.send_keys(Keys.ARROW_RIGHT)
    _wait("the slider to reach 40", lambda: stall.get_attribute("aria-valuenow") == "40", 20)

    # and choose another network: the next run is on a random one
    other = "random" if app.DEFAULT_NETWORK_KIND != "random" else "small-world"
    _choose(browser, "Social network", other)

    # a new run with the slider's value and the network chosen
    _button(browser, "RESET").click()
    _wait("the reset model", lambda: "outside stall on day 40" in (t := _status(browser))
          and f"a {other} network with" in t)
    before = _wait("the charts after reset",
                   lambda: (c := _charts(browser)) and len(c) == FIGURES and c)

    # one Step runs as many days as the render-interval slider says: push it to its end
    interval = _slider(browser, "Render Interval")
    interval.send_keys(Keys.END)
    _wait("the render interval", lambda: int(interval.get_attribute("aria-valuenow")) > 50, 20)
    days = int(interval.get_attribute("aria-valuenow"))
    _button(browser, "STEP").click()
    day = _wait("the model to step", lambda: (m := re.search(r"Day (\d+): ([\d,]+) members",
                                                             _status(browser))) and m, 90)
    assert int(day.group(1)) == days - 1
    assert int(day.group(2).replace(",", "")) > 2  # more than the founders joined

    def redrawn():
        charts = _charts(browser)
        return (charts if len(charts) == FIGURES and all(a != b for a, b in zip(before, charts))
                else None)

    after = _wait("the charts to be redrawn", redrawn, 60)
    assert len(after) == FIGURES and all(a != b for a, b in zip(before, after))
    # the tree's caption is of the day shown, and its counts add up to the members drawn
    text = _status(browser)
    said = re.search(r"Who recruited whom: (?:all ([\d,]+) members so far|the first ([\d,]+) "
                     r"members to join, of ([\d,]+) so far).*?Against a shop on day (\d+), "
                     r"([\d,]+) of them are behind .*?([\d,]+) ahead .*?([\d,]+) even", text)
    assert said, text[-1500:]
    number = [int(g.replace(",", "")) if g else None for g in said.groups()]
    drawn = number[0] if number[0] is not None else number[1]
    members = int(day.group(2).replace(",", ""))
    assert drawn == min(members, TREE_CAP) and number[3] == days - 1
    assert number[4] + number[5] + number[6] == drawn
    assert time.monotonic() - started < 240


# -- issue 17: the tab's name, the axes before the first day ------------------------------------


def test_charts_before_the_first_day_have_a_sensible_scale():
    m = app.DashboardModel(participants=600, days=80)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for make in (app.members_figure, app.cash_figure):
        fig = make(m)
        FigureCanvasAgg(fig).draw()
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(set(labels)) == len(labels), labels  # never "1, 1, 1, 0, 0"
        assert ax.get_ylim()[1] > 1
        assert any("no data yet" in t.get_text() for t in ax.texts)


def test_dashboard_tab_has_a_name_not_page_0(browser, dashboard_url):
    browser.get(dashboard_url)
    _wait("the four charts", lambda: len(_charts(browser)) == FIGURES)
    body = _status(browser)
    assert app.TAB_NAME.upper() in body.upper()
    assert "PAGE 0" not in body.upper()
