"""A group-buy lottery scheme, day by day, member by member.

People join by invitation until the population runs out or an outside event stops them. Each
day they pay stakes into 10-person groups; 3 "win" (pay and get the product plus shopping gold
that only more play releases), 7 "lose" (get the stake back plus a reward), and uplines earn a
commission on every seat. The platform keeps a cash margin on every draw, but the promises
behind the draws pile up; when newcomers stop, trust drains, members cash out, and the late
joiners are left holding what nobody will pay.

:class:`SchemeModel` is a ``mesa.Model``: ``step()`` is one day, and ``datacollector`` holds
the daily figures. The members are numpy arrays (:mod:`sim.population`), and every fen moves
through one ledger (:mod:`sim.ledger`).
"""

from __future__ import annotations

import datetime

import mesa
import numpy as np

from . import scenario as scenario_mod
from .decisions import choose_seats, update_trust
from .draws import run_zone
from .fund import fund_day
from .groups import Seats, join
from .joining import Geography
from .scenario import fen
from .ledger import Ledger, LedgerError
from .night import night
from .operator import ad_revenue, booked_profit, operate
from .params import Params
from .population import Members, QUIT
from .recruitment import recruit
from .rng import Streams
from .withdrawals import Requests, oldest_wait, withdraw

#: Columns of ``daily.csv`` in order; money in fen. Flows are the day's amounts, stocks the
#: balance at the end of the day.
DAILY_COLUMNS = (
    "day", "new_members", "members", "active_members", "quit_members", "seats", "groups",
    "failed_groups", "robot_seats", "winning_seats",
    "paid_in_fen", "withdrawn_fen", "withdraw_requested_fen", "withdraw_waiting_fen",
    "withdraw_oldest_wait_days",
    "products_fen", "loser_rewards_fen", "releases_fen", "commissions_fen", "pools_fen",
    "booked_profit_fen", "fees_fen", "operator_take_fen",
    "platform_cash_fen", "operator_total_fen", "wallets_fen", "shopping_gold_fen",
    "stakes_held_fen", "promises_fen", "dividend_points", "consumption_points", "privilege_seats",
    "collapsed", "ledger_imbalance_fen",
)


class SchemeModel(mesa.Model):
    """One run of a scheme. ``SchemeModel("quanmin-pingou", participants=20_000, seed=1)``."""

    def __init__(self, scenario: "scenario_mod.Scenario | str" = "quanmin-pingou", *,
                 participants: int | None = None, days: int | None = None,
                 seed: int | None = None, overrides: tuple | list = ()):
        scenario = scenario_mod.resolve(scenario, overrides, participants=participants,
                                        days=days, seed=seed)
        self.scenario = scenario
        super().__init__(seed=scenario.run.seed)
        self.params = Params.from_scenario(scenario)
        # price zones (RULEBOOK §3.2): one Params and one queue per zone
        z = scenario.zones
        self.zone_stakes = [fen(v) for v in (z.stakes_yuan or [scenario.draw.stake_yuan])]
        self.zone_stakes += [fen(v) for v in z.large_stakes_yuan]
        self.zone_params = [Params.from_scenario(scenario, stake=s) for s in self.zone_stakes]
        self.zone_stakes_array = np.asarray(self.zone_stakes, dtype=np.int64)
        self.queues = [Seats.empty() for _ in self.zone_stakes]
        self.streams = Streams(scenario.run.seed)
        N = scenario.run.participants
        self.members = Members(N)
        self.ledger = Ledger(N)
        self.large_members = np.zeros(N, dtype=bool)  # large prepaid customers (A11)
        self.calendar_start = datetime.date.fromisoformat(scenario.points.calendar_start)
        self.pool_snapshot: np.ndarray | None = None  # points recorded at the monthly freeze
        self.geography = Geography.build(scenario)
        self.requests = Requests()
        self.daily_pool_shares = np.zeros(N, dtype=np.int64)
        self.scratch = np.zeros(N, dtype=np.int64)  # work array for settlement waves
        self.released_today = np.zeros(N, dtype=np.int64) if scenario.policy.release_cap_day is not None else None
        self.day = 0
        self.collapsed = False
        self.collapse_day: int | None = None
        self.had_inflow = False
        self.outflow_streak = 0
        self.new_members_history: list[int] = []
        self.row: dict = {}
        self.rows: list[dict] = []
        self.datacollector = mesa.DataCollector(
            model_reporters={c: (lambda m, c=c: m.row[c]) for c in DAILY_COLUMNS})

    def queued_stakes(self) -> np.ndarray:
        """Per member, the stakes of their seats still waiting in a queue (fen)."""
        held = np.zeros(self.members.count, dtype=np.int64)
        for queue, stake in zip(self.queues, self.zone_stakes):
            if len(queue):
                np.add.at(held, queue.member, stake)
        return held

    # ---------------------------------------------------------------------------------------
    def step(self) -> None:
        """One day, in the order of MODEL.md §1."""
        self.ledger.new_day()
        if self.released_today is not None:
            self.released_today[:] = 0
        before = self.members.count
        new = recruit(self)  # 1. recruit
        new += fund_day(self)  # 1b. a classic fund's deposits, interest and return (sim.fund)
        self.new_members_history.append(new)
        joined = self.members.count - before
        update_trust(self)  # 2. decide
        ids, want = choose_seats(self)
        seats, draws = 0, {}
        for zone, params in enumerate(self.zone_params):
            in_zone = self.members.zone[ids] == zone if len(self.zone_params) > 1 else slice(None)
            seats += join(self, zone, ids[in_zone], want[in_zone])  # 3. queue and form groups
            for key, value in run_zone(self, zone, params).items():  # 3-4. draw and settle
                draws[key] = draws.get(key, 0) + value
        for key in ("stakes_kept", "products", "loser_rewards", "releases", "commissions",
                    "pools", "winning_seats", "losing_seats"):
            draws.setdefault(key, 0)
        draws["ads"] = ad_revenue(self, ids.size)
        night(self)  # 5. night settlement
        draws["releases"] += self.ledger.today["release_static"]
        paid = withdraw(self)  # 6. withdraw
        net_inflow = self.money_in_today() - paid["paid_net"]
        operate(self, draws, net_inflow)  # 7. operator
        self.record(joined, ids.size, seats, draws, paid)  # 8. record and check
        self.day += 1
        if self.day >= self.scenario.run.days:
            self.running = False

    def run(self, progress=None) -> "SchemeModel":
        while self.running:
            self.step()
            if progress is not None:
                progress(self.day)
        return self

    # ---------------------------------------------------------------------------------------
    def money_in_today(self) -> int:
        """Stakes and packages paid in from outside today, less stakes refunded to outside."""
        t = self.ledger.today
        return (t["paid_in"] + t["gift_package"] - t["refund_to_pocket"]
                - t["failed_refund_to_pocket"])

    def record(self, new, active, seats, draws, paid) -> None:
        led, m, today = self.ledger, self.members, self.ledger.today
        imbalance = led.check(self.day)
        if imbalance != 0:
            raise LedgerError(f"day {self.day}: the books are off by {imbalance} fen")
        n = m.count
        self.row = {
            "day": self.day,
            "new_members": int(new),
            "members": n,
            "active_members": int(active),
            "quit_members": int((m.status[:n] == QUIT).sum()),
            "seats": int(seats),
            "groups": draws["formed_seats"] // self.params.group_size,
            "failed_groups": draws["failed_groups"],
            "robot_seats": draws["robot_seats"],
            "winning_seats": draws["winning_seats"],
            "paid_in_fen": self.money_in_today(),
            "withdrawn_fen": paid["paid_net"],
            "withdraw_requested_fen": paid["requested"],
            "withdraw_waiting_fen": led["withdrawals_waiting"],
            "withdraw_oldest_wait_days": oldest_wait(self),
            "products_fen": draws["products"],
            "loser_rewards_fen": draws["loser_rewards"],
            "releases_fen": draws["releases"],
            "commissions_fen": draws["commissions"],
            "pools_fen": draws["pools"],
            "booked_profit_fen": booked_profit(draws),
            "fees_fen": paid["fees"],
            "operator_take_fen": today["extraction"] + today["exit_take"],
            "platform_cash_fen": led["platform_cash"],
            "operator_total_fen": led["operator"],
            "wallets_fen": int(led.wallet[:n].sum()),
            "shopping_gold_fen": int(led.shopping_gold[:n].sum()),
            "stakes_held_fen": led["stakes_held"],
            "promises_fen": led.promises_fen(),
            "dividend_points": int(m.dividend_points[:n].sum() + m.dividend_points_pool[:n].sum()),
            "privilege_seats": int(m.forced_losses_left[:n].sum()),
            "consumption_points": int(m.consumption_points[:n].sum()),
            "collapsed": int(self.collapsed),
            "ledger_imbalance_fen": imbalance,
        }
        self.rows.append(self.row)
        self.datacollector.collect(self)
