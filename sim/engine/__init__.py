"""The engine: members as arrays, one ledger, and the day's mechanisms.

:mod:`~sim.engine.model` holds :class:`SchemeModel`, whose ``step()`` is one day in the order of
MODEL.md §1; each phase is a module here:

1. recruit: ``recruitment`` (invitations), ``funnel`` (the 7+21 of 怎么做社交电商怎么起步), ``fund`` (a classic
   Ponzi fund's deposits), ``joining`` (tiers, gift packages, agents, price zones);
2. decide: ``decisions``;
3. queue and draw: ``groups`` (queues and uniform draws), ``hidden`` (the hidden rules),
   ``draws`` (one zone's groups);
4. settle each draw: ``release`` (shopping gold draw after draw: dynamic release 1, the
   winners' credit, dynamic release 2), ``settlement`` (stakes, goods, refunds, rewards, pools;
   the day's :class:`~sim.engine.settlement.DrawTotals`), ``commissions`` (the commission
   layers);
5. night: ``night`` (daily dividend, static release), ``calendar`` (the points pool's month);
6. withdraw: ``withdrawals``;
7. operator: ``operator`` (extraction, exit), ``policy`` (the levers);
8. record: ``ledger`` (the only place money moves, and the daily check).

``members`` holds the member arrays, ``arrays`` the indexed-add helpers and the waves. The engine imports the
scheme, :mod:`sim.money` and :mod:`sim.rng`; never analysis, outputs, experiments or commands.
"""
