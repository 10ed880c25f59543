"""Step 1 of the day: recruitment by peer invitation, and the stall (MODEL.md §2).

Every valid promoter (RULEBOOK §8) sends invitations at ``invite_rate`` a day; an invited
person who has not joined yet joins with probability ``conversion`` and the inviter becomes the
direct upline. On a network, ``recruitment.effort`` says whether that rate is the same for
every promoter (``'per-promoter'``, the default) or grows with their contacts
(``'per-contact'``, below). From ``stall_day`` on, recruitment is multiplied by
``stall_factor``. Where the invitations go depends on ``network.kind``:

``well-mixed`` (no network)
    An invitation lands on anyone; on someone who has not joined yet with probability equal to
    the share of the population not yet joined, so growth saturates globally. The number of
    joiners per promoter is Poisson (an independent thinning of a Poisson number of
    invitations).
A social network (:mod:`sim.engine.network`, built once when the run starts)
    With ``network.refusals = 'remembered'`` (the default), each promoter sends a Poisson
    number of invitations with mean ``invite_rate`` (times the stall's factor), whatever their
    number of contacts k; with ``recruitment.effort = 'per-contact'``, with mean
    ``invite_rate * k / network.mean_contacts`` (for ``network.kind = 'file'``, over the
    network's own mean number of contacts instead: :func:`effort_mean`), a rate per link as in
    Zhu et al.'s epidemic-type models, so a hub invites more, and a promoter with no contact
    sends nothing, not even to strangers. Each goes to one of the promoter's own contacts who
    has not joined yet and whom the promoter has not asked before, uniformly among them
    (:meth:`Network.sample_link`; the same contact drawn twice by one promoter on one day is
    asked once), or, with probability ``network.outside_reach``, to anyone not yet in (a
    stranger reached by advertising). The person asked joins with probability ``conversion``,
    the inviter their upline; a contact who says no is never asked by that promoter again
    (``model.refused``, one flag per link), though their other contacts in the scheme may ask.
    Each contact is thus one chance, as in the independent cascade model (Kempe, Kleinberg and
    Tardos 2003), and growth stops by itself when the members' contacts are all in or have
    said no: not everyone is reached.
    With ``'forgotten'``, only the successful invitations are drawn (Poisson with mean
    ``invite_rate * conversion``, times k over the mean under ``'per-contact'``), each to a
    contact not yet in (:meth:`Network.sample_contact`), so anyone a member knows joins in
    the end.
    Either way an invitation by a promoter with no contact left to ask is lost: saturation is
    local, a member whose contacts are all in recruits nobody, however eager. A person invited
    more than once on the same day joins once, the upline drawn at random among those who
    invited them. Founders, the funnel's converts and a fund's depositors are people drawn
    uniformly among those not yet in.

The people of the population are the network's nodes; ``members.person`` maps each member
(row) to their person, ``model.row_of_person`` each person to their row (-1 while not in; None
for well-mixed, where a member's person is their row). On the day a member joins,
``members.contacts`` gets the person's number of contacts (population - 1 when well mixed) and,
once the day's recruitment is over (:func:`note_joins`), ``contacts_outside_at_join`` the
number of them not in by the end of that day (everyone not yet in when well mixed).
"""

from __future__ import annotations

import numpy as np

from sim.engine import network as nw
from sim.engine.funnel import funnel_arrivals, pay_task_rewards
from sim.engine.joining import on_join
from sim.engine.members import ACTIVE
from sim.engine.policy import active_from
from sim.scheme.scenario import ScenarioError


#: The largest budget a member may have, fen (10^16 yuan). No member can spend more in any
#: valid run: at most 1,000 seats a day (draw.daily_cap) at the largest stake (10^9 yuan, a
#: large zone's) for 3,650 days is 3.65 * 10^17 fen, plus four gift packages of at most 10^7
#: yuan. So capping a budget here changes nothing a member does; it only keeps a far tail of
#: the log-normal (a median of 10^8 yuan with sigma 5) from overflowing int64 fen, where it
#: would wrap to a large negative number.
BUDGET_CAP_FEN = 10**18


def as_budgets(draws: np.ndarray) -> np.ndarray:
    """Log-normal draws (fen, float) as whole-fen budgets: rounded, capped at
    :data:`BUDGET_CAP_FEN` (before the conversion, so nothing wraps)."""
    return np.round(np.clip(draws, 0, BUDGET_CAP_FEN)).astype(np.int64)


def draw_budgets(model, k: int) -> np.ndarray:
    b = model.scenario.behaviour
    rng = model.streams.budget
    budgets = rng.lognormal(mean=np.log(model.params.budget_median), sigma=b.budget_sigma, size=k)
    return as_budgets(budgets)


def build_network(model) -> tuple[nw.Network, np.ndarray | None]:
    """The social network among the addressable population (``scenario.network``), built from
    the run's seed (the 'network' stream), and the row of each person (all -1: nobody is in
    yet; None for well-mixed). A network that cannot be built (a file that cannot be read) is
    refused with :class:`ScenarioError`'s one line."""
    sc = model.scenario
    cfg, n = sc.network, sc.run.participants
    shape = {name: getattr(cfg, name) for name in nw.SHAPE[cfg.kind]}
    try:
        network = nw.build(cfg.kind, n, cfg.mean_contacts, shape, seed=sc.run.seed)
    except nw.NetworkError as exc:
        raise ScenarioError(str(exc)) from None
    if network.n != n:  # pragma: no cover - build() gives n people, a file's too
        raise ScenarioError(f"network: {network.n:,} people for a population of {n:,}")
    return network, (None if network.well_mixed else np.full(n, -1, dtype=np.int32))


def not_in(model) -> np.ndarray:
    """Per person, whether they have not joined yet (a network; a bool array over people)."""
    return model.row_of_person < 0


def strangers(model, k: int) -> np.ndarray:
    """``k`` distinct people drawn uniformly among those not yet in (a network; ``k`` at most
    the room left)."""
    pool = np.flatnonzero(not_in(model))
    pick = model.streams.people.choice(pool.size, size=k, replace=False)
    return pool[pick].astype(np.int32)


def note_joins(model, first: int) -> None:
    """Members ``first`` onwards joined today: their contacts still outside once the day's
    recruitment is over (``contacts_outside_at_join``)."""
    m = model.members
    if m.count == first:
        return
    if model.row_of_person is None:
        m.contacts_outside_at_join[first:m.count] = m.capacity - m.count
        return
    people = m.person[first:m.count]
    m.contacts_outside_at_join[first:m.count] = model.network.count_among(people, not_in(model))


def admit(model, day: int, upline: np.ndarray, region: np.ndarray,
          people: np.ndarray | None = None) -> np.ndarray:
    """Add new members with these uplines and regions, the people ``people`` of the population
    (with a network and ``people`` None: people drawn among those not yet in,
    :func:`strangers`); draw their budgets (large prepaid customers, A11, from their own
    distribution) and give them what joining gives (:func:`sim.engine.joining.on_join`).
    Return their ids."""
    sc, m = model.scenario, model.members
    k = int(upline.size)
    budgets = draw_budgets(model, k)
    z = sc.zones
    large = None
    if z.large_prepaid_share > 0:
        rng = model.streams.zones
        large = rng.random(k) < z.large_prepaid_share
        big = rng.lognormal(np.log(model.params.large_budget_median), sc.behaviour.budget_sigma, k)
        budgets = np.where(large, as_budgets(big), budgets)
    if model.row_of_person is not None and people is None:
        people = strangers(model, k)
    ids = m.add(k, day, upline, region, budgets, sc.behaviour.trust_initial, person=people)
    if model.row_of_person is None:
        m.contacts[ids] = m.capacity - 1
    else:
        model.row_of_person[people] = ids
        m.contacts[ids] = model.network.degree(people)
    if large is not None:
        model.large_members[ids] = large
    on_join(model, ids)
    return ids


def founders_count(population: int, share_ppm: int, at_least: int) -> int:
    """Members on day 0: ``share_ppm`` parts per million of the population, rounded up, and,
    when that share is above 0, at least ``at_least`` of them; never more than the
    population."""
    if share_ppm <= 0:
        return 0
    return min(max(-(-population * share_ppm // 1_000_000), at_least), population)


def founders(model) -> int:
    """Members on day 0 (:func:`founders_count` of ``founders_share`` and ``founders_min``)."""
    return founders_count(model.members.capacity, model.params.founders_ppm,
                          model.params.founders_min)


def recruit(model) -> int:
    """Add today's new members; return how many were recruited (founders do not count)."""
    sc, m, day = model.scenario, model.members, model.day
    rec = sc.recruitment
    if day == 0:
        k = founders(model)
        if k == 0:
            return 0
        region = model.streams.regions.integers(0, rec.regions, size=k)
        admit(model, day, np.full(k, -1, dtype=np.int64), region)
        return 0
    room = m.capacity - m.count
    if room <= 0 or model.collapsed:
        return 0
    factor = rec.stall_factor if (rec.stall_day is not None and day >= rec.stall_day) else 1.0
    if active_from(sc.policy.crackdown_day, day):  # policy lever: recruiting banned
        factor = 0.0
    joined = 0
    upline, region = funnel_arrivals(model, factor)  # the 7+21 funnel of 怎么做社交电商怎么起步 (RULEBOOK §2)
    if upline.size:
        upline, region = upline[:room], region[:room]
        ids = admit(model, day, upline, region)
        pay_task_rewards(model, ids)
        joined = int(ids.size)
        room -= joined
        if room <= 0:
            return joined
    # invitations sent yesterday by the then-valid promoters land today
    promoters = np.flatnonzero((m.view("promoter_until") >= day - 1) & (m.view("status") == ACTIVE))
    if promoters.size == 0 or factor == 0.0:
        return joined
    if model.row_of_person is not None:
        return joined + invite_along_network(model, promoters, factor)
    lam = rec.invite_rate * factor * rec.conversion * (room / m.capacity)
    joins = model.streams.recruitment.poisson(lam, size=promoters.size)
    inviters = np.repeat(promoters, joins)
    if inviters.size > room:  # more successful invitations than people left: keep a random few
        keep = np.sort(model.streams.recruitment.choice(inviters.size, size=room, replace=False))
        inviters = inviters[keep]
    k = int(inviters.size)
    if k:
        admit(model, day, inviters, m.region[inviters])
    return joined + k


def effort_mean(model) -> float:
    """The number of contacts at which a promoter sends ``invite_rate`` a day under
    ``recruitment.effort = 'per-contact'``: ``network.mean_contacts``, or for
    ``network.kind = 'file'`` the network's own mean (contact ends per person, counting the
    people the file does not name; 1 if it has no link, where nobody has a contact)."""
    net = model.network
    if net.kind != "file":
        return float(model.scenario.network.mean_contacts)
    return net.neighbours.size / net.n if net.neighbours.size else 1.0


def invite_along_network(model, promoters: np.ndarray, factor: float) -> int:
    """Today's invitations of ``promoters`` along the network (the module's docstring); return
    how many joined."""
    rec, cfg, m = model.scenario.recruitment, model.scenario.network, model.members
    rng, net = model.streams.invitations, model.network
    remembered = model.refused is not None
    # 'remembered': every invitation is drawn and then answered; 'forgotten': only the yeses
    rate = rec.invite_rate * factor * (1.0 if remembered else rec.conversion)
    if rec.effort == "per-contact":  # a rate per link: the mean per promoter, by their contacts
        count = rng.poisson(rate * m.contacts[promoters] / effort_mean(model))
    else:  # the same rate for every promoter
        count = rng.poisson(rate, size=promoters.size)
    inviters = np.repeat(promoters, count)
    if inviters.size == 0:
        return 0
    outside = not_in(model)
    target = np.full(inviters.size, -1, dtype=np.int64)
    stranger = rng.random(inviters.size) < cfg.outside_reach
    contact = ~stranger
    if remembered:
        link = np.full(inviters.size, -1, dtype=np.int64)
        if contact.any():
            asking = m.person[inviters[contact]]
            link[contact] = net.sample_link(asking, rng, outside, closed_links=model.refused,
                                            skip=model.asked_everyone)
            # nobody left to ask today: nobody ever again (people only join, and a no stays)
            model.asked_everyone[asking[link[contact] < 0]] = True
        drawn = np.flatnonzero(link >= 0)
        _, once = np.unique(link[drawn], return_index=True)
        again = np.ones(drawn.size, dtype=bool)
        again[once] = False
        link[drawn[again]] = -1  # the same contact drawn twice by one promoter today: one ask
        target[link >= 0] = net.neighbours[link[link >= 0]]
    elif contact.any():
        target[contact] = net.sample_contact(m.person[inviters[contact]], rng, eligible=outside)
    if stranger.any():
        pool = np.flatnonzero(outside)
        target[stranger] = pool[rng.integers(0, pool.size, size=int(stranger.sum()))]
    if remembered:  # each one asked answers: yes with probability conversion
        yes = rng.random(inviters.size) < rec.conversion
        model.refused[link[~yes & (link >= 0)]] = True
        target[~yes] = -1
    reached = target >= 0
    inviters, target = inviters[reached], target[reached]
    # a person invited twice today joins once, with an upline drawn among their inviters
    order = rng.permutation(target.size)
    _, first = np.unique(target[order], return_index=True)
    keep = np.sort(order[first])
    inviters = inviters[keep]
    if inviters.size:
        admit(model, model.day, inviters, m.region[inviters], people=target[keep])
    return int(inviters.size)
