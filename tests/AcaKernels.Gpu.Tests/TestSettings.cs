// One test class at a time: the ILGPU CPU accelerator and PoCL each run a kernel on every core already, so
// classes in parallel only contend (CI has 2 cores) and make a crash harder to pin on one test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
