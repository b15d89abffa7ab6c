"""The single source and what is generated from it: ``assignment.toml`` (``assignment``),
solution markers (``markers``), the student release (``release``), mutants and alternatives
as submissions (``variants``), and a student's own ``medl check`` (``check``)."""
