"""A group-buy lottery scheme, day by day, member by member.

People join by invitation until the population runs out or an outside event stops them. Each
day they pay stakes into 10-person groups; 3 "win" (pay and get the product plus shopping gold
that only more play releases), 7 "lose" (get the stake back plus a reward), and uplines earn a
commission on every seat. The platform keeps a cash margin on every draw, but the promises
behind the draws pile up; when newcomers stop, trust drains, members cash out, and the late
joiners are left holding what nobody will pay.

:class:`SchemeModel` is a ``mesa.Model``: ``step()`` is one day, and ``datacollector`` holds
the daily figures. The members are numpy arrays (:mod:`sim.engine.members`), and every fen moves
through one ledger (:mod:`sim.engine.ledger`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import mesa
import numpy as np

from sim.scheme import scenario as scenario_mod
from sim.engine import valuation
from sim.engine.decisions import choose_seats, update_trust
from sim.engine.seen import ContactTally, DownlineWatch
from sim.engine.draws import run_zone
from sim.engine.fund import fund_day
from sim.engine.groups import Seats, join, take_part
from sim.engine.joining import Geography, Referrals
from sim.scheme.scenario import fen
from sim.engine.ledger import TALLIES, Ledger, LedgerError
from sim.engine.night import night
from sim.engine.calendar import PointsCalendar
from sim.engine.operator import ExitWatch, ad_revenue, operate
from sim.engine.policy import ReleaseCap
from sim.scheme.params import Params
from sim.engine.members import Members, QUIT
from sim.engine.recruitment import build_network, note_joins, recruit
from sim.engine.settlement import DrawTotals
from sim.rng import Streams
from sim.engine.withdrawals import Requests, oldest_wait, withdraw

#: Columns of ``daily.csv`` in order; money in fen. Flows are the day's amounts, stocks the
#: balance at the end of the day. ``walk_away_fen`` (what every member could take out if they
#: stopped that day) and the two shares losing (among the members so far, against a shop and
#: as the scheme tells it), the counts behind (``behind_shop``, ``behind_told``) and
#: ``told_balances_fen`` (every balance at the value the scheme gives it) are
#: :mod:`sim.engine.valuation`'s, the same definition as in ``participants.csv``.
DAILY_COLUMNS = (
    "day", "new_members", "members", "active_members", "quit_members", "seats", "groups",
    "failed_groups", "robot_seats", "winning_seats",
    "paid_in_fen", "stakes_refunded_fen", "withdrawn_fen", "withdraw_requested_fen", "withdraw_waiting_fen",
    "withdraw_oldest_wait_days",
    "products_fen", "loser_rewards_fen", "releases_fen", "commissions_fen", "pools_fen",
    "booked_profit_fen", "fees_fen", "operator_take_fen",
    "platform_cash_fen", "operator_total_fen", "wallets_fen", "shopping_gold_fen",
    "stakes_held_fen", "promises_fen", "walk_away_fen", "dividend_points", "consumption_points",
    "privilege_seats", "collapsed", "ledger_imbalance_fen", "share_losing_shop", "share_losing_told",
    "behind_shop", "behind_told", "told_balances_fen",
)


@dataclass
class Players:
    """Today's players: who, how many seats, and whether this is their first play of the day
    and ever (hidden rules 1 and 2)."""

    ids: np.ndarray
    want: np.ndarray
    first_today: np.ndarray
    first_ever: np.ndarray

    def in_zone(self, model, zone: int):
        """The players whose price zone is ``zone`` (all of them when there is one zone)."""
        return model.members.zone[self.ids] == zone if len(model.zone_params) > 1 else slice(None)


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
        # per zone: the seats sim.engine.groups.join queued today, as made and where they went
        # (a Batch), for the settlement's order; None outside the day's draws
        self.batches: list = [None] * len(self.zone_stakes)
        self.streams = Streams(scenario.run.seed)
        N = scenario.run.participants
        self.members = Members(N)
        # who knows whom (MODEL.md §2), once for the run; row_of_person: each person's member
        # row, -1 until they join (None when well mixed: a member's person is their row)
        self.network, self.row_of_person = build_network(self)
        # per link of the network (network.refusals = 'remembered'): the promoter asked this
        # contact and was told no; never asked again by them
        self.refused = (np.zeros(self.network.neighbours.size, dtype=bool)
                        if self.row_of_person is not None
                        and scenario.network.refusals == "remembered" else None)
        # per person (with refusals remembered): every contact of theirs has joined or has told
        # them no, so they have nobody left to ask, ever (sim.engine.recruitment)
        self.asked_everyone = (np.zeros(N, dtype=bool) if self.refused is not None else None)
        self.ledger = Ledger(N)
        self.large_members = np.zeros(N, dtype=bool)  # large prepaid customers (A11)
        self.points_calendar = PointsCalendar(
            datetime.date.fromisoformat(scenario.points.calendar_start))
        self.geography = Geography.build(scenario)
        self.referrals = Referrals()  # gift packages sold today, their referrals to pay
        self.requests = Requests()
        self.daily_pool_shares = np.zeros(N, dtype=np.int64)
        # work array as long as the population, for the hidden rules' waves and the
        # shopping-gold sequence's index of the members it touches (never held across steps)
        self.scratch = np.zeros(N, dtype=np.int64)
        self.release_cap = ReleaseCap(N) if scenario.policy.release_cap_day is not None else None
        self.day = 0
        self.collapsed = False
        self.collapse_day: int | None = None
        self.exit_watch = ExitWatch()
        self.new_members_history: list[int] = []
        # what each member sees (MODEL.md §3): their downline's newcomers, their contacts'
        # quitting (sim.engine.seen)
        self.downline_watch = (DownlineWatch(N) if scenario.behaviour.newcomers_watched
                               == "downline" else None)
        self.contact_tally = ContactTally(self.network) if scenario.network.local_trust else None
        self.valuation_buffers = valuation.Buffers()  # the daily record's work arrays
        self.row: dict = {}
        self.rows: list[dict] = []
        self.datacollector = mesa.DataCollector(
            model_reporters={c: (lambda m, c=c: m.row[c]) for c in DAILY_COLUMNS})

    def queued_stakes(self, out: np.ndarray | None = None) -> np.ndarray:
        """Per member, the stakes of their seats still waiting in a queue (fen); into ``out``
        (zeros, as long as the membership) when given."""
        held = np.zeros(self.members.count, dtype=np.int64) if out is None else out
        for queue, stake in zip(self.queues, self.zone_stakes):
            if len(queue):
                np.add.at(held, queue.member, stake)
        return held

    # ---------------------------------------------------------------------------------------
    def step(self) -> None:
        """One day, in the order of MODEL.md §1."""
        self._new_day()
        joined = self._recruit()  # 1. recruit
        players = self._decide()  # 2. decide
        seats, draws = self._queue_draw_settle(players)  # 3-4. queue, draw, settle each draw
        draws.ads = ad_revenue(self, players.ids.size)
        night(self)  # 5. night settlement
        draws.releases += self.ledger.today["release_static"]
        paid = withdraw(self)  # 6. withdraw
        operate(self, draws, net_inflow=self.money_in_today() - paid.paid_net)  # 7. operator
        self.record(joined, players.ids.size, seats, draws, paid)  # 8. record and check
        self.day += 1
        if self.day >= self.scenario.run.days:
            self.running = False

    def _new_day(self) -> None:
        self.ledger.new_day()
        if self.release_cap is not None:
            self.release_cap.new_day()

    def _recruit(self) -> int:
        """Invitations, the funnel and a fund's depositors; return how many joined today."""
        before = self.members.count
        new = recruit(self) + fund_day(self)  # fund_day: a classic fund (sim.engine.fund)
        note_joins(self, before)  # each newcomer's contacts still outside
        m = self.members
        if self.downline_watch is not None:
            self.downline_watch.joined(m.upline, before, m.count)
        if self.contact_tally is not None:
            self.contact_tally.add_joined(m.person[before:m.count])
        self.new_members_history.append(new)
        return self.members.count - before

    def _decide(self) -> Players:
        """Trust and today's seats; today's players become promoters for every draw of today
        (RULEBOOK §8), and today's gift-package referrals are paid (§11)."""
        active = update_trust(self)
        ids, want = choose_seats(self, active)
        first_today, first_ever = take_part(self, ids)
        self.referrals.pay(self)
        return Players(ids, want, first_today, first_ever)

    def _queue_draw_settle(self, players: Players) -> tuple[int, DrawTotals]:
        """Each price zone in turn: today's seats join its queue, its full groups are drawn and
        settled. Return the seats joined and the day's draw totals."""
        seats, draws = 0, DrawTotals()
        for zone, params in enumerate(self.zone_params):
            here = players.in_zone(self, zone)
            seats += join(self, zone, players.ids[here], players.want[here],
                          players.first_today[here], players.first_ever[here])
            draws += run_zone(self, zone, params)
            self.batches[zone] = None  # read by the draws only: not kept past them
        return seats, draws

    def run(self, progress=None) -> "SchemeModel":
        while self.running:
            self.step()
            if progress is not None:
                progress(self.day)
        self.valuation_buffers = valuation.Buffers()  # the days' work arrays: not needed now
        return self

    # ---------------------------------------------------------------------------------------
    def paid_in_today(self) -> int:
        """Cash paid in from outside today (gross): stakes, gift packages, the virtual-product
        trick's coin cash, a fund's deposits."""
        t = self.ledger.today
        return sum(t[flow] for flow in TALLIES["paid_in"])

    def refunded_today(self) -> int:
        """Stakes refunded to the members' outside pockets today (of seats paid today or
        earlier)."""
        t = self.ledger.today
        return sum(t[flow] for flow in TALLIES["stakes_refunded"])

    def money_in_today(self) -> int:
        """Net money in today: paid in from outside less stakes refunded to outside (negative
        on a day when more of earlier days' stakes come back than new money comes in)."""
        return self.paid_in_today() - self.refunded_today()

    def record(self, new, active, seats, draws, paid) -> None:
        led, m, today = self.ledger, self.members, self.ledger.today
        imbalance = led.check(self.day)
        if imbalance != 0:
            raise LedgerError(f"day {self.day}: the books are off by {imbalance} fen")
        n = m.count
        worth = valuation.values(self, self.day, buffers=self.valuation_buffers)
        # each count once: the shares are the counts over the members so far
        behind_shop = valuation.behind(worth.net_shop)
        behind_told = valuation.behind(worth.net_told)
        self.row = {
            "day": self.day,
            "new_members": int(new),
            "members": n,
            "active_members": int(active),
            "quit_members": int((m.status[:n] == QUIT).sum()),
            "seats": int(seats),
            "groups": draws.formed_seats // self.params.group_size,
            "failed_groups": draws.failed_groups,
            "robot_seats": draws.robot_seats,
            "winning_seats": draws.winning_seats,
            "paid_in_fen": self.paid_in_today(),
            "stakes_refunded_fen": self.refunded_today(),
            "withdrawn_fen": paid.paid_net,
            "withdraw_requested_fen": paid.requested,
            "withdraw_waiting_fen": led["withdrawals_waiting"],
            "withdraw_oldest_wait_days": oldest_wait(self),
            "products_fen": draws.products,
            "loser_rewards_fen": draws.loser_rewards,
            "releases_fen": draws.releases,
            "commissions_fen": draws.commissions,
            "pools_fen": draws.pools,
            "booked_profit_fen": draws.booked_profit(),
            "fees_fen": paid.fees,
            "operator_take_fen": today["extraction"] + today["exit_take"],
            "platform_cash_fen": led["platform_cash"],
            "operator_total_fen": led["operator"],
            # the ledger's check has just summed them (every entry past n is 0)
            "wallets_fen": led.member_sums["wallet"],
            "shopping_gold_fen": led.member_sums["shopping_gold"],
            "stakes_held_fen": led["stakes_held"],
            "promises_fen": led.promises_fen(),
            "walk_away_fen": int(worth.walk_away.sum()),
            "dividend_points": int(m.dividend_points[:n].sum() + m.dividend_points_pool[:n].sum()),
            "privilege_seats": int(m.forced_losses_left[:n].sum()),
            "consumption_points": int(m.consumption_points[:n].sum()),
            "collapsed": int(self.collapsed),
            "ledger_imbalance_fen": imbalance,
            "share_losing_shop": valuation.share(behind_shop, n),
            "share_losing_told": valuation.share(behind_told, n),
            "behind_shop": behind_shop,
            "behind_told": behind_told,
            "told_balances_fen": int(worth.told_balances.sum()),
        }
        self.rows.append(self.row)
        self.datacollector.collect(self)
