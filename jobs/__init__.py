"""The scheduler and its jobs: each job module is a thin call into a service."""
