"""The linting side of verification: which relations are claims, their context and hypotheses, the jobs, the CAS pool and its cache."""
