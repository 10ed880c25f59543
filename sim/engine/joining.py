"""What a member is given on the day they join: tiers, a gift package, a region's agency, a
price zone (RULEBOOK §1.1, §3.2, §10.3, §11).

The sources do not say how anyone becomes V1/V2, a store owner or an agent (A1): here tiers are
static, drawn at joining with the scenario's shares; a gift package sets the identity and the
matching team tier (A40); with ``regional.agents`` on, the first member to join a district,
city or province becomes its agent, and an agent package makes its buyer the agent of their
district if it has none yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.money import share

PACKAGES = ((1, "vip"), (2, "special"), (3, "cofounder"), (4, "agent"))  # identity, field prefix
PACKAGE_TIER = np.array([0, 1, 2, 3, 0], dtype=np.int8)  # team tier a package confers (A40)


@dataclass
class Geography:
    """Districts (the recruitment regions) grouped into cities and provinces, with agents."""

    districts_per_city: int
    cities_per_province: int
    district_agent: np.ndarray
    city_agent: np.ndarray
    province_agent: np.ndarray

    @classmethod
    def build(cls, sc) -> "Geography":
        d = sc.recruitment.regions
        dpc, cpp = sc.regional.districts_per_city, sc.regional.cities_per_province
        cities = -(-d // dpc)
        provinces = -(-cities // cpp)
        return cls(dpc, cpp, np.full(d, -1, dtype=np.int64), np.full(cities, -1, dtype=np.int64),
                   np.full(provinces, -1, dtype=np.int64))

    def city_of(self, district):
        return district // self.districts_per_city

    def province_of(self, district):
        return self.city_of(district) // self.cities_per_province

    def claim(self, agents: np.ndarray, area: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Make the first of ``ids`` in each area without an agent its agent; return them."""
        first_area, first = np.unique(area, return_index=True)
        free = agents[first_area] < 0
        agents[first_area[free]] = ids[first[free]]
        return ids[first[free]]


def _tiers(rng, k: int, shares: tuple[float, float, float]) -> np.ndarray:
    u = rng.random(k)
    s1, s2, s3 = shares
    tier = np.zeros(k, dtype=np.int8)
    tier[u < s1 + s2 + s3] = 1
    tier[u < s2 + s3] = 2
    tier[u < s3] = 3
    return tier


def on_join(model, ids: np.ndarray) -> None:
    """Give the members ``ids`` (who joined today) their tiers, package, agency and zone."""
    sc, m = model.scenario, model.members
    if ids.size == 0:
        return
    rng = model.streams.tiers
    t, st = sc.team, sc.store
    if t.tier1_share or t.tier2_share or t.tier3_share:
        m.team_tier[ids] = _tiers(rng, ids.size, (t.tier1_share, t.tier2_share, t.tier3_share))
    if st.tier1_share or st.tier2_share or st.tier3_share:
        m.store_tier[ids] = _tiers(rng, ids.size, (st.tier1_share, st.tier2_share, st.tier3_share))
    buy_packages(model, ids)
    g = model.geography
    if g is not None and sc.regional.agents:
        district = m.region[ids].astype(np.int64)
        for agents, area in ((g.district_agent, district), (g.city_agent, g.city_of(district)),
                             (g.province_agent, g.province_of(district))):
            made = g.claim(agents, area, ids)
            m.identity[made[m.identity[made] == 0]] = 4
    assign_zones(model, ids)


def buy_packages(model, ids: np.ndarray) -> None:
    """Gift packages bought on joining (RULEBOOK §11): each newcomer picks a package by the
    scenario's shares and buys it if their budget allows; the buyer pays from outside and gets
    the identity, the goods and (for an agent package) their district's agency; the referral
    commission is paid later today (:class:`Referrals`)."""
    who, identity, price = choose_packages(model, ids)
    if who.size == 0:
        return
    m, led, p = model.members, model.ledger, model.params
    m.identity[who] = identity
    m.team_tier[who] = np.maximum(m.team_tier[who], PACKAGE_TIER[identity])
    led.move("gift_package", "pocket", "platform_cash", price, src_who=who, unique=True)
    # the goods, at cost to the supplier, rounded down per package (the platform pays the
    # supplier no fraction of a fen); prices and the cost ratio come converted from Params
    cost = share(price, p.package_cost_ppm)
    led.move("gift_goods", "platform_cash", "suppliers", int(cost.sum()))
    m.goods_cost[who] += cost
    m.goods_sticker[who] += price
    model.referrals.sold(who, price)
    agents = who[identity == 4]
    geo = model.geography
    if agents.size and geo is not None:
        geo.claim(geo.district_agent, m.region[agents].astype(np.int64), agents)


def choose_packages(model, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who of ``ids`` buys a package: (buyers, the identity each buys, its price in fen)."""
    g, p = model.scenario.gift, model.params
    empty = np.empty(0, dtype=np.int64)
    shares = [getattr(g, f"{name}_share") for _, name in PACKAGES]
    if not any(shares) or not any(p.package_price):
        return empty, empty.astype(np.int8), empty
    u = model.streams.gift.random(ids.size)
    identity = np.zeros(ids.size, dtype=np.int8)
    edge = 0.0
    for (i, _), s in zip(PACKAGES, shares):
        identity[(u >= edge) & (u < edge + s)] = i
        edge += s
    price = np.asarray(p.package_price, dtype=np.int64)[identity]
    buys = (identity > 0) & (price > 0) & (model.members.budget[ids] >= price)
    return ids[buys], identity[buys], price[buys]


@dataclass
class Referrals:
    """Gift packages sold today whose referral commissions are still to be paid: they are paid
    once today's players have taken part (:func:`sim.engine.groups.take_part`), so an upline
    who plays later today counts as a valid promoter (RULEBOOK §8)."""

    buyers: list = field(default_factory=list)
    prices: list = field(default_factory=list)

    def sold(self, who: np.ndarray, price: np.ndarray) -> None:
        self.buyers.append(who)
        self.prices.append(price)

    def pay(self, model) -> int:
        """Pay the referral commissions of today's packages (RULEBOOK §11, A41) to uplines who
        hold a package identity and, where the scheme requires it, are valid promoters today;
        return the total paid."""
        if not self.buyers:
            return 0
        m, led, day = model.members, model.ledger, model.day
        who, price = np.concatenate(self.buyers), np.concatenate(self.prices)
        self.buyers, self.prices = [], []
        total = 0
        for level, uplines, rate_ppm in ((1, m.upline[who], model.params.referral_ppm[0]),
                                         (2, m.upline2[who], model.params.referral_ppm[1])):
            amount = share(price, rate_ppm)
            safe = np.maximum(uplines, 0)
            ok = (uplines >= 0) & (amount > 0) & (m.identity[safe] > 0)
            if model.params.require_promoter:
                ok &= m.promoter_until[safe] >= day
            to = uplines[ok].astype(np.int64)
            if to.size:
                moved = led.move("commission_gift", "issuer", "wallet", amount[ok], dst_who=to)
                led.note_level("commission_gift", level, moved)
                total += moved
        return total


def assign_zones(model, ids: np.ndarray) -> None:
    """A home price zone per member (RULEBOOK §3.2): large prepaid members (A11) in the large
    zones, the others in a standard zone they can afford ten stakes of, chosen by weight."""
    z, m = model.scenario.zones, model.members
    stakes = model.zone_stakes
    n_std = len(z.stakes_yuan) or 1
    if len(stakes) == 1:
        return
    rng = model.streams.zones
    budget = m.budget[ids]
    weights = np.asarray(z.weights or [1.0] * n_std, dtype=np.float64)
    std = np.asarray(stakes[:n_std], dtype=np.int64)
    ok = (budget[:, None] >= 10 * std[None, :]) & (weights[None, :] > 0)
    ok[~ok.any(axis=1), int(np.argmin(std))] = True  # nobody is left without a zone
    w = ok * weights[None, :]
    cum = np.cumsum(w, axis=1)
    pick = (rng.random(ids.size)[:, None] * cum[:, -1:] < cum).argmax(axis=1)
    m.zone[ids] = pick
    if z.large_stakes_yuan:
        large = model.large_members[ids]
        if large.any():
            big = np.asarray(stakes[n_std:], dtype=np.int64)
            lb = budget[large]
            fits = lb[:, None] >= 10 * big[None, :]
            best = np.where(fits.any(axis=1), fits.shape[1] - 1 - np.argmax(fits[:, ::-1], axis=1), 0)
            m.zone[ids[large]] = n_std + best
