"""The scheme told member by member: one ``mesa.Agent`` per member, the rules in plain Python.

This is the slow twin of :class:`sim.engine.model.SchemeModel`. It reads the same
:class:`~sim.scheme.scenario.Scenario` and runs the same core rules in the same daily order
(MODEL.md §1), but every rule is written for one member at a time, as the rulebook states it.
Nothing is vectorised, so a reader can check each line against the rulebook.

It serves three purposes:

* **oracle**: over many seeds, its distributions of the key outputs must agree with the
  engine's (``tests/test_oracle.py``). It draws its *own* random numbers (Mesa's
  ``model.random``, a ``random.Random`` seeded with the scenario's seed), so the two models
  never make identical runs: the oracle compares distributions;
* **baseline**: the benchmark (``benchmarks/bench.py``) measures how much faster the engine is;
* **teaching**: the classroom notebook can show this code.

Core rules implemented: recruitment by peer invitation with the stall (MODEL §2, RULEBOOK §8),
trust, quitting and seats (MODEL §3), one FIFO queue and the draw (RULEBOOK §3), shopping
gold, dynamic and static release, loser reward, points (§4, §5, §7), two-level promotion
commissions (§10), withdrawals with minimum and fee (§13.1, MODEL §4), the operator's
``profit_share`` extraction and the three exit rules (MODEL §5).

Not implemented, because they are off in the default preset (a scenario that turns one on
raises :class:`ReferenceUnsupported`; see :data:`CORE_FIELDS`): price zones, robots, hidden
rules and failed groups (RULEBOOK §3.2, §3.5, §9), the dividend pools and the points calendar
(§6), dynamic release 2 (§5.5), team, store and regional commissions and gift packages (§10.3,
§11), the withdrawal ramp (§13.1), the policy levers (issue 7) and extraction
``cash_above_reserve``.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import mesa

from sim.scheme import scenario as scenario_mod
from sim.scheme.scenario import Scenario, fen, ppm

PPM = 1_000_000

#: The default of ``behaviour.downline_notice_min``: members only notice a slowdown once the
#: watched best week has brought at least this many newcomers (the engine's assumption in
#: sim/engine/decisions.py, restated here). The model reads the scenario's field; this name
#: stays for the code that imported it.
NOTICEABLE_WEEK = 10


class ReferenceUnsupported(ValueError):
    """The scenario uses a rule the reference model does not implement."""


def poisson(rng, mean: float) -> int:
    """How many events a Poisson process with this daily ``mean`` brings in one day: count the
    exponential waiting times that fit in the day."""
    if mean <= 0:
        return 0
    events, clock = 0, rng.expovariate(mean)
    while clock < 1.0:
        events += 1
        clock += rng.expovariate(mean)
    return events


#: The scenario fields the reference reads. Every other field must keep its default, where
#: the rule it belongs to is off (``meta`` and ``run`` are always free).
CORE_FIELDS = {
    "recruitment": ("founders_share", "founders_min", "invite_rate", "conversion",
                    "stall_day", "stall_factor", "regions"),
    "draw": ("stake_yuan", "group_size", "winners", "daily_cap", "cost_ratio"),
    "rewards": ("loser_reward_rate", "loser_reward_yuan", "winner_shopping_gold_rate",
                "winner_dividend_points_rate", "consumption_points_rate"),
    "release": ("per_play_rate", "per_play_yuan", "static_daily_rate", "before_credit"),
    "commission": ("level1_rate", "level2_rate", "level1_yuan", "level2_yuan",
                   "require_promoter"),
    "withdrawal": ("min_yuan", "fee_rate"),
    "behaviour": ("budget_median_yuan", "budget_sigma", "seats_per_day", "shopping_gold_hook",
                  "trust_initial", "trust_paid_gain", "trust_wait_loss", "trust_newcomer_loss",
                  "quit_threshold", "withdraw_propensity", "newcomers_watched",
                  "downline_notice_min",
                  "trust_failed_group_loss"),  # inert: no core rule fails a group
    "operator": ("extraction", "extraction_share", "exit_rule", "exit_wait_days",
                 "exit_outflow_days"),
    "points": ("calendar_start", "move_to_pool"),  # inert: they only move points, no money
    "valuation": ("retail_margin",),  # inert: it values the goods, moves no money
    # the population is well mixed (REFERENCE_VALUES); the shape fields are inert then
    "network": ("kind", "mean_contacts", "exponent", "shuffle", "rewire", "path",
                "outside_reach", "refusals", "local_trust", "trust_contact_quit_loss"),
}

#: Fields the reference reads that must hold one value, the only one it implements; the
#: engine's default may differ (its default network is 'clustered').
REFERENCE_VALUES = {("network", "kind"): "well-mixed"}


def core_scenario(scenario: "Scenario | str") -> Scenario:
    """``scenario`` (a Scenario or a preset's name) with every rule the reference lacks switched
    off: each field outside :data:`CORE_FIELDS` back to its default. The engine and the
    reference can then run the same rules, e.g. ``core_scenario("quanmin-pingou")`` is the
    default preset without its dividend pools and regional agents."""
    sc = scenario_mod.resolve(scenario, ())
    update = {}
    for sname, section in scenario_mod.SECTIONS.items():
        if sname in ("meta", "run"):
            continue
        defaults = {fname: field.get_default(call_default_factory=True)
                    for fname, field in section.model_fields.items()
                    if fname not in CORE_FIELDS.get(sname, ())}
        defaults.update({f: v for (sec, f), v in REFERENCE_VALUES.items() if sec == sname})
        update[sname] = getattr(sc, sname).model_copy(update=defaults)
    return sc.model_copy(update=update)


def check_supported(sc: Scenario) -> None:
    """Raise :class:`ReferenceUnsupported` if ``sc`` uses a rule the reference lacks."""
    problems = []
    for sname, section in scenario_mod.SECTIONS.items():
        if sname in ("meta", "run"):
            continue
        for fname, field in section.model_fields.items():
            if fname in CORE_FIELDS.get(sname, ()):
                continue
            if getattr(getattr(sc, sname), fname) != field.get_default(call_default_factory=True):
                problems.append(f"{sname}.{fname}")
    for (sname, fname), value in REFERENCE_VALUES.items():
        if getattr(getattr(sc, sname), fname) != value:
            problems.append(f"{sname}.{fname} = {getattr(getattr(sc, sname), fname)!r} (it "
                            f"implements {value!r} only)")
    if sc.operator.extraction == "cash_above_reserve":
        problems.append("operator.extraction = cash_above_reserve")
    if problems:
        raise ReferenceUnsupported("the reference model does not implement: " + ", ".join(problems))


@dataclass
class Seat:
    """One seat in the queue: whose it is, and whether its stake came from the wallet."""

    member: "Member"
    from_wallet: bool


@dataclass
class Request:
    """One withdrawal request waiting in the platform's queue."""

    member: "Member"
    amount: int  # fen, the whole wallet at the time of asking
    day: int


class Member(mesa.Agent):
    """One person who joined the scheme. Money in integer fen."""

    def __init__(self, model: "ReferenceModel", inviter: "Member | None", budget: int,
                 region: int):
        super().__init__(model)
        self.join_day = model.day
        self.upline = inviter  # direct upline (直推上级); None for a founder
        self.upline2 = inviter.upline if inviter is not None else None  # indirect upline
        self.region = region  # recruits live in their inviter's region
        self.budget = budget  # fen this person is willing to put in over the whole run
        self.spent = 0  # fen put in from outside, net of refunds
        self.trust = model.sc.behaviour.trust_initial
        self.quit = False
        # newcomers in this member's own downline, per day of the last seven, and the best
        # seven days so far (behaviour.newcomers_watched = 'downline')
        self.downline_days: deque[int] = deque(maxlen=7)
        self.downline_best = 0
        self.promoter_until = -1  # last day of promoter validity (RULEBOOK §8)
        self.ever_played = False
        self.waiting = False  # has a withdrawal request waiting
        # on the platform: promises
        self.wallet = 0  # 零钱: withdrawable
        self.shopping_gold = 0  # 购物金: released only by more play
        self.dividend_points = 0
        self.consumption_points = 0
        # outside: real money. Paying in makes the pocket negative; it is the member's net cash.
        self.pocket = 0
        self.withdrawn = 0
        self.seats = 0
        self.wins = 0

    # -- 1. recruitment -----------------------------------------------------------------
    def is_promoter(self, day: int) -> bool:
        return self.promoter_until >= day

    def invite(self, factor: float, share_not_joined: float) -> int:
        """How many people join through this member today (MODEL §2): invitations arrive at
        ``invite_rate`` a day; each lands on someone not yet joined with probability equal to
        the share of the population not yet joined, who then joins with ``conversion``."""
        rec = self.model.sc.recruitment
        joined = 0
        for _ in range(poisson(self.random, rec.invite_rate * factor)):
            if self.random.random() < share_not_joined and self.random.random() < rec.conversion:
                joined += 1
        return joined

    # -- 2. decide ------------------------------------------------------------------------
    def lose_trust(self, amount: float) -> None:
        self.trust = min(max(self.trust - amount, 0.0), 1.0)

    def seats_wanted(self) -> int:
        """Seats today: Poisson with mean trust x (seats per day + the shopping-gold hook if the
        member holds gold), at most the daily cap and what wallet plus remaining budget can pay
        (MODEL §3)."""
        b, P = self.model.sc.behaviour, self.model.stake
        hook = b.shopping_gold_hook if self.shopping_gold > 0 else 0.0
        want = poisson(self.random, self.trust * (b.seats_per_day + hook))
        want = min(want, self.model.sc.draw.daily_cap)
        budget_left = max(self.budget - self.spent, 0)
        return min(want, self.wallet // P + budget_left // P)

    # -- 3. queue -------------------------------------------------------------------------
    def pay_stakes(self, seats: int, day: int) -> list[Seat]:
        """Pay each seat's stake: from the wallet while it holds a whole stake, otherwise from
        outside (RULEBOOK §3.3 proposal). Playing today extends promoter validity (§8, A29)."""
        model, P = self.model, self.model.stake
        taken = []
        for _ in range(seats):
            if self.wallet >= P:
                self.wallet -= P
                taken.append(Seat(self, from_wallet=True))
            else:
                self.pocket -= P
                self.spent += P
                model.platform_cash += P
                model.today["paid_in"] += P
                taken.append(Seat(self, from_wallet=False))
            model.stakes_held += P
        # first play of the day: validity runs one more day; a first-ever play adds one more
        self.promoter_until = max(self.promoter_until, day - 1) + 1
        if not self.ever_played:
            self.promoter_until += 1
            self.ever_played = True
        return taken

    # -- 4. settle one seat of a draw ---------------------------------------------------
    def release_for_play(self) -> None:
        """Dynamic release 1, once per seat, win or lose (A14), never more than the balance."""
        release = min(self.model.rules["release_per_play"], self.shopping_gold)
        self.shopping_gold -= release
        self.wallet += release
        self.model.today["releases"] += release

    def credit_shopping_gold(self) -> None:
        """A winner's new shopping gold (item C, RULEBOOK §4.1)."""
        self.shopping_gold += self.model.rules["shopping_gold"]

    def play(self, seat: Seat, won: bool) -> None:
        """Settle this member's seat in a draw, after the draw's releases and credits (RULEBOOK
        §4, §10)."""
        model, P, day = self.model, self.model.stake, self.model.day
        rules = model.rules
        model.stakes_held -= P
        if won:
            # the winner pays: the stake is kept, the supplier paid, the product delivered (§4.1)
            model.platform_cash -= rules["product_cost"]
            model.suppliers += rules["product_cost"]
            model.today["stakes_kept"] += P
            model.today["products"] += rules["product_cost"]
            self.dividend_points += rules["dividend_points"]  # item B
            self.wins += 1
        else:
            # the loser gets the stake back where it came from, plus the reward (§3.7, §4.2)
            if seat.from_wallet:
                self.wallet += P
            else:
                model.platform_cash -= P
                self.pocket += P
                self.spent -= P
                model.today["refund_to_pocket"] += P
            self.wallet += rules["loser_reward"]
            model.today["loser_rewards"] += rules["loser_reward"]
        self.consumption_points += rules["consumption_points"]
        self.seats += 1
        # promotion commissions on every seat, win or lose, to uplines valid today (§8, §10)
        for upline, amount in ((self.upline, rules["level1"]), (self.upline2, rules["level2"])):
            if upline is None or amount == 0:
                continue
            if rules["require_promoter"] and not upline.is_promoter(day):
                continue  # the platform keeps it
            upline.wallet += amount
            model.today["commissions"] += amount

    # -- 5. night -------------------------------------------------------------------------
    def static_release(self) -> None:
        """Release a share of the shopping-gold balance into the wallet (RULEBOOK §5.3)."""
        amount = self.shopping_gold * self.model.rules["static_ppm"] // PPM
        self.shopping_gold -= amount
        self.wallet += amount
        self.model.today["releases"] += amount

    # -- 6. withdraw ----------------------------------------------------------------------
    def asks_to_withdraw(self) -> bool:
        """Ask for the whole wallet if it holds at least the minimum: always after quitting,
        otherwise with the daily propensity (MODEL §4, RULEBOOK §13.1)."""
        if self.waiting or self.wallet < max(self.model.rules["withdraw_min"], 1):
            return False
        if self.quit:
            return True
        return self.random.random() < self.model.sc.behaviour.withdraw_propensity


class ReferenceModel(mesa.Model):
    """One run, member by member: ``ReferenceModel("quanmin-pingou", participants=500, seed=1)``.

    ``step()`` is one day; ``summary()`` gives the key outputs the oracle compares.
    """

    def __init__(self, scenario: "Scenario | str" = "quanmin-pingou", *,
                 participants: int | None = None, days: int | None = None,
                 seed: int | None = None, overrides: tuple | list = ()):
        scenario = scenario_mod.resolve(scenario, overrides, participants=participants,
                                        days=days, seed=seed)
        check_supported(scenario)
        super().__init__(seed=scenario.run.seed)  # self.random: this model's own dice
        self.sc = sc = scenario
        self.population = sc.run.participants
        self.stake = P = fen(sc.draw.stake_yuan)
        # every share of a stake rounded down once (MODEL §7): the payer keeps the remainder
        self.rules = {
            "product_cost": P * ppm(sc.draw.cost_ratio) // PPM,
            "loser_reward": P * ppm(sc.rewards.loser_reward_rate) // PPM
                            + fen(sc.rewards.loser_reward_yuan),
            "shopping_gold": P * ppm(sc.rewards.winner_shopping_gold_rate) // PPM,
            "dividend_points": P * ppm(sc.rewards.winner_dividend_points_rate) // PPM // 100,
            "consumption_points": P * ppm(sc.rewards.consumption_points_rate) // PPM // 100,
            "release_per_play": P * ppm(sc.release.per_play_rate) // PPM
                                + fen(sc.release.per_play_yuan),
            "release_before_credit": sc.release.before_credit,
            "static_ppm": ppm(sc.release.static_daily_rate),
            "level1": P * ppm(sc.commission.level1_rate) // PPM + fen(sc.commission.level1_yuan),
            "level2": P * ppm(sc.commission.level2_rate) // PPM + fen(sc.commission.level2_yuan),
            "require_promoter": sc.commission.require_promoter,
            "withdraw_min": fen(sc.withdrawal.min_yuan),
            "fee_ppm": ppm(sc.withdrawal.fee_rate),
            "extraction_ppm": ppm(sc.operator.extraction_share),
        }
        self.day = 0
        self.members: list[Member] = []  # in order of joining (also in self.agents)
        self.queue: deque[Seat] = deque()  # seats waiting for a full group, first in first out
        self.requests: deque[Request] = deque()  # withdrawals waiting, first in first out
        # the platform's books, in fen
        self.platform_cash = 0  # real money on the platform
        self.operator = 0  # real money the operator took
        self.suppliers = 0  # real money paid for products
        self.stakes_held = 0  # promise: stakes of seats not yet drawn
        self.withdrawals_waiting = 0  # promise: requests not yet paid
        self.withdrawal_fees = 0  # fen of fees kept from paid withdrawals
        self.collapsed = False
        self.collapse_day: int | None = None
        self.had_inflow = False
        self.outflow_streak = 0
        self.newcomers: list[int] = []  # recruits per day (founders count 0)
        self.best_week = 0
        self.today: dict[str, int] = {}  # the day's flows, for the operator and the record
        self.taking: list[tuple[Member, int]] = []  # today's (member, seats)
        self.seats_total = 0
        self.groups_total = 0
        self.failed_groups = 0  # no core rule makes a full group fail (RULEBOOK §9.3 is off)
        self.datacollector = mesa.DataCollector(model_reporters={
            "members": lambda m: len(m.members), "seats": lambda m: m.today["seats"],
            "paid_in_fen": lambda m: m.today["paid_in"] - m.today["refund_to_pocket"],
            "withdrawn_fen": lambda m: m.today["withdrawn"],
            "platform_cash_fen": "platform_cash", "collapsed": "collapsed"})

    # -----------------------------------------------------------------------------------
    def step(self) -> None:
        """One day, in the order of MODEL.md §1."""
        self.today = dict.fromkeys(("paid_in", "refund_to_pocket", "stakes_kept", "products",
                                    "loser_rewards", "releases", "commissions", "withdrawn",
                                    "seats"), 0)
        self.recruit()  # 1
        self.decide()  # 2
        draws = self.queue_and_draw()  # 3
        self.settle(draws)  # 4
        self.night()  # 5
        self.withdraw()  # 6
        self.operate()  # 7
        self.datacollector.collect(self)  # 8
        self.day += 1
        if self.day >= self.sc.run.days:
            self.running = False

    def run(self) -> "ReferenceModel":
        while self.running:
            self.step()
        return self

    # -- 1. recruit -------------------------------------------------------------------------
    def join(self, inviter: Member | None, region: int) -> None:
        b = self.sc.behaviour
        budget = round(self.random.lognormvariate(math.log(b.budget_median_yuan * 100),
                                                  b.budget_sigma))
        self.members.append(Member(self, inviter, max(budget, 0), region))

    def recruit(self) -> None:
        rec = self.sc.recruitment
        if self.day == 0:  # the founders: a share of the population, rounded up, at least
            # founders_min of them when the share is above 0, at most everybody
            founders = -(-self.population * ppm(rec.founders_share) // PPM)
            if founders > 0:
                founders = max(founders, rec.founders_min)
            founders = min(founders, self.population)
            for _ in range(founders):
                self.join(None, self.random.randrange(rec.regions))
            self.newcomers.append(0)
            return
        room = self.population - len(self.members)
        stalled = rec.stall_day is not None and self.day >= rec.stall_day
        factor = rec.stall_factor if stalled else 1.0
        joiners: list[Member] = []  # one entry per person who joins, naming the inviter
        if room > 0 and not self.collapsed and factor > 0:
            share_not_joined = room / self.population
            # invitations sent yesterday by the then-valid promoters land today (RULEBOOK §8)
            for member in self.members:
                if member.is_promoter(self.day - 1) and not member.quit:
                    joiners += [member] * member.invite(factor, share_not_joined)
            if len(joiners) > room:  # more people than are left: a random few of them join
                keep = sorted(self.random.sample(range(len(joiners)), room))
                joiners = [joiners[i] for i in keep]
            for inviter in joiners:
                self.join(inviter, inviter.region)
        self.newcomers.append(len(joiners))
        self.count_downline_newcomers(joiners)

    def count_downline_newcomers(self, joiners: list[Member]) -> None:
        """Each newcomer is one more newcomer today for their inviter, their inviter's
        inviter and so on up to a founder; every member's last seven days move on a day."""
        today: dict[int, int] = {}
        for inviter in joiners:
            above = inviter
            while above is not None:
                today[above.unique_id] = today.get(above.unique_id, 0) + 1
                above = above.upline
        for member in self.members:
            member.downline_days.append(today.get(member.unique_id, 0))
            member.downline_best = max(member.downline_best, sum(member.downline_days))

    # -- 2. decide --------------------------------------------------------------------------
    def newcomer_fall(self) -> float:
        """How far the last 7 days' newcomers are below the best 7 days so far (MODEL §3); 0
        while the best 7 days brought fewer than ``behaviour.downline_notice_min``."""
        if len(self.newcomers) < 7:
            return 0.0
        week = sum(self.newcomers[-7:])
        self.best_week = max(self.best_week, week)
        if self.best_week < self.sc.behaviour.downline_notice_min:
            return 0.0
        return max(0.0, 1.0 - week / self.best_week)

    def downline_fall(self, member: Member) -> float:
        """How far the member's own downline's last 7 days of newcomers are below their best
        7 days (0 when their best week brought fewer than ``behaviour.downline_notice_min``)."""
        if member.downline_best < self.sc.behaviour.downline_notice_min:
            return 0.0
        return 1.0 - sum(member.downline_days) / member.downline_best

    def decide(self) -> None:
        """Members lose trust as the newcomers they watch dry up (the whole scheme's, or their
        own downline's) and, with local_trust, by the share of the other members who have
        quit (well mixed: everyone is a contact); below the threshold a member quits; the
        others choose today's seats (MODEL §3)."""
        b, net = self.sc.behaviour, self.sc.network
        everyone = b.newcomers_watched == "everyone"
        fall = self.newcomer_fall() if everyone else 0.0
        quit_share = 0.0
        if net.local_trust:
            gone = sum(1 for member in self.members if member.quit)
            quit_share = gone / max(len(self.members) - 1, 1)
        for member in self.members:
            if not everyone:
                fall = self.downline_fall(member)
            if fall > 0:
                member.lose_trust(b.trust_newcomer_loss * fall)
            if quit_share > 0 and not member.quit:
                member.lose_trust(net.trust_contact_quit_loss * quit_share)
            if not member.quit and member.trust < b.quit_threshold:
                member.quit = True
        self.taking = []
        if self.collapsed:
            return
        for member in self.members:
            if not member.quit:
                seats = member.seats_wanted()
                if seats > 0:
                    self.taking.append((member, seats))

    # -- 3. queue and form groups ------------------------------------------------------------
    def queue_and_draw(self) -> list[tuple[list[Seat], set[int]]]:
        """Pay today's stakes, queue the seats (they arrive in random order over the day), and
        take every full group from the head of the queue; draw w winners of n uniformly
        (RULEBOOK §3.4, §3.6). Returns each group's seats and its winners' positions."""
        today: list[Seat] = []
        for member, seats in self.taking:
            today += member.pay_stakes(seats, self.day)
        self.random.shuffle(today)
        self.queue.extend(today)
        self.today["seats"] = len(today)
        self.seats_total += len(today)
        n, w = self.sc.draw.group_size, self.sc.draw.winners
        draws = []
        while len(self.queue) >= n:
            group = [self.queue.popleft() for _ in range(n)]
            draws.append((group, set(self.random.sample(range(n), w))))
        self.groups_total += len(draws)
        return draws

    # -- 4. settle -------------------------------------------------------------------------
    def settle(self, draws) -> None:
        """Settle every group in group order; within a group (RULEBOOK §5.6, A22): dynamic
        release 1 for every seat on the balances before the draw, then the winners' new
        shopping gold (the other way round with ``release.before_credit`` false), then each
        seat's stake, goods, refund, reward and commissions."""
        before_credit = self.rules["release_before_credit"]
        for group, winners in draws:
            won = [seat for position, seat in enumerate(group) if position in winners]
            if not before_credit:
                for seat in won:
                    seat.member.credit_shopping_gold()
            for seat in group:
                seat.member.release_for_play()
            if before_credit:
                for seat in won:
                    seat.member.credit_shopping_gold()
            for position, seat in enumerate(group):
                seat.member.play(seat, won=position in winners)

    # -- 5. night --------------------------------------------------------------------------
    def night(self) -> None:
        """Static release at 00:00, when the scenario has one (RULEBOOK §5.3)."""
        if self.collapsed or not self.rules["static_ppm"]:
            return
        for member in self.members:
            if member.shopping_gold > 0:
                member.static_release()

    # -- 6. withdraw -----------------------------------------------------------------------
    def withdraw(self) -> None:
        """Requests join one queue; the platform pays them in arrival order from the cash it
        holds beyond the stakes of queued seats; one that cannot be paid in full blocks the rest
        (MODEL §4, RULEBOOK §13.1)."""
        if self.collapsed:
            return
        b = self.sc.behaviour
        asking = [member for member in self.members if member.asks_to_withdraw()]
        self.random.shuffle(asking)  # today's requests arrive in random order
        for member in asking:
            self.requests.append(Request(member, member.wallet, self.day))
            self.withdrawals_waiting += member.wallet
            member.wallet = 0
            member.waiting = True
        available = self.platform_cash - self.stakes_held
        paid = 0
        while self.requests and available > 0:
            request = self.requests[0]
            fee = request.amount * self.rules["fee_ppm"] // PPM  # stays with the platform
            net = request.amount - fee
            if paid + net > available:
                break
            self.requests.popleft()
            paid += net
            self.withdrawal_fees += fee
            self.withdrawals_waiting -= request.amount
            self.platform_cash -= net
            member = request.member
            member.pocket += net
            member.withdrawn += net
            member.waiting = False
            member.trust = min(member.trust + b.trust_paid_gain, 1.0)
        self.today["withdrawn"] = paid
        for request in self.requests:  # waiting lowers trust: a shortfall becomes a run
            request.member.lose_trust(b.trust_wait_loss)

    # -- 7. operator -----------------------------------------------------------------------
    def operate(self) -> None:
        """Extraction of a share of the day's booked 'profit', then the exit rule (MODEL §5)."""
        if self.collapsed:
            return
        op, t = self.sc.operator, self.today
        free_cash = max(self.platform_cash - self.stakes_held, 0)
        if op.extraction == "profit_share":
            profit = (t["stakes_kept"] - t["products"] - t["loser_rewards"] - t["releases"]
                      - t["commissions"])
            take = min(max(profit, 0) * self.rules["extraction_ppm"] // PPM, free_cash)
            self.platform_cash -= take
            self.operator += take
        net_inflow = t["paid_in"] - t["refund_to_pocket"] - t["withdrawn"]
        if net_inflow > 0:
            self.had_inflow = True
        # the operator leaves once the scheme stops bringing money in
        no_inflow = net_inflow <= 0 and self.had_inflow
        self.outflow_streak = self.outflow_streak + 1 if no_inflow else 0
        if op.exit_rule == "withdrawal_wait":
            fire = bool(self.requests) and self.day - self.requests[0].day >= op.exit_wait_days
        elif op.exit_rule == "net_outflow":
            fire = self.outflow_streak >= op.exit_outflow_days
        else:
            fire = False
        if fire:  # the operator freezes every payout and takes all the cash
            self.collapsed = True
            self.collapse_day = self.day
            self.operator += self.platform_cash
            self.platform_cash = 0

    # -- results ------------------------------------------------------------------------------
    def summary(self) -> dict:
        """The key outputs, with the meanings of ``summary.json`` (money in fen)."""
        members = self.members
        cash_book = (sum(m.pocket for m in members) + self.platform_cash + self.operator
                     + self.suppliers)
        losing = sum(m.pocket < 0 for m in members)
        return {
            "participants": len(members),
            "share_losing_cash": losing / len(members) if members else 0.0,
            "collapse_day": self.collapse_day,
            "paid_in_fen": sum(m.spent for m in members),
            "withdrawn_fen": sum(m.withdrawn for m in members),
            "withdrawal_fees_fen": self.withdrawal_fees,
            "operator_take_fen": self.operator,
            "shopping_gold_fen": sum(m.shopping_gold for m in members),
            "wallets_fen": sum(m.wallet for m in members),
            "stakes_held_fen": self.stakes_held,
            "seats": self.seats_total,
            "groups": self.groups_total,
            "failed_groups": self.failed_groups,
            "cash_book_fen": cash_book,  # every fen of real money accounted for: always 0
        }
