"""Who lost money, and where it went (MODEL.md §6).

For every member, ``net = cash got back out - cash put in`` (fen), valued five ways:

* ``shop``, the headline: goods at market price plus what the member could walk away with
  (:mod:`sim.engine.valuation`, the same definition as the daily record's): is this person
  worse off than if they had bought the same goods in an ordinary shop and never joined?
* ``told``: goods at sticker price and every balance at the value the scheme gives it, what
  members are told and believe;
* ``cash`` (products count for nothing), ``cost`` (products at what they cost the platform)
  and ``sticker`` (at their full sticker price), kept for continuity: these three leave out the
  balances still on the platform (wallet, shopping gold, waiting withdrawals, stakes in the
  queue), reported beside them as ``promised_fen``.

Summed over members, ``net_shop`` is an identity of the ledger's cash book
(:func:`shop_identity`): where the money went.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis import redflags
from sim.engine import valuation
from sim.engine.joining import PACKAGES
from sim.engine.ledger import RECEIVED, TALLIES, LedgerError
from sim.engine.members import IDENTITIES, STATUS_NAMES
from sim.money import fmt_yuan


def downline_sizes(upline: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """Number of members below each member in the recruitment tree (all levels)."""
    size = np.zeros(upline.size, dtype=np.int64)
    for d in range(int(depth.max(initial=0)), 0, -1):
        at = np.flatnonzero(depth == d)
        np.add.at(size, upline[at], size[at] + 1)
    return size


def _region_names(numbers: np.ndarray) -> dict:
    """Each region number that occurs, and its name (``R1``, ``R2``...): looked up once per
    region, not once per member."""
    return {r: f"R{r}" for r in np.unique(numbers).tolist()}


def participants_table(model) -> pd.DataFrame:
    """One row per member. Every money figure is a tally the ledger kept (``Ledger.tally``) or
    a balance; ``net_cash_fen`` is what the member received minus what they paid in, which the
    ledger checks against their outside pocket. ``goods_market_fen``, ``walk_away_fen``,
    ``net_shop_fen`` and ``net_told_fen`` are :func:`sim.engine.valuation.values` at the last
    day's withdrawal rules, as on the last row of ``daily.csv``."""
    m, led = model.members, model.ledger
    n = m.count
    led.check_tallies(n)
    tally = {name: led.tally(name, n) for name in TALLIES}
    received = sum(tally[name] for name in RECEIVED)
    paid_in = tally["paid_in"] - tally["stakes_refunded"]
    worth = valuation.values(model)  # at the last day's rules, as the daily record
    held, waiting = worth.queued_stakes, worth.waiting  # seats still queued, requests waiting
    net_cash = received - paid_in
    upline = m.upline[:n]
    df = pd.DataFrame({
        "id": np.arange(n),
        "join_day": m.join_day[:n],
        "join_week": m.join_day[:n] // 7,
        "upline": pd.array(np.where(upline >= 0, upline, 0), dtype="Int64").copy(),
        "depth": m.depth[:n],
        "identity": pd.Series(m.identity[:n]).map(IDENTITIES),
        "team_tier": m.team_tier[:n],
        "region": pd.Series(m.region[:n] + 1).map(_region_names(m.region[:n] + 1)),
        "status": pd.Series(m.status[:n]).map(STATUS_NAMES),
        "direct_downlines": m.direct_downlines[:n],
        "downline_size": downline_sizes(upline, m.depth[:n]),
        # the person's contacts in the network (population - 1 when well mixed), and how many
        # of them were not in by the end of the day the member joined (sim.engine.recruitment)
        "contacts": m.contacts[:n],
        "contacts_outside_at_join": m.contacts_outside_at_join[:n],
        "seats": m.seats[:n],
        "wins": m.wins[:n],
        "paid_in_fen": paid_in,
        "stakes_refunded_fen": tally["stakes_refunded"],
        "withdrawn_fen": tally["withdrawn"],
        "withdrawal_fees_fen": tally["withdrawal_fees"],
        "reserve_payout_fen": tally["reserve_payout"],
        "task_rewards_fen": tally["task_rewards"],
        "received_fen": received,
        "commissions_fen": tally["commissions"],
        "loser_rewards_fen": tally["loser_rewards"],
        "dividends_fen": tally["dividends"],
        "released_fen": tally["released"],
        "wallet_stakes_fen": tally["stakes_from_wallet"] - tally["wallet_refunds"],
        "wallet_fen": led.wallet[:n],
        "shopping_gold_fen": led.shopping_gold[:n],
        "waiting_fen": waiting,
        "queued_stakes_fen": held,
        "dividend_points": m.dividend_points[:n] + m.dividend_points_pool[:n],
        "consumption_points": m.consumption_points[:n],
        "privilege_seats": m.forced_losses_left[:n],  # forced losses still owed (hidden rules 3-4)
        "goods_cost_fen": m.goods_cost[:n],
        "goods_sticker_fen": m.goods_sticker[:n],
        "net_cash_fen": net_cash,
        "net_cost_fen": net_cash + m.goods_cost[:n],
        "net_sticker_fen": net_cash + m.goods_sticker[:n],
        "goods_market_fen": worth.goods_market,
        "walk_away_fen": worth.walk_away,
        "net_shop_fen": worth.net_shop,
        "net_told_fen": worth.net_told,
    })
    df.loc[upline < 0, "upline"] = pd.NA  # founders have no upline: an empty cell
    df["promised_fen"] = (df["wallet_fen"] + df["shopping_gold_fen"] + df["waiting_fen"]
                          + df["queued_stakes_fen"])
    for name, part in loss_split(df, set_by_hand=tally["balances_set"]).items():
        df[name] = part
    return df


#: The parts of a member's ``net_shop`` (MODEL.md §6), columns of ``participants.csv``:
#: ``net_shop_fen == transfers_fen - over_market_fen - fees_fen - stranded_fen``, to the fen.
LOSS_PARTS = ("over_market_fen", "fees_fen", "stranded_fen", "transfers_fen")


def loss_split(parts: pd.DataFrame, set_by_hand=0) -> dict[str, np.ndarray]:
    """Each member's ``net_shop`` split into where it went, in fen (``LOSS_PARTS``):

    * ``over_market_fen``: what the member's goods cost them above their market price, the
      scheme's price for them (``goods_sticker_fen``: a winner's kept stake, a package's price)
      less ``goods_market_fen``; negative if the goods came below a shop's price;
    * ``fees_fen``: the withdrawal fees the member paid;
    * ``stranded_fen``: the member's fen left on the platform that they cannot walk away
      with: wallet, waiting withdrawals and stakes still queued, less ``walk_away_fen`` (so it
      holds the fee a walk-away would pay, and everything once payouts are frozen). Shopping
      gold, points and privileges are not here: they are promises that were never fen in the
      member's hands (a winner's gold came on top of goods already paid for; a fund's balance
      stands for a deposit whose fen paid others), and they count in ``net_told`` only;
    * ``transfers_fen``: what moved, net, between this member and the rest of the scheme
      (other members, the platform's cash, the operator): every credit that reached them as
      money (loser rewards, commissions, releases of shopping gold and dividends into the
      wallet; task rewards and reserve payouts into the pocket; ``set_by_hand``, the
      ledger's ``balances_set`` tally, 0 in any run of a scenario) less the money they put in
      (from outside, ``paid_in_fen``, or out of the wallet, ``wallet_stakes_fen``) that bought
      no goods and is not held for them in a queue. Negative: their money paid others.

    ``transfers_fen`` is worked out from the ledger's tallies, not as the rest of ``net_shop``,
    so the identity is a check of the books (the ledger's pocket and wallet checks, the
    valuation and the goods): :class:`LedgerError` if any member's parts do not add up.
    """
    over = (parts["goods_sticker_fen"] - parts["goods_market_fen"]).to_numpy(np.int64)
    fees = parts["withdrawal_fees_fen"].to_numpy(np.int64)
    stranded = (parts["wallet_fen"] + parts["waiting_fen"] + parts["queued_stakes_fen"]
                - parts["walk_away_fen"]).to_numpy(np.int64)
    credits = (parts["loser_rewards_fen"] + parts["commissions_fen"] + parts["released_fen"]
               + parts["dividends_fen"] + parts["task_rewards_fen"] + parts["reserve_payout_fen"]
               + set_by_hand)
    bought_nothing = (parts["paid_in_fen"] + parts["wallet_stakes_fen"]
                      - parts["goods_sticker_fen"] - parts["queued_stakes_fen"])
    transfers = (credits - bought_nothing).to_numpy(np.int64)
    off = np.flatnonzero(transfers - over - fees - stranded != parts["net_shop_fen"].to_numpy())
    if off.size:
        raise LedgerError(f"member {int(off[0])}: the parts of net_shop do not add up "
                          f"({off.size} members off)")
    return dict(zip(LOSS_PARTS, (over, fees, stranded, transfers)))


def recruitment_peak_day(daily: pd.DataFrame) -> int:
    """The last day of the 7-day window with the most newcomers (founders excluded)."""
    new = daily["new_members"].to_numpy(dtype=np.int64).copy()
    new[0] = 0
    weekly = pd.Series(new).rolling(7, min_periods=1).sum().to_numpy()
    return int(np.argmax(weekly)) if weekly.max() > 0 else 0


def growth_peak_day(daily: pd.DataFrame) -> int | None:
    """The day with the most newcomers (the first such day), founders' day 0 excluded; None
    when nobody joined after day 0."""
    new = daily["new_members"].to_numpy(dtype=np.int64)[1:]
    if not new.size or new.max() <= 0:
        return None
    return int(np.argmax(new)) + 1


def activity_end_day(daily: pd.DataFrame) -> tuple[int, int | None]:
    """(peak day of seats, first later day with under a tenth of the peak's seats or None)."""
    seats = daily["seats"].to_numpy()
    peak = int(np.argmax(seats))
    if seats[peak] == 0:
        return peak, None
    after = np.flatnonzero(seats[peak:] * 10 < seats[peak])
    return peak, (int(peak + after[0]) if after.size else None)


def _share(mask) -> float:
    """The share of ``mask`` that is true (:func:`sim.engine.valuation.share`: six decimals,
    never rounded to all or nothing)."""
    return valuation.share(int(np.count_nonzero(mask)), len(mask))


#: The valuations of a member's net, headline first (the module docstring).
VALUATIONS = ("shop", "told", "cash", "cost", "sticker")


def cohorts_table(parts: pd.DataFrame) -> pd.DataFrame:
    g = parts.groupby("join_week", sort=True)
    out = pd.DataFrame({
        "join_week": g.size().index,
        "first_day": g["join_day"].min().to_numpy(),
        "members": g.size().to_numpy(),
    })
    for v in VALUATIONS:
        out[f"share_losing_{v}"] = g[f"net_{v}_fen"].apply(lambda s: _share(s < 0)).to_numpy()
    for v in ("cash", "cost", "sticker"):  # the median of all the cohort's members
        out[f"median_net_{v}_fen"] = g[f"net_{v}_fen"].median().round().astype("int64").to_numpy()
    for col in ("paid_in_fen", "withdrawn_fen", "commissions_fen", "promised_fen",
                "shopping_gold_fen"):
        out[col] = g[col].sum().to_numpy()
    return out


#: What :func:`contacts_table` breaks the shop measure down by: each member's number of
#: contacts in the social network, and how many of them were still outside the scheme on the
#: day the member joined (the market left to them; Gastwirth 1977: who joins late finds it
#: taken).
CONTACT_MEASURES = ("contacts", "contacts_outside_at_join")

#: The columns of :func:`contacts_table`, in order.
CONTACT_COLUMNS = ("by", "bin", "low", "high", "members", "share_losing_shop",
                   "share_losing_told", "median_net_shop_fen", "median_net_shop_all_fen",
                   "lost_shop_fen", "gained_shop_fen", "mean_downline")


def contact_bins(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value's bin as its (low, high) bounds, both included: 0, 1, then doublings (2-3,
    4-7, 8-15, ...), the same bins for every kind of network, so that tables of different
    runs line up."""
    v = np.asarray(values, dtype=np.int64)
    low = np.where(v <= 0, 0, 2 ** np.floor(np.log2(np.maximum(v, 1))).astype(np.int64))
    high = np.where(v <= 0, 0, 2 * low - 1)
    return low, high


def contacts_table(parts: pd.DataFrame, well_mixed: bool = False) -> pd.DataFrame:
    """Who lost, against a shop (MODEL.md §6), by number of contacts and by contacts still
    outside at joining (:data:`CONTACT_MEASURES`, binned by :func:`contact_bins`): one row per
    measure and non-empty bin, with the members in it, the shares behind against a shop and
    as told, the median net of those behind and of all, the fen lost by those behind and
    gained by those ahead, and the mean downline (everyone below, all levels). Empty (the
    columns only) without a network (``well_mixed``): everyone then knows everyone, and
    contacts say nothing."""
    rows = []
    if not well_mixed and len(parts):
        net = parts["net_shop_fen"].to_numpy()
        told = parts["net_told_fen"].to_numpy()
        down = parts["downline_size"].to_numpy()
        for by in CONTACT_MEASURES:
            low, high = contact_bins(parts[by].to_numpy())
            for lo in np.unique(low):
                mask = low == lo
                sub = net[mask]
                rows.append({
                    "by": by, "bin": f"{lo}" if lo <= 1 else f"{lo}-{2 * lo - 1}",
                    "low": int(lo), "high": int(high[mask][0]), "members": int(mask.sum()),
                    "share_losing_shop": _share(sub < 0),
                    "share_losing_told": _share(told[mask] < 0),
                    "median_net_shop_fen": _median_behind(sub),
                    "median_net_shop_all_fen": int(round(float(np.median(sub)))),
                    "lost_shop_fen": -int(sub[sub < 0].sum()),
                    "gained_shop_fen": int(sub[sub > 0].sum()),
                    "mean_downline": round(float(down[mask].mean()), 3),
                })
    return pd.DataFrame(rows, columns=list(CONTACT_COLUMNS)).astype(
        {"low": "int64", "high": "int64", "members": "int64", "median_net_shop_fen": "int64",
         "median_net_shop_all_fen": "int64", "lost_shop_fen": "int64",
         "gained_shop_fen": "int64"})


def summary_dict(model, daily: pd.DataFrame, parts: pd.DataFrame) -> dict:
    """``summary.json``: what was run and how it ended, the money totals, the promises still
    outstanding, who lost, the groups compared, the books' check and the legal red flags;
    ``lasted``: how growth ended, the days from the growth peak to the exit, and per 100 yuan
    paid in the cash each rule credited to members, the shopping gold, the supplier's and the
    operator's shares (:func:`sim.analysis.lasted.lasted_figures`, whose docstring gives each
    figure)."""
    from sim.analysis.lasted import lasted_figures  # here: it reads this module's early warning
    peak_day, end_day = activity_end_day(daily)
    return {
        **_what_was_run(model, daily, peak_day, end_day),
        **_money_totals(model, parts),
        **_outstanding_promises(model, daily, end_day),
        **_who_lost(parts),
        "shop_identity": shop_identity(model, parts),
        "loss_split": loss_split_summary(parts),
        "break_even": break_even(model, parts),
        "at_stall": at_stall(model, daily, parts),
        "early_warning": early_warning(daily, model.collapse_day),
        "lasted": lasted_figures(model, daily),
        **_groups(parts),
        "ledger_imbalance_fen": int(daily["ledger_imbalance_fen"].abs().max()) if len(daily) else 0,
        **redflags.summary(model, parts),  # red_flags and recruitment_tree (ANCHORS "The law")
    }


def _what_was_run(model, daily: pd.DataFrame, peak_day: int, end_day: int | None) -> dict:
    """The scenario, seed and size of the run, and its days that matter: the outside stall (if
    within the run), the exit, the peaks, the end of activity; ``ending`` says which ended it."""
    sc = model.scenario
    stall = sc.recruitment.stall_day
    return {
        "scenario": sc.meta.name,
        "seed": sc.run.seed,
        "days": sc.run.days,
        "population": sc.run.participants,
        "participants": int(model.members.count),
        "stall_day": stall if stall is not None and stall < sc.run.days else None,
        "collapse_day": model.collapse_day,
        "peak_day": peak_day,
        "activity_end_day": end_day,
        "recruitment_peak_day": recruitment_peak_day(daily),
        "growth_peak_day": growth_peak_day(daily),
        "ending": "exit" if model.collapsed else ("activity" if end_day is not None
                                                  else "running"),
    }


def _money_totals(model, parts: pd.DataFrame) -> dict:
    """The members' cash in and out, what the operator took and put in, and the platform's."""
    led = model.ledger
    return {
        "paid_in_fen": int(parts["paid_in_fen"].sum()),
        "withdrawn_fen": int(parts["withdrawn_fen"].sum()),
        "stakes_refunded_fen": int(parts["stakes_refunded_fen"].sum()),
        "task_rewards_fen": int(parts["task_rewards_fen"].sum()),
        "received_fen": int(parts["received_fen"].sum()),
        # what the operator took (extraction and the exit); what it had to put in for products
        "operator_take_fen": int(led.total["extraction"] + led.total["exit_take"]),
        "operator_injected_fen": int(led.total["operator_injection"]),
        "suppliers_fen": led["suppliers"],
        "ad_revenue_fen": int(led.total["ads"]),
        "withdrawal_fees_fen": int(parts["withdrawal_fees_fen"].sum()),
        "reserve_payout_fen": int(parts["reserve_payout_fen"].sum()),
        "platform_cash_fen": led["platform_cash"],
    }


def _outstanding_promises(model, daily: pd.DataFrame, end_day: int | None) -> dict:
    """What the platform still owes at the end (balances, points, forced losses), and what it
    owed its members on the day activity ended (None if it never did)."""
    sc, led, m, n = model.scenario, model.ledger, model.members, model.members.count
    stranded = None
    if end_day is not None:
        row = daily.iloc[end_day]
        stranded = int(row["shopping_gold_fen"] + row["wallets_fen"] + row["withdraw_waiting_fen"])
    return {
        "outstanding": {
            "wallets_fen": int(led.wallet[:n].sum()),
            "shopping_gold_fen": int(led.shopping_gold[:n].sum()),
            "withdrawals_waiting_fen": led["withdrawals_waiting"],
            "stakes_held_fen": led["stakes_held"],
            "dividend_points": int(m.dividend_points[:n].sum() + m.dividend_points_pool[:n].sum()),
            "consumption_points": int(m.consumption_points[:n].sum()),
            "privilege_seats": int(m.forced_losses_left[:n].sum()),
            "consumption_points_value_fen": int(
                m.consumption_points[:n].sum() * round(sc.points.consumption_point_value_yuan * 100)),
        },
        "stranded_at_activity_end_fen": stranded,
    }


def _median_behind(net: np.ndarray) -> int:
    """The median of the nets below 0 (fen, rounded to the nearest fen as every median here);
    0 when none is."""
    behind = net[net < 0]
    return int(round(float(np.median(behind)))) if behind.size else 0


def _who_lost(parts: pd.DataFrame) -> dict:
    """The shares of members whose net is negative, in each valuation, and the medians; against
    a shop (the headline), also the median of those behind (a negative fen amount, 0 when nobody
    is behind), the total they lost (a positive fen amount) and the total the others gained. The
    shares against a shop and as told are :func:`valuation.share_losing`, as in daily.csv, so the
    last day's shares there are these."""
    net = parts["net_cash_fen"].to_numpy()
    losers = net[net < 0]
    shop = parts["net_shop_fen"].to_numpy()
    behind, ahead = shop[shop < 0], shop[shop > 0]
    return {
        "share_losing_shop": valuation.share_losing(shop),
        "median_net_shop_fen": _median_behind(shop),
        "lost_shop_fen": -int(behind.sum()),
        "gained_shop_fen": int(ahead.sum()),
        "share_losing_told": valuation.share_losing(parts["net_told_fen"].to_numpy()),
        "share_losing_cash": _share(net < 0),
        "share_losing_cost": _share(parts["net_cost_fen"] < 0),
        "share_losing_sticker": _share(parts["net_sticker_fen"] < 0),
        "median_net_cash_fen": int(round(float(np.median(net)))) if len(net) else 0,
        "median_loss_cash_fen": int(round(float(np.median(-losers)))) if losers.size else 0,
    }


def shop_identity(model, parts: pd.DataFrame) -> dict:
    """Where the money went (MODEL.md §6), in fen: the members' ``net_shop`` summed is the sum
    of ``plus`` less the sum of ``minus``, to the fen.

    It is the ledger's cash book read off: members' pockets + platform cash + operator +
    suppliers + advertisers + market = 0, where a member's pocket is their ``net_cash``, the
    operator's account is what it took less what it put in, the suppliers hold the members'
    goods at cost plus anything bought that no member holds as goods (the virtual-product
    trick's cards), and the advertisers and a fund's market hold minus what they paid in. Adding
    the goods at market price and the walk-away values to both sides:

    ``sum(net_shop) = retail margin (goods at market - at cost) + walk-away + operator's
    injections + ad revenue + market return - operator's take - platform cash - supplies beyond
    the goods``.
    """
    led = model.ledger
    goods_cost = int(parts["goods_cost_fen"].sum())
    return {
        "net_shop_fen": int(parts["net_shop_fen"].sum()),
        "plus": {
            # what a shop would have charged above the goods' cost: the members did not pay it
            "retail_margin_fen": int(parts["goods_market_fen"].sum()) - goods_cost,
            "walk_away_fen": int(parts["walk_away_fen"].sum()),  # what they could still take out
            "operator_injected_fen": int(led.total["operator_injection"]),
            "ad_revenue_fen": int(led.total["ads"]),
            "market_return_fen": -led["market"],  # a fund's real return on its cash
        },
        "minus": {
            "operator_take_fen": int(led.total["extraction"] + led.total["exit_take"]),
            "platform_cash_fen": led["platform_cash"],
            "suppliers_beyond_goods_fen": led["suppliers"] - goods_cost,
        },
    }


def loss_split_summary(parts: pd.DataFrame) -> dict:
    """``loss_split`` in summary.json: the parts of :func:`loss_split` summed over the members
    behind a shop, so that ``net_shop_fen == transfers_fen - over_market_fen - fees_fen -
    stranded_fen`` and ``net_shop_fen == -lost_shop_fen``."""
    behind = parts["net_shop_fen"].to_numpy() < 0
    out = {"members": int(behind.sum()), "net_shop_fen": int(parts["net_shop_fen"][behind].sum())}
    for name in LOSS_PARTS:
        out[name] = int(parts[name][behind].sum())
    return out


def break_even(model, parts: pd.DataFrame) -> dict:
    """The goods' break-even price: the lowest market price at which at least half the members
    would not be behind a shop, a figure that needs no assumed retail margin.

    With the goods worth ``r`` times their cost, member ``i``'s net is ``a_i + c_i * r``
    (``a = net_shop - goods_market``: cash and walk-away; ``c = goods_cost``). Nets only rise
    with ``r``, so the lowest ``r`` at which ``ceil(n / 2)`` members reach 0 is, counting the
    ``k`` members at 0 or above whatever the goods are worth (``a >= 0``), the
    ``(ceil(n / 2) - k)``-th smallest of the thresholds ``-a_i / c_i`` of those behind who hold
    goods. ``reason`` says why there is no such price: ``"free"`` (half are not behind even
    with goods worth nothing: ``r = 0``) or ``"no_goods"`` (too few hold goods: no price would
    do). ``products`` gives each product's price at that ``r`` (rounded up to the fen) beside
    its sticker, cost and assumed market price.
    """
    n = len(parts)
    a = (parts["net_shop_fen"] - parts["goods_market_fen"]).to_numpy(np.int64)
    c = parts["goods_cost_fen"].to_numpy(np.int64)
    need = -(-n // 2)
    k = need - int(np.count_nonzero(a >= 0))
    holders = (a < 0) & (c > 0)
    reason, r = None, None
    if n == 0:
        reason = "no_goods"
    elif k <= 0:
        reason, r = "free", 0.0
    elif k > int(holders.sum()):
        reason = "no_goods"
    else:
        threshold = -a[holders] / c[holders]
        r = float(np.partition(threshold, k - 1)[k - 1])
    ratio = model.params.market_per_cost
    cost, sticker = int(parts["goods_cost_fen"].sum()), int(parts["goods_sticker_fen"].sum())
    products = []
    for name, price, goods in _products(model):
        products.append({"name": name, "sticker_fen": price, "cost_fen": goods,
                         "market_fen": goods * ratio.numerator // ratio.denominator,
                         "break_even_fen": None if r is None else int(np.ceil(r * goods - 1e-9))})
    return {"market_per_cost": None if r is None else round(r, 6),
            "share_of_sticker": None if r is None or sticker == 0 else round(r * cost / sticker, 6),
            "assumed_market_per_cost": round(ratio.numerator / ratio.denominator, 6),
            "products": products, "reason": reason}


def _products(model) -> list[tuple[str, int, int]]:
    """(name, sticker price, cost) in fen of each good the scheme sells: the product of each
    price zone, and each gift package that can be bought; a "good" that costs nothing (a fund's
    deposit, a rebate scheme's fee) is left out."""
    out = [(f"{fmt_yuan(zp.stake).removesuffix('.00')} yuan draw", zp.stake, zp.goods_cost)
           for zp in model.zone_params]
    p, g = model.params, model.scenario.gift
    for identity, name in PACKAGES:
        price = p.package_price[identity]
        if price and getattr(g, f"{name}_share"):
            out.append((f"{name} package", price, price * p.package_cost_ppm // 1_000_000))
    return [product for product in out if product[2] > 0]  # goods that cost nothing are none


def at_stall(model, daily: pd.DataFrame, parts: pd.DataFrame) -> dict | None:
    """The day growth stalled (the outside stall day when inside the run, else the recruitment
    peak: growth stopped by itself) against the end: on that day, how many members were behind
    as the scheme tells it and against a shop, and the balances at face value against what
    could be walked away with (the row of ``daily.csv``); at the end, how many of those same
    members are behind a shop, and the same balances. None for a run with no day."""
    if not len(daily):
        return None
    stall = model.scenario.recruitment.stall_day
    outside = stall is not None and stall < len(daily)
    day = int(stall) if outside else recruitment_peak_day(daily)
    row, last = daily.iloc[day], daily.iloc[-1]
    members = int(row["members"])
    then = parts["id"].to_numpy() < members  # ids are given in order of joining
    return {"day": day, "kind": "outside" if outside else "own", "members": members,
            "behind_told": int(row["behind_told"]), "behind_shop": int(row["behind_shop"]),
            "behind_shop_at_end": int(np.count_nonzero(parts["net_shop_fen"].to_numpy()[then] < 0)),
            "behind_told_at_end": int(np.count_nonzero(parts["net_told_fen"].to_numpy()[then] < 0)),
            "told_balances_fen": int(row["told_balances_fen"]),
            "walk_away_fen": int(row["walk_away_fen"]),
            "told_balances_end_fen": int(last["told_balances_fen"]),
            "walk_away_end_fen": int(last["walk_away_fen"])}


#: Days summed in the early warning's net inflow (a week: one day's draws and withdrawals are
#: lumpy, and a weekly sum is what an observer of the platform would watch).
WARNING_WINDOW_DAYS = 7


def early_warning(daily: pd.DataFrame, collapse_day: int | None) -> dict:
    """The day the platform's net inflow turns negative, the predictor of collapse of Zhu et al.
    (Physica A 479, 2017; docs/evidence.md): the first day, after the inflow has once been
    positive, on which the members' cash into the platform over the last
    :data:`WARNING_WINDOW_DAYS` days (``paid_in_fen - stakes_refunded_fen - withdrawn_fen`` of
    daily.csv, the operator's own measure of net inflow) is below 0. ``lead_days``: how many
    days before the exit it came (None without an exit, or when it came after it)."""
    if not len(daily):
        return {"day": None, "lead_days": None, "window_days": WARNING_WINDOW_DAYS}
    flow = (daily["paid_in_fen"] - daily["stakes_refunded_fen"] - daily["withdrawn_fen"])
    week = flow.rolling(WARNING_WINDOW_DAYS, min_periods=1).sum().to_numpy()
    positive = np.flatnonzero(week > 0)
    day = None
    if positive.size:
        later = np.flatnonzero(week[positive[0]:] < 0)
        day = int(positive[0] + later[0]) if later.size else None
    lead = (collapse_day - day if day is not None and collapse_day is not None
            and collapse_day >= day else None)
    return {"day": day, "lead_days": lead, "window_days": WARNING_WINDOW_DAYS}


def _groups(parts: pd.DataFrame) -> dict:
    """The first tenth to join, the later half to join (by order of joining: robust whether
    growth saturated or was cut short), the uplines of ten or more and the members who
    recruited nobody, each on its own."""
    order = parts["id"].to_numpy()
    return {
        "first_tenth": _group(parts, order < max(1, int(np.ceil(len(parts) * 0.1)))),
        "last_half": _group(parts, order >= len(parts) // 2),
        "uplines_10plus": _group(parts, parts["downline_size"].to_numpy() >= 10),
        "no_downline": _group(parts, parts["downline_size"].to_numpy() == 0),
    }


_GROUP_COLUMNS = ("net_shop_fen", "net_told_fen", "net_cash_fen", "net_cost_fen",
                  "net_sticker_fen")


def _group(parts: pd.DataFrame, mask) -> dict:
    sub = parts[list(_GROUP_COLUMNS)][mask]  # only the columns read: the rows taken faster
    return {
        "members": int(mask.sum()),
        "share_losing_shop": _share(sub["net_shop_fen"] < 0),
        "share_losing_told": _share(sub["net_told_fen"] < 0),
        "share_losing_cash": _share(sub["net_cash_fen"] < 0),
        "share_losing_cost": _share(sub["net_cost_fen"] < 0),
        "share_losing_sticker": _share(sub["net_sticker_fen"] < 0),
        "median_net_shop_fen": _median_behind(sub["net_shop_fen"].to_numpy()),
        "median_net_shop_all_fen": int(round(sub["net_shop_fen"].median())) if len(sub) else 0,
        "lost_shop_fen": -int(sub["net_shop_fen"][sub["net_shop_fen"] < 0].sum()),
        "median_net_cash_fen": int(round(sub["net_cash_fen"].median())) if len(sub) else 0,
        "median_net_sticker_fen": int(round(sub["net_sticker_fen"].median())) if len(sub) else 0,
    }
