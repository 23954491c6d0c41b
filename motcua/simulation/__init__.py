"""The dossier generator (a tool, not part of the running system; only management commands and
`bench/` import it, an import-linter contract keeps it so).

Realistic dossier histories for demos, reports and benchmarks (`manage.py generate_dossiers`).

Three parts:

- `world`: what the database offers (agencies with published procedures that have a time limit,
  their process definitions and requirements, each process's steps from `dossiers.steps.planned_steps`,
  the walk `steps.instantiate` uses) plus a small team of generated officers per agency
  (`gen.<agency code>.<role>`: desk officer, specialist, unit head, leader) who act in the histories.
- `history`: the history model. A deterministic stream (seed, reference time `until`, number of
  days) of intakes in chronological order, and for each one a *story*: every action with its time
  and actor, simulated on the same calendar arithmetic the services use (`promised_time`,
  `steps.step_due`, the workcal calendars), so the story also knows every row the services would
  write. Actions later than `until` are cut off, which leaves recent dossiers open.
- Two writers of the same stories: `replay` drives the real services (the reference, slow) and
  `bulk` writes the simulated rows in batches (COPY on PostgreSQL, `bulk_create` elsewhere).
  `simulation/tests/test_equivalence.py` proves both write the same rows.
- `staging`: for the demo, dossiers written through the services at chosen instants so that each
  named officer's queue shows every colour at the reference instant.

Both writers skip the side effects of the services: no PDF form is rendered and no notification is
queued (the services path runs inside `effects.suspended()`), and no file is stored for papers.
"""
