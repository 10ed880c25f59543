"""The one ledger: the only place money moves (MODEL.md §7).

Two books, each with named accounts, each summing to zero at all times:

* **Cash** (real money): every member's outside ``pocket`` (starts at 0; paying in makes it
  negative, so a member's pocket is their net cash result), the ``platform_cash``, the
  ``operator``'s pocket, the ``suppliers`` paid for products, and the ``advertisers`` who pay
  for ad slots when a scenario has ad revenue (their balance is minus what they paid), and the
  ``market`` that pays a fund's real return on its cash (:mod:`sim.fund`; minus what it paid).
* **Promises** (what the platform owes, in fen): every member's ``wallet`` (零钱) and
  ``shopping_gold`` (购物金), the ``stakes_held`` for seats still in a queue, the
  ``withdrawals_waiting`` to be paid, the dividend pools, and the ``issuer``: the platform's
  own account, whose balance is minus everything it has promised and not yet settled.

A movement never crosses books: when a withdrawal is paid, the promise is settled in one book
and the cash moves in the other. The daily check sums the member arrays and the scalar accounts
as they are (so a mechanism that touched an array behind the ledger's back shows up) and
checks that no balance that cannot be negative has gone negative.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .arrays import add_constant, add_values

CASH_MEMBER = ("pocket",)
CASH_SCALAR = ("platform_cash", "operator", "suppliers", "advertisers", "market")
PROMISE_MEMBER = ("wallet", "shopping_gold")
PROMISE_SCALAR = ("issuer", "stakes_held", "withdrawals_waiting", "daily_pool", "monthly_pool")
BOOK = {**{a: "cash" for a in CASH_MEMBER + CASH_SCALAR},
        **{a: "promise" for a in PROMISE_MEMBER + PROMISE_SCALAR}}
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

    # -- balances -----------------------------------------------------------------------
    def __getitem__(self, account: str) -> int:
        return self.scalar[account]

    def _member(self, account: str) -> np.ndarray:
        return getattr(self, account)

    # -- the one way money moves --------------------------------------------------------
    def move(self, flow: str, src: str, dst: str, amount, src_who=None, dst_who=None,
             unique: bool = False) -> int:
        """Move ``amount`` fen from account ``src`` to account ``dst``; record it as ``flow``.

        For a member account, ``*_who`` gives the member index of each amount: ``amount`` is
        then an array aligned with it, or one whole number that every index receives (or
        pays). ``unique=True`` promises the indices hold no repeats, which allows plain fancy
        indexing. Returns the total moved.
        """
        if BOOK[src] != BOOK[dst]:
            raise LedgerError(f"flow {flow}: {src} and {dst} are in different books")
        who = src_who if src_who is not None else dst_who
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
        self._apply(src, amount if src_who is not None else total, src_who, unique, -1)
        self._apply(dst, amount if dst_who is not None else total, dst_who, unique, 1)
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

    def new_day(self) -> None:
        self.today = defaultdict(int)

    # -- the daily check ----------------------------------------------------------------
    def imbalance(self) -> int:
        """|sum of the cash book| + |sum of the promise book|: 0 when every fen is accounted for."""
        cash = int(self.pocket.sum()) + sum(self.scalar[a] for a in CASH_SCALAR)
        promise = (int(self.wallet.sum()) + int(self.shopping_gold.sum())
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

    def promises_fen(self) -> int:
        """Everything the platform owes in money: wallets, shopping gold, held stakes, waiting
        withdrawals and the dividend pools."""
        return -self.scalar["issuer"]
