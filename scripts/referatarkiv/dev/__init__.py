"""Developer tools: benchmarks, synthetic archives, adversarial inputs, the accessibility check.

Not part of the pipeline and never imported by it; they call the stages and the build from
outside, as a developer would. ``referatarkiv bench …`` (cli.py) runs the benchmarks.

- :mod:`.bench` — ``referatarkiv bench parse|build`` (parser throughput and linearity; a full
  build stage by stage, and one incremental build);
- :mod:`.bench_search` — ``referatarkiv bench search`` (both search engines: index and bytes to
  the first result, in Chromium);
- :mod:`.bench_adversarial` — inputs that were slow to parse, and their timings
  (``python -m referatarkiv.dev.bench_adversarial``);
- :mod:`.synth` — synthetic archives and single large referater for benchmarks and tests;
- :mod:`.a11y` — axe-core and self-containment report for a built site
  (``python -m referatarkiv.dev.a11y site/``).
"""
