"""The live dashboard: sliders for the scheme's rules and behaviour, charts that grow day by day.

Run it as a web page with ``pingou app`` (or ``solara run sim.app``), or in Jupyter::

    from sim.app import page
    page

It is a Mesa ``SolaraViz`` page around :class:`DashboardModel`, the :class:`~sim.SchemeModel`
with the controls (sliders, and a choice of the social network) as keyword arguments. Moving a
control sets up the next run: press *Reset* to start it, then *Step* (one day; the *Render
Interval* slider makes it several) or *Play*. Beside the charts of the run day by day, the page
draws a sample of the recruitment tree (:mod:`sim.outputs.tree`), each member coloured by
whether they are behind or ahead against a shop.
"""

from __future__ import annotations

import os
import warnings
from typing import NamedTuple

# solara reports usage statistics unless told not to; the dashboard makes no outside connection
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")

import solara  # noqa: E402
import solara.checks  # noqa: E402
import solara.server.settings  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# Mesa 3.3's page trips one of solara's rules-of-hooks checks when its module loads: a false
# alarm about Mesa's own code, silenced here only.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*found despite early return", category=UserWarning)
    from mesa.visualization import Slider, SolaraViz  # noqa: E402
    from mesa.visualization.utils import update_counter  # noqa: E402

from sim.outputs.i18n import pct  # noqa: E402
from sim.engine import valuation  # noqa: E402
from sim.engine.model import SchemeModel  # noqa: E402
from sim.money import fmt_yuan  # noqa: E402
from sim.outputs import tree as recruitment_tree  # noqa: E402
from sim.outputs.plots import OKABE_ITO, YUAN  # noqa: E402
from sim.scheme.fields import NETWORK_KINDS  # noqa: E402
from sim.scheme.scenario import load  # noqa: E402

# No outside connection from the dashboard: no usage statistics (also when solara was imported
# before this module), and no probe of solara.dev when the page is shown in Jupyter.
solara.server.settings.telemetry.mixpanel_enable = False
solara.checks.should_perform_jupyter_check = lambda: False

#: The addressable population of a dashboard run: small, so that a day takes milliseconds.
DASHBOARD_PARTICIPANTS = 3_000
DASHBOARD_DAYS = 365

#: The networks the dashboard offers: every kind the scenario field allows but 'file' (an edge
#: list needs a path, which a page control does not give).
NETWORK_CHOICES = tuple(kind for kind in NETWORK_KINDS if kind != "file")

#: The network the dashboard starts with: the ``quanmin-pingou`` scenario's own.
_DEFAULT_NETWORK = load("quanmin-pingou").network
DEFAULT_NETWORK_KIND = _DEFAULT_NETWORK.kind
#: The scenario's outside stall day; the slider shows 'none' as DASHBOARD_DAYS
_STALL = load("quanmin-pingou").recruitment.stall_day
DEFAULT_STALL_DAY = DASHBOARD_DAYS if _STALL is None else int(_STALL)
DEFAULT_MEAN_CONTACTS = float(_DEFAULT_NETWORK.mean_contacts)


class DashboardModel(SchemeModel):
    """A :class:`~sim.SchemeModel` whose dashboard settings are keyword arguments.

    Each setting overrides one field of the ``quanmin-pingou`` scenario (see
    :data:`SLIDER_FIELDS` and :data:`CHOICE_FIELDS`). ``stall_day`` at or beyond ``days`` means
    no outside stall; ``network_kind`` is one of :data:`NETWORK_CHOICES` (another value is a
    ``ValueError`` naming the allowed ones), and ``mean_contacts`` is not read by 'well-mixed'.
    ``overrides`` (``--set`` strings, none by default) set further fields after the settings.
    Beside the daily figures it records, each day, the share of members behind under each
    measure (:func:`shares_losing`), in :attr:`losing`: ``(day, shop, told, cash)``.
    """

    def __init__(self, group_size: int = 10, winners: int = 3, cost_ratio: float = 0.30,
                 conversion: float = 0.20, stall_day: int = DEFAULT_STALL_DAY, fee_rate: float = 0.065,
                 network_kind: str = DEFAULT_NETWORK_KIND,
                 mean_contacts: float = DEFAULT_MEAN_CONTACTS,
                 participants: int = DASHBOARD_PARTICIPANTS, days: int = DASHBOARD_DAYS,
                 seed: int = 1, scenario: str = "quanmin-pingou", overrides=()):
        if network_kind not in NETWORK_CHOICES:
            raise ValueError(f"network_kind = {network_kind!r}: the dashboard offers "
                             f"{', '.join(NETWORK_CHOICES)}")
        self.settings = {"group_size": int(group_size),
                         "winners": min(int(winners), int(group_size)),
                         "cost_ratio": round(float(cost_ratio), 6),
                         "conversion": round(float(conversion), 6),
                         "stall_day": int(stall_day) if int(stall_day) < int(days) else None,
                         "fee_rate": round(float(fee_rate), 6),
                         "network_kind": str(network_kind),
                         "mean_contacts": round(float(mean_contacts), 6)}
        s = self.settings
        overrides = [
            f"draw.group_size={s['group_size']}",
            f"draw.winners={s['winners']}",
            f"draw.cost_ratio={s['cost_ratio']!r}",
            f"recruitment.conversion={s['conversion']!r}",
            f"recruitment.stall_day={'none' if s['stall_day'] is None else s['stall_day']}",
            f"withdrawal.fee_rate={s['fee_rate']!r}",
            f"network.kind={s['network_kind']}",
            f"network.mean_contacts={s['mean_contacts']!r}",
            *overrides,
        ]
        # the scenario fields the settings set, then any further ``overrides`` (--set strings)
        self.overrides = overrides
        super().__init__(scenario, participants=participants, days=days, seed=seed,
                         overrides=overrides)
        self.losing: list[tuple[int, float, float, float]] = []  # (day, *shares_losing)

    def step(self) -> None:
        super().step()
        self.losing.append((self.day - 1, *shares_losing(self)))


class Shares(NamedTuple):
    """Shares of the members so far who are behind (net < 0), one per measure (MODEL.md §6)."""

    shop: float  # against a shop: worse off than buying the same goods in a shop (the headline)
    told: float  # as the scheme tells it: goods at sticker, every balance at face value
    cash: float  # cash only: got back less cash than they put in, the goods counted as nothing


def shares_losing(model: SchemeModel) -> Shares:
    """The shares of members behind on the last day recorded, under each measure, from
    :func:`sim.engine.valuation.values` and :func:`~sim.engine.valuation.share_losing`: the
    same definition and rounding (six decimals) as ``daily.csv``'s ``share_losing_shop`` and
    ``share_losing_told``. 0 when nobody has joined."""
    worth = valuation.values(model)
    return Shares(shop=valuation.share_losing(worth.net_shop),
                  told=valuation.share_losing(worth.net_told),
                  cash=valuation.share_losing(worth.net_cash))


# -- charts --------------------------------------------------------------------------------


def _figure(title: str) -> tuple[Figure, object]:
    fig = Figure(figsize=(5.6, 3.4), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("day")
    return fig, ax


def _events(ax, model: SchemeModel) -> None:
    stall = model.settings.get("stall_day") if hasattr(model, "settings") else None
    if stall is not None and stall <= model.day:
        ax.axvline(stall, color=OKABE_ITO["orange"], linestyle="--", linewidth=1.2,
                   label=f"outside stall (day {stall})")
    if model.collapse_day is not None:
        ax.axvline(model.collapse_day, color=OKABE_ITO["vermillion"], linestyle="--",
                   linewidth=1.2, label=f"payouts frozen (day {model.collapse_day})")


def members_figure(model: SchemeModel) -> Figure:
    fig, ax = _figure("Members")
    rows = model.rows
    days = [r["day"] for r in rows]
    ax.plot(days, [r["members"] for r in rows], color=OKABE_ITO["blue"], label="joined so far")
    ax.plot(days, [r["active_members"] for r in rows], color=OKABE_ITO["green"],
            label="played that day")
    ax.plot(days, [r["new_members"] for r in rows], color=OKABE_ITO["sky"], label="new that day")
    _events(ax, model)
    ax.set_ylabel("people")
    ax.set_xlim(0, max(model.day, 10))
    if not rows:  # before the first day: an empty chart, not a scale of noise
        _no_data(ax, 100)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def _no_data(ax, top: float) -> None:
    """Before the first day: whole-number ticks from 0 to ``top`` and a word that nothing has
    happened yet (not a scale of noise such as "1, 1, 1, 0, 0")."""
    ax.set_ylim(0, top)
    ax.set_yticks([0, top / 4, top / 2, 3 * top / 4, top])
    ax.text(0.5, 0.5, "no data yet: press Step or Play", transform=ax.transAxes,
            ha="center", va="center", fontsize=9, color="#666666")


def cash_figure(model: SchemeModel) -> Figure:
    fig, ax = _figure("The platform's cash against its promises")
    rows = model.rows
    days = [r["day"] for r in rows]
    ax.plot(days, [r["platform_cash_fen"] / YUAN for r in rows], color=OKABE_ITO["green"],
            linewidth=2, label="cash held")
    ax.plot(days, [r["shopping_gold_fen"] / YUAN for r in rows], color=OKABE_ITO["vermillion"],
            label="promised: shopping gold")
    ax.plot(days, [(r["wallets_fen"] + r["withdraw_waiting_fen"]) / YUAN for r in rows],
            color=OKABE_ITO["purple"], label="promised: wallets + waiting withdrawals")
    ax.plot(days, [r["operator_total_fen"] / YUAN for r in rows], color=OKABE_ITO["black"],
            linestyle=":", label="taken by the operator")
    _events(ax, model)
    ax.set_ylabel("yuan")
    ax.set_xlim(0, max(model.day, 10))
    if not rows:
        _no_data(ax, 1000)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.legend(fontsize=8, loc="upper left")
    return fig


def losing_figure(model: SchemeModel) -> Figure:
    fig, ax = _figure("Share of members behind")
    losing = getattr(model, "losing", [])
    days = [row[0] for row in losing]
    ax.plot(days, [100 * row[1] for row in losing], color=OKABE_ITO["vermillion"], linewidth=2,
            label="against a shop: worse off than buying\nthe same goods in a shop")
    ax.plot(days, [100 * row[2] for row in losing], color=OKABE_ITO["blue"], linestyle="--",
            label="as the scheme tells it: goods at sticker price,\nevery balance at face value")
    ax.plot(days, [100 * row[3] for row in losing], color=OKABE_ITO["black"], linestyle=":",
            linewidth=1, label="cash only: the goods counted as nothing")
    _events(ax, model)
    ax.set_ylabel("% of members so far")
    ax.set_ylim(-3, 103)
    ax.set_xlim(0, max(model.day, 10))
    ax.legend(fontsize=8, loc="center right")
    return fig


def _show(fig: Figure) -> None:
    solara.FigureMatplotlib(fig, format="png", dpi=90)


@solara.component
def MembersChart(model):
    update_counter.get()
    _show(members_figure(model))


@solara.component
def CashChart(model):
    update_counter.get()
    _show(cash_figure(model))


@solara.component
def LosingChart(model):
    update_counter.get()
    _show(losing_figure(model))


def network_text(model: SchemeModel) -> str:
    """The run's network as built (``model.network``): its kind and its people's mean number
    of contacts (what the generator gave, which for 'small-world' and 'scale-free' is the
    setting rounded to an even number), or that there is none."""
    net = getattr(model, "network", None)
    if net is None or net.well_mixed:
        return "no network (well-mixed: anyone can invite anyone)"
    mean = 2 * net.n_edges / net.n if net.n else 0.0
    return f"a {net.kind} network with {mean:.1f} contacts a person on average"


def status_text(model: SchemeModel) -> str:
    """One paragraph on where the run stands (what the page shows above the charts)."""
    s = getattr(model, "settings", {})
    last = model.rows[-1] if model.rows else None
    losing = getattr(model, "losing", [])
    settings = (f"Settings of this run: groups of {s.get('group_size')}, {s.get('winners')} "
                f"winners, product cost {s.get('cost_ratio', 0):.0%} of the stake, "
                f"{s.get('conversion', 0):.0%} of invitations convert, "
                + (f"outside stall on day {s['stall_day']}" if s.get("stall_day") is not None
                   else "no outside stall")
                + f", withdrawal fee {s.get('fee_rate', 0):.1%}, {network_text(model)}.")
    if last is None:
        return f"**Day 0, nothing has happened yet.** Press *Step* or *Play*. {settings}"
    shop, told, cash = losing[-1][1:] if losing else shares_losing(model)
    state = (f"payouts frozen since day {model.collapse_day}" if model.collapse_day is not None
             else "the platform still pays")
    return (f"**Day {last['day']}: {last['members']:,} members; {pct(shop)} of them are behind "
            f"against a shop (worse off than if they had bought the same goods in a shop); "
            f"{state}.** As the scheme tells it (goods at sticker price, every balance at face "
            f"value), {pct(told)} are behind; in cash alone (the goods counted as nothing), "
            f"{pct(cash)}. Cash held {fmt_yuan(last['platform_cash_fen'])} "
            f"yuan; promised to members {fmt_yuan(last['promises_fen'])} yuan; taken by the "
            f"operator {fmt_yuan(last['operator_total_fen'])} yuan. {settings}")


def tree_day(model: SchemeModel) -> int | None:
    """The last day the model ran (the day its members are valued on), None before the first."""
    return model.rows[-1]["day"] if model.rows else None


@solara.component
def TreeChart(model):
    """A sample of the recruitment tree (:mod:`sim.outputs.tree`) and its caption (which says
    the day). The picture is drawn again only when it changes: after a step in which nobody
    joined and no drawn member changed side, the page keeps the picture it has."""
    update_counter.get()
    sample = recruitment_tree.sample(model)
    key = sample.drawing_key()
    fig = solara.use_memo(lambda: recruitment_tree.tree_figure(sample), [key])
    solara.FigureMatplotlib(fig, dependencies=[key], format="png", dpi=90)
    solara.Markdown(recruitment_tree.caption(sample, tree_day(model)),
                    style={"font-size": "0.9rem"})


@solara.component
def Status(model):
    update_counter.get()
    solara.Markdown(status_text(model), style={"font-size": "0.95rem"})


#: The scenario field each slider sets (the labels stay short enough for the sidebar).
SLIDER_FIELDS = {
    "group_size": "draw.group_size",
    "winners": "draw.winners",
    "cost_ratio": "draw.cost_ratio",
    "conversion": "recruitment.conversion",
    "stall_day": "recruitment.stall_day",
    "fee_rate": "withdrawal.fee_rate",
    "mean_contacts": "network.mean_contacts",
}

#: The scenario field each choice (a drop-down list) sets.
CHOICE_FIELDS = {"network_kind": "network.kind"}

#: Slider ranges: wide enough to cross the interesting thresholds, starting from the default
#: scenario's values.
model_params = {
    "group_size": Slider("Group size", value=10, min=2, max=20, step=1),
    "winners": Slider("Winners per group", value=3, min=1, max=20, step=1),
    "cost_ratio": Slider("Product cost (share of stake)", value=0.30, min=0.0, max=1.0, step=0.05),
    "conversion": Slider("Recruitment (invitations that convert)", value=0.20, min=0.05,
                         max=0.60, step=0.05),
    "stall_day": Slider(f"Outside stall on day ({DASHBOARD_DAYS} = none)",
                        value=DEFAULT_STALL_DAY, min=0,
                        max=DASHBOARD_DAYS, step=5),
    "fee_rate": Slider("Withdrawal fee", value=0.065, min=0.0, max=0.20, step=0.005),
    # Mesa's drop-down list: a dict with "type": "Select" (a Slider has no such kind)
    "network_kind": {"type": "Select", "value": DEFAULT_NETWORK_KIND,
                     "values": list(NETWORK_CHOICES), "label": "Social network"},
    # in steps of 2: 'small-world' and 'scale-free' give everyone an even number of contacts
    # (not read by 'well-mixed', where anyone can invite anyone: the status line says so)
    "mean_contacts": Slider("Contacts per person (mean)", value=(
        int(DEFAULT_MEAN_CONTACTS) if DEFAULT_MEAN_CONTACTS.is_integer() else
        DEFAULT_MEAN_CONTACTS), min=2, max=50, step=2),
    "participants": DASHBOARD_PARTICIPANTS,
    "days": DASHBOARD_DAYS,
    "seed": 1,
}

COMPONENTS = [Status, MembersChart, CashChart, LosingChart, TreeChart]

#: The name of the dashboard's one tab. Mesa 3.3's SolaraViz labels its tabs "Page 0",
#: "Page 1"... with no way to name them, so the page is SolaraViz's controls (sidebar and title)
#: around a view of its own, whose tab carries this name.
TAB_NAME = "The run, day by day"
TITLE = "pingou-sim: who loses when growth stalls"


@solara.component
def ChartsView(model):
    """The charts under one tab named :data:`TAB_NAME`."""
    with solara.v.Tabs(v_model=0):
        solara.v.Tab(children=[TAB_NAME])
    with solara.Column(style={"padding": "0.5rem"}):
        for component in COMPONENTS:
            component(model)


@solara.component
def Dashboard(model: DashboardModel):
    """SolaraViz with no components of its own (so no "Page 0" tab): its title, play and
    step controls and sliders, and the model they drive; the charts in :func:`ChartsView`."""
    reactive = solara.use_reactive(model)
    SolaraViz(reactive, components=[], model_params=model_params, name=TITLE, play_interval=150)
    ChartsView(reactive.value)


def make_page(model: DashboardModel | None = None):
    """A fresh dashboard page (display it in Jupyter, or serve it with solara)."""
    return Dashboard(model if model is not None else DashboardModel())


@solara.component
def Page():
    """The web app's page: each browser session gets its own run."""
    model = solara.use_memo(DashboardModel, [])
    return make_page(model)


#: For Jupyter: display ``page`` in a cell.
page = make_page()
