namespace Personalization.LoadTests.Runner;

/// <summary>What a scenario call can see about itself.</summary>
public sealed class ScenarioContext
{
    internal ScenarioContext(string scenarioName, int scenarioInstanceNumber, long invocationNumber, Random random, ScenarioLog log, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        ScenarioInstanceNumber = scenarioInstanceNumber;
        InvocationNumber = invocationNumber;
        Random = random;
        Log = log;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    /// <summary>
    /// Which copy of the scenario runs this call. No two calls that run at the same time share a number,
    /// so it can index per-copy state (a connection, a customer id range) without locking.
    /// </summary>
    public int ScenarioInstanceNumber { get; }

    /// <summary>Position of this call in the scenario's schedule, counting warm-up calls, from 0.</summary>
    public long InvocationNumber { get; }

    /// <summary>Belongs to this scenario instance, so it is never used by two calls at once.</summary>
    public Random Random { get; }

    public ScenarioLog Log { get; }

    /// <summary>Cancelled when the run reaches its deadline; pass it to every awaited call.</summary>
    public CancellationToken CancellationToken { get; }
}

/// <summary>What a scenario's init and clean steps can see.</summary>
public sealed class ScenarioInitContext
{
    internal ScenarioInitContext(string scenarioName, ScenarioLog log, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        Log = log;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    public ScenarioLog Log { get; }

    public CancellationToken CancellationToken { get; }
}
