// PoCL builds each kernel with clang (seconds) and runs on the same two cores as the tests: one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
