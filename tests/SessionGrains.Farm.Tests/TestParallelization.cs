// Each test class starts a farm of real processes and the fault run measures recovery times: on a two-core machine,
// two farms at once would make those timings meaningless, so the classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
