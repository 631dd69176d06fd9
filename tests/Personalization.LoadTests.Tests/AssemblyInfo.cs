// The runner tests measure real time; run one at a time so they do not steal each other's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
