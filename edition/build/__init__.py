"""``edition build``: the plan, the per-document tasks and where they run, the manifest of outputs."""
