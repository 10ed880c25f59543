"""Many runs: ``sweep`` (grids and samples on Dask), ``compare`` (a policy against the base on
common random numbers), ``robustness`` (the headline over the behavioural assumptions),
``ranges`` (``pingou run --seeds``: each headline figure with its range), ``discover`` (PRIM
on a sweep), ``meanfield`` (recruitment against independent mean-field equations,
docs/meanfield.md)."""
