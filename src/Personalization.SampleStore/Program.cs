using Personalization.Client;
using Personalization.SampleStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddPersonalizationClient();
builder.Services.AddAntiforgery();
builder.Services.AddHealthChecks().AddPersonalizationCluster();

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapStorefront();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
