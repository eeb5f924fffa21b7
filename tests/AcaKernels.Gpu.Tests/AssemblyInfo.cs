// The tests share one ILGPU device per backend (see TestBackends.Device) and the CI machine has two cores: run the
// test classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
