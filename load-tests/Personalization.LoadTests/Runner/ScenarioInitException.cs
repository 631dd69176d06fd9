namespace Personalization.LoadTests.Runner;

/// <summary>A scenario's init step failed, so the run was abandoned before any load was sent.</summary>
public sealed class ScenarioInitException(string scenarioName, Exception innerException)
    : Exception($"init of scenario '{scenarioName}' failed: {innerException.Message}", innerException)
{
    public string ScenarioName { get; } = scenarioName;
}
