using Microsoft.Extensions.Options;
using Personalization.Console.Hosting;
using Personalization.Customers;
using Personalization.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, SiloHosting.CommandLineSwitches);
builder.AddPersonalizationSilo();
builder.AddPersonalizationApi();
builder.AddPersonalizationSecurity();
builder.AddPersonalizationConsole();
builder.AddPersonalizationObservability();

var app = builder.Build();
app.MapPersonalizationApi();
app.UsePersonalizationSecurity();
app.MapPersonalizationConsole();
app.MapPersonalizationObservability();
app.Logger.LogInformation(
    "Customer changes are answered {Durability}",
    app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.CustomerDurability switch
    {
        DurabilityMode.Acknowledged => "once they are written to storage (Acknowledged)",
        DurabilityMode.Buffered => "at once and written within Storage:FlushInterval (Buffered)",
        _ => "at once and written when a customer's activation ends (OnDeactivation; the default for in-memory storage, which dies with the process anyway)",
    });
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
