// Every test here runs real processes (Redis, silos, front ends) and some measure failover times: on a two-core
// machine, two such tests at once would make each other's timings meaningless, so the classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
