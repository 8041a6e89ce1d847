"""Creating and changing records: the library behind `lpsc member|meeting|case|plan|... add/new/<verb>`.

Each function takes a loaded `Repository`, a small frozen dataclass of fields and
`WriteOptions`, and returns a `WriteResult` (the file, its text, the commit). Problems that
stop a write are `RecordError`s carrying the same findings `lpsc check` would print; values
that cannot be read are `UsageError`s. Nothing here prompts, prints or reads the clock.

    from lpsc_cli.editing import cases, core
    result = cases.screen(repo, "case-2025-004", cases.Screening(date="2025-02-14", outcome="eligible"),
                          options=core.WriteOptions())
    print(result.file, result.commit.describe())

Modules: `core` (create, change, validate, write, commit), `values` (reading option values),
`people` (institutions, members), `meetings`, `cases`, `plans`, `trainings`, `reports`, and
`sealing` (member keys, sealed notes, resealing).

Extension point for sealed data: every case step takes `finish`, a function that receives the
editable document last (after the step's own change, before the checks and the write), e.g. to
add or re-encrypt the `sealed` block.

The package itself imports nothing: `values` is light enough for the command line to read
without loading YAML, schemas or git.
"""
