"""referatarkiv's tests: one folder per room of the package (tests/readers/ for referatarkiv/readers/, …);
whole-repository checks (import layers, the sample content, the publishing workflow) at the top."""
