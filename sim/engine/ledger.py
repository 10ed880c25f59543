"""The one ledger: the only place money moves (MODEL.md §7).

Two books, each with named accounts, each summing to zero at all times:

* **Cash** (real money): every member's outside ``pocket`` (starts at 0; paying in makes it
  negative, so a member's pocket is their net cash result), the ``platform_cash``, the
  ``operator``'s pocket, the ``suppliers`` paid for products, and the ``advertisers`` who pay
  for ad slots when a scenario has ad revenue (their balance is minus what they paid), and the
  ``market`` that pays a fund's real return on its cash (:mod:`sim.engine.fund`; minus what it paid).
* **Promises** (what the platform owes, in fen): every member's ``wallet`` (零钱) and
  ``shopping_gold`` (购物金), the ``stakes_held`` for seats still in a queue, the
  ``withdrawals_waiting`` to be paid, the dividend pools, and the ``issuer``: the platform's
  own account, whose balance is minus everything it has promised and not yet settled.

A movement never crosses books: when a withdrawal is paid, the promise is settled in one book
and the cash moves in the other. The daily check sums the member arrays and the scalar accounts
as they are (so a mechanism that touched an array behind the ledger's back shows up) and
checks that no balance that cannot be negative has gone negative.

The ledger also keeps every **per-member tally** that the outputs report (paid in, stakes
refunded, withdrawn, commissions, releases, rewards...): each tally is fed by the flows declared
for it in :data:`TALLIES`, from the member side of each move, so no mechanism keeps a tally by
hand. A move that touches a member's outside pocket or wallet must feed a tally, so a member's
net cash result is always what their tallies say they received minus what they paid, and their
wallet what was credited to it less what was spent or withdrawn from it
(:meth:`Ledger.check_tallies`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from sim.engine.arrays import add_constant, add_values

CASH_MEMBER = ("pocket",)
CASH_SCALAR = ("platform_cash", "operator", "suppliers", "advertisers", "market")
PROMISE_MEMBER = ("wallet", "shopping_gold")
PROMISE_SCALAR = ("issuer", "stakes_held", "withdrawals_waiting", "daily_pool", "monthly_pool")
BOOK = {**{a: "cash" for a in CASH_MEMBER + CASH_SCALAR},
        **{a: "promise" for a in PROMISE_MEMBER + PROMISE_SCALAR}}
#: Per-member tallies (fen) and the flows that feed each. A flow's amounts are added to the
#: tally of the member on the member side of the move (the receiving member when both sides are
#: a member's, as in a release), or of ``for_who`` when neither side is.
TALLIES = {
    "paid_in": ("paid_in", "gift_package", "coin_cash"),  # from the pocket to the platform
    "stakes_refunded": ("refund_to_pocket", "failed_refund_to_pocket"),  # back to the pocket
    "withdrawn": ("withdrawn",),  # withdrawals paid, net of the fee
    "withdrawal_fees": ("withdrawal_fee",),  # the fee kept from each withdrawal paid
    "reserve_payout": ("reserve_payout",),  # the reserve paid out at an exit (policy)
    "task_rewards": ("task_reward",),  # the funnel's cash task reward (RULEBOOK §2, A4)
    "commissions": ("commission", "commission_team", "commission_store", "commission_regional",
                    "commission_gift"),
    "released": ("release_play", "release_downline", "release_static"),
    "loser_rewards": ("loser_reward",),
    "dividends": ("daily_dividend", "monthly_dividend"),
    "shopping_gold_credited": ("shopping_gold_credit", "fund_deposit", "fund_interest"),
    "stakes_from_wallet": ("stake_from_wallet",),  # stakes paid out of the wallet
    "wallet_refunds": ("refund_to_wallet", "failed_refund_to_wallet"),  # back to the wallet
    "withdraw_requested": ("withdraw_request",),  # from the wallet to the withdrawal queue
    # a balance put in a member's wallet by hand before a day (a test or a notebook setting up a
    # case; no rule of any scheme moves it): a credit like any other, so the books still add up
    "balances_set": ("balance_set",),
}
FLOW_TALLY = {flow: tally for tally, flows in TALLIES.items() for flow in flows}
#: what a member's pocket is made of: the cash tallies with their sign (paid in is money out)
POCKET = (("paid_in", -1), ("stakes_refunded", 1), ("withdrawn", 1), ("reserve_payout", 1),
          ("task_rewards", 1))
#: cash that came back to the pocket other than refunded stakes
RECEIVED = ("withdrawn", "reserve_payout", "task_rewards")
#: what a member's wallet is made of: every flow into or out of a wallet feeds one of these
WALLET = (("loser_rewards", 1), ("commissions", 1), ("released", 1), ("dividends", 1),
          ("wallet_refunds", 1), ("balances_set", 1), ("stakes_from_wallet", -1),
          ("withdraw_requested", -1))
# the operator's account may go below 0: it puts in cash when products must be paid for
NON_NEGATIVE = ("platform_cash", "suppliers", "stakes_held", "withdrawals_waiting",
                "daily_pool", "monthly_pool", "wallet", "shopping_gold")


class LedgerError(RuntimeError):
    """The books do not balance, or a balance went negative: always a bug in the model."""


class Ledger:
    def __init__(self, capacity: int):
        self.pocket = np.zeros(capacity, dtype=np.int64)
        self.wallet = np.zeros(capacity, dtype=np.int64)
        self.shopping_gold = np.zeros(capacity, dtype=np.int64)
        self.scalar: dict[str, int] = {a: 0 for a in CASH_SCALAR + PROMISE_SCALAR}
        self.total: dict[str, int] = defaultdict(int)  # cumulative fen per named flow
        self.today: dict[str, int] = defaultdict(int)  # fen per named flow, this day
        self.levels: dict[str, int] = {}  # per chain-walking flow, the most levels it paid up
        self.capacity = int(capacity)
        self._tallies: dict[str, np.ndarray] = {}  # allocated on a tally's first move
        self.member_sums: dict[str, int] = {}  # set by imbalance()

    # -- balances -----------------------------------------------------------------------
    def __getitem__(self, account: str) -> int:
        return self.scalar[account]

    def _member(self, account: str) -> np.ndarray:
        if account in TALLIES:
            arr = self._tallies.get(account)
            if arr is None:
                arr = self._tallies[account] = np.zeros(self.capacity, dtype=np.int64)
            return arr
        return getattr(self, account)

    # -- the one way money moves --------------------------------------------------------
    def tally(self, name: str, n: int | None = None) -> np.ndarray:
        """The per-member tally ``name`` (fen; one of :data:`TALLIES`) of the first ``n``
        members (all when ``n`` is None). Read it; never write it."""
        if name not in TALLIES:
            raise KeyError(f"no tally {name!r}; tallies: {', '.join(TALLIES)}")
        arr = self._tallies.get(name)
        if arr is None:
            arr = np.zeros(self.capacity, dtype=np.int64)
        return arr if n is None else arr[:n]

    def net_paid_in(self, who) -> np.ndarray:
        """Per member of ``who``: paid in from outside, net of the stakes refunded (fen)."""
        return self.tally("paid_in")[who] - self.tally("stakes_refunded")[who]

    def move(self, flow: str, src: str, dst: str, amount, src_who=None, dst_who=None,
             unique: bool = False, for_who=None) -> int:
        """Move ``amount`` fen from account ``src`` to account ``dst``; record it as ``flow``.

        For a member account, ``*_who`` gives the member index of each amount: ``amount`` is
        then an array aligned with it, or one whole number that every index receives (or
        pays). ``unique=True`` promises the indices hold no repeats, which allows plain fancy
        indexing. When ``flow`` feeds a per-member tally (:data:`TALLIES`) and neither account
        is a member's, ``for_who`` names the member of each amount. Returns the total moved.
        """
        if BOOK[src] != BOOK[dst]:
            raise LedgerError(f"flow {flow}: {src} and {dst} are in different books")
        who = src_who if src_who is not None else (dst_who if dst_who is not None else for_who)
        if who is None:
            total = int(amount)
        elif np.ndim(amount) == 0:  # the same amount for each index
            amount = int(amount)
            total = amount * len(who)
        else:
            amount = np.asarray(amount, dtype=np.int64)
            total = int(amount.sum())
        if total == 0 and (np.ndim(amount) == 0 or not np.any(amount)):
            return 0
        if (amount < 0) if np.ndim(amount) == 0 else (amount.min() < 0):
            raise LedgerError(f"flow {flow}: a negative amount ({int(np.min(amount))} fen); "
                              "money moves one way, from src to dst")
        self._apply(src, amount if src_who is not None else total, src_who, unique, -1)
        self._apply(dst, amount if dst_who is not None else total, dst_who, unique, 1)
        tally = FLOW_TALLY.get(flow)
        if tally is not None:
            member = dst_who if dst_who is not None else (src_who if src_who is not None
                                                         else for_who)
            if member is None:
                raise LedgerError(f"flow {flow} feeds the tally {tally}: name its members")
            self._apply(tally, amount, member, unique, 1)
        elif src in ("pocket", "wallet") or dst in ("pocket", "wallet"):
            raise LedgerError(f"flow {flow} moves a member's {src if src in ('pocket', 'wallet') else dst}"
                              " but feeds no tally")
        self.total[flow] += total
        self.today[flow] += total
        return total

    def _apply(self, account: str, amount, who, unique: bool, sign: int) -> None:
        """Add ``sign * amount`` to ``account`` (at the indices ``who`` of a member account)."""
        if who is None:
            self.scalar[account] += sign * int(amount)
            return
        arr = self._member(account)
        if np.ndim(amount) == 0:
            if unique:
                arr[who] += sign * amount
            else:
                add_constant(arr, who, sign * amount)
        elif unique:
            if sign > 0:
                arr[who] += amount
            else:
                arr[who] -= amount
        else:
            add_values(arr, who, amount if sign > 0 else -amount)

    def note_level(self, flow: str, level: int, paid: int) -> None:
        """Record that ``flow`` paid ``paid`` fen to uplines ``level`` levels above the buyer
        (the red flags read how far up the recruitment tree pay reached)."""
        if paid > 0:
            self.levels[flow] = max(self.levels.get(flow, 0), int(level))

    def new_day(self) -> None:
        self.today = defaultdict(int)

    # -- the daily check ----------------------------------------------------------------
    def imbalance(self) -> int:
        """|sum of the cash book| + |sum of the promise book|: 0 when every fen is accounted for.
        The sums of the member accounts it adds up are kept in :attr:`member_sums` (account
        -> fen, over every entry of the array), for the daily record."""
        self.member_sums = {a: int(getattr(self, a).sum()) for a in CASH_MEMBER + PROMISE_MEMBER}
        cash = self.member_sums["pocket"] + sum(self.scalar[a] for a in CASH_SCALAR)
        promise = (self.member_sums["wallet"] + self.member_sums["shopping_gold"]
                   + sum(self.scalar[a] for a in PROMISE_SCALAR))
        return abs(cash) + abs(promise)

    def check(self, day: int) -> int:
        """Return the imbalance; raise if a balance that cannot be negative went negative."""
        for account in NON_NEGATIVE:
            if account in self.scalar:
                if self.scalar[account] < 0:
                    raise LedgerError(f"day {day}: account {account} is negative "
                                      f"({self.scalar[account]} fen)")
            else:
                arr = self._member(account)
                if arr.size and arr.min() < 0:
                    raise LedgerError(f"day {day}: a member's {account} is negative "
                                      f"({int(arr.min())} fen)")
        return self.imbalance()

    def check_tallies(self, n: int) -> None:
        """Raise unless every member's pocket and wallet are what their tallies say: the pocket
        is received (withdrawn, reserve payout, task rewards) plus stakes refunded, minus paid
        in (:data:`POCKET`); the wallet is everything credited to it (loser rewards,
        commissions, releases, dividends, stakes refunded to it) less the stakes paid and the
        withdrawals requested out of it (:data:`WALLET`)."""
        for account, parts in (("pocket", POCKET), ("wallet", WALLET)):
            held = np.zeros(n, dtype=np.int64)
            for name, sign in parts:
                held += sign * self.tally(name, n)
            actual = getattr(self, account)[:n]
            off = np.flatnonzero(held != actual)
            if off.size:
                i = int(off[0])
                raise LedgerError(f"member {i}: {account} {int(actual[i])} fen, tallies say "
                                  f"{int(held[i])} fen ({off.size} members off)")

    def promises_fen(self) -> int:
        """Everything the platform owes in money: wallets, shopping gold, held stakes, waiting
        withdrawals and the dividend pools."""
        return -self.scalar["issuer"]
