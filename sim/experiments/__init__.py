"""Many runs: ``sweep`` (grids and samples on Dask), ``compare`` (a policy against the base on
common random numbers), ``robustness`` (the headline over the behavioural assumptions)."""
