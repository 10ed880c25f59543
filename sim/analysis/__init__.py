"""Reading a run: who lost money (``who_lost``), how long it lasted and what its rules drew
(``lasted``), the legal red flags (``redflags``), the brochure's arithmetic checked
(``brochure``, against the sellers' ``published`` figures), rank correlations over runs
(``ranks``).

Analysis reads the engine's results and never changes them; it draws nothing (no matplotlib,
no jinja2).
"""

from sim.analysis.who_lost import (  # noqa: F401  (0.2.0's ``sim.analysis`` names)
    activity_end_day, cohorts_table, downline_sizes, participants_table, recruitment_peak_day,
    summary_dict)
from sim.analysis.lasted import lasted_figures  # noqa: F401,E402  (summary.json's "lasted")
