using Personalization.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, SiloHosting.CommandLineSwitches);
builder.AddPersonalizationSilo();
builder.AddPersonalizationApi();
builder.AddPersonalizationObservability();

var app = builder.Build();
app.MapPersonalizationApi();
app.MapPersonalizationObservability();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
